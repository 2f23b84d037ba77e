using DumpFramework.Abstractions;
using DumpFramework.Host.Tests.Filters.TestSupport;

namespace DumpFramework.Host.Tests.Filters;

/// <summary>The IEEE 1619-2007 XTS-AES vectors, run through the real built dumpfve plugin's DumpWrite and DumpRead.</summary>
[TestClass]
public sealed class FveDumpFilterVectorTests
{
    private const long OneMiB = 1 << 20;

    [TestMethod]
    [DataRow(4)]
    [DataRow(5)]
    [DataRow(6)]
    [DataRow(7)]
    [DataRow(8)]
    [DataRow(9)]
    [DataRow(10)]
    [DataRow(11)]
    [DataRow(12)]
    [DataRow(13)]
    [DataRow(14)]
    public void Write_substitutes_the_vector_ciphertext_for_the_sector_numbered_by_its_data_unit(int number)
    {
        var vector = Ieee1619XtsVectors.Get(number);

        // The dump partition is the encrypted volume: partition offset = volume offset, so sector = offset / 512.
        using var bench = FveBench.Initialized(FveBench.Hex(vector.Key), volumeOffset: "1 MiB", partitionOffset: OneMiB);
        var (status, write) = bench.Write(checked((long)vector.DataUnit * 512), vector.PlaintextBytes);

        Assert.AreEqual(NtStatus.Success, status, bench.LastError);
        Assert.IsNotNull(write.SubstituteBuffer, "the filter did not substitute its buffer");
        Assert.AreEqual(vector.Ciphertext, Convert.ToHexStringLower(bench.DataOf(write)));
        Assert.AreEqual(checked((long)vector.DataUnit * 512), write.DiskByteOffset, "the filter moved the write");
    }

    [TestMethod]
    [DataRow(4)]
    [DataRow(5)]
    [DataRow(6)]
    [DataRow(7)]
    [DataRow(8)]
    [DataRow(9)]
    [DataRow(10)]
    [DataRow(11)]
    [DataRow(12)]
    [DataRow(13)]
    [DataRow(14)]
    public void Read_decrypts_the_vector_ciphertext_in_place(int number)
    {
        var vector = Ieee1619XtsVectors.Get(number);
        using var bench = FveBench.Initialized(FveBench.Hex(vector.Key));
        byte[] data = vector.CiphertextBytes;

        var status = bench.Read(checked((long)vector.DataUnit * 512), data);

        Assert.AreEqual(NtStatus.Success, status, bench.LastError);
        Assert.AreEqual(vector.Plaintext, Convert.ToHexStringLower(data));
    }

    [TestMethod]
    [DataRow(4, 5, 6)]
    [DataRow(7, 8, 9)]
    public void A_multi_sector_write_encrypts_each_sector_with_its_own_data_unit(int first, int second, int third)
    {
        // The standard's consecutive vectors (data units 0,1,2 and 0xfd,0xfe,0xff) as one three-sector write.
        var vectors = new[] { first, second, third }.Select(Ieee1619XtsVectors.Get).ToArray();
        using var bench = FveBench.Initialized(FveBench.Hex(vectors[0].Key));

        var (status, write) = bench.Write(checked((long)vectors[0].DataUnit * 512), [.. vectors.SelectMany(v => v.PlaintextBytes)]);

        Assert.AreEqual(NtStatus.Success, status, bench.LastError);
        Assert.AreEqual(string.Concat(vectors.Select(v => v.Ciphertext)), Convert.ToHexStringLower(bench.DataOf(write)));
    }

    [TestMethod]
    public void The_data_unit_counts_sectors_from_the_volume_start_not_from_the_partition()
    {
        // Volume at 1 MiB on the disk, dump partition at 2 MiB: partition offset o is disk byte 2 MiB + o, which is
        // volume sector (1 MiB + o) / 512.
        var vector = Ieee1619XtsVectors.Get(11);
        using var bench = FveBench.Initialized(FveBench.Hex(vector.Key), volumeOffset: "1048576", partitionOffset: 2 * OneMiB);
        long partitionOffset = checked((long)vector.DataUnit * 512) - OneMiB;

        var (status, write) = bench.Write(partitionOffset, vector.PlaintextBytes);
        byte[] readBack = vector.CiphertextBytes;
        var readStatus = bench.Read(partitionOffset, readBack);

        Assert.AreEqual(NtStatus.Success, status, bench.LastError);
        Assert.AreEqual(vector.Ciphertext, Convert.ToHexStringLower(bench.DataOf(write)));
        Assert.AreEqual(NtStatus.Success, readStatus, bench.LastError);
        Assert.AreEqual(vector.Plaintext, Convert.ToHexStringLower(readBack));
    }
}
