using System.Security.Cryptography;
using DumpFramework.Abstractions;
using DumpFramework.Host.Tests.Filters.TestSupport;

namespace DumpFramework.Host.Tests.Filters;

/// <summary>
/// dumpfve's XTS data unit is the volume's sector, as BitLocker encrypts it: 512 bytes on a 512n/512e disk, 4096 on a
/// 4Kn disk, numbered from the volume's start. Every ciphertext is checked against the tests' own XTS-AES
/// (<see cref="ReferenceXtsAes"/>), never against the plugin's code.
/// </summary>
[TestClass]
public sealed class FveDataUnitTests
{
    private const long MiB = 1L << 20;

    private static readonly byte[] Key128 = Convert.FromHexString(Ieee1619XtsVectors.Get(4).Key);

    private static readonly byte[] Key256 = Convert.FromHexString(Ieee1619XtsVectors.Get(10).Key);

    [TestMethod]
    public void The_reference_implementation_reproduces_the_ieee_1619_vectors()
    {
        // The oracle is only as good as this: every published 512-byte-unit vector, both directions.
        foreach (var vector in Ieee1619XtsVectors.All)
        {
            using var reference = new ReferenceXtsAes(vector.KeyBytes, 512);
            Assert.AreEqual(vector.Ciphertext, Convert.ToHexStringLower(reference.Encrypt(vector.PlaintextBytes, vector.DataUnit)), $"vector {vector.Number}");
            Assert.AreEqual(vector.Plaintext, Convert.ToHexStringLower(reference.Decrypt(vector.CiphertextBytes, vector.DataUnit)), $"vector {vector.Number}");
        }
    }

    [TestMethod]
    [DataRow(512, 128)]
    [DataRow(512, 256)]
    [DataRow(4096, 128)]
    [DataRow(4096, 256)]
    public void A_multi_sector_write_is_xts_with_one_data_unit_per_sector_numbered_from_the_volume(int sectorSize, int keyBits)
    {
        byte[] key = keyBits == 128 ? Key128 : Key256;

        // Volume at 1 MiB, dump partition at 3 GiB; a 256 KiB write (64 or 512 sectors, more than one of the filter's
        // internal runs) at partition offset 20 GiB, whose first sector number does not fit in 32 bits for 512-byte
        // sectors, and exercises the tweak's higher bytes for 4 KiB ones.
        const long volumeOffset = MiB;
        const long partitionOffset = 3L << 30;
        const long writeOffset = 20L << 30;
        using var bench = FveBench.Initialized(FveBench.Hex(Convert.ToHexStringLower(key)), volumeOffset: "1 MiB", partitionOffset: partitionOffset, maxPagesPerWrite: 64, sectorSize: sectorSize);
        byte[] plaintext = RandomNumberGenerator.GetBytes(64 * 4096);
        ulong firstSector = (ulong)((partitionOffset + writeOffset - volumeOffset) / sectorSize);

        var (status, write) = bench.Write(writeOffset, plaintext);

        Assert.AreEqual(NtStatus.Success, status, bench.LastError);
        byte[] ciphertext = bench.DataOf(write);
        using var reference = new ReferenceXtsAes(key, sectorSize);
        byte[] expected = reference.Encrypt(plaintext, firstSector);
        Assert.IsTrue(expected.AsSpan().SequenceEqual(ciphertext), $"first difference at byte {expected.AsSpan().CommonPrefixLength(ciphertext)}");

        byte[] readBack = (byte[])ciphertext.Clone();
        Assert.AreEqual(NtStatus.Success, bench.Read(writeOffset, readBack), bench.LastError);
        Assert.IsTrue(plaintext.AsSpan().SequenceEqual(readBack), "DumpRead did not give the plaintext back");
    }

    [TestMethod]
    public void A_4kn_sector_is_one_data_unit_not_eight_512_byte_ones()
    {
        using var bench = FveBench.Initialized(FveBench.Hex(Convert.ToHexStringLower(Key128)), sectorSize: 4096);
        byte[] plaintext = RandomNumberGenerator.GetBytes(2 * 4096);

        var (status, write) = bench.Write(4096, plaintext);

        Assert.AreEqual(NtStatus.Success, status, bench.LastError);
        byte[] ciphertext = bench.DataOf(write);
        using var asSectors = new ReferenceXtsAes(Key128, 4096);
        using var asSmallUnits = new ReferenceXtsAes(Key128, 512);
        CollectionAssert.AreEqual(asSectors.Encrypt(plaintext, 1), ciphertext, "4 KiB sectors 1 and 2");

        // Not what a filter with 512-byte units would write over the same bytes (its units 8 to 23): other tweaks.
        byte[] wrong = asSmallUnits.Encrypt(plaintext, 8);
        Assert.IsFalse(wrong.AsSpan(0, 16).SequenceEqual(ciphertext.AsSpan(0, 16)));
        Assert.IsFalse(wrong.AsSpan(512, 16).SequenceEqual(ciphertext.AsSpan(512, 16)));
    }

    [TestMethod]
    public void A_read_on_a_4kn_volume_decrypts_reference_ciphertext_in_place()
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(5 * 4096);
        using var reference = new ReferenceXtsAes(Key256, 4096);

        // Volume at 2 MiB, partition at 6 MiB: partition offset 40 KiB is volume sector (4 MiB + 40 KiB) / 4 KiB.
        using var bench = FveBench.Initialized(FveBench.Hex(Convert.ToHexStringLower(Key256)), volumeOffset: "2 MiB", partitionOffset: 6 * MiB, sectorSize: 4096);
        byte[] data = reference.Encrypt(plaintext, ((4 * MiB) + (40 << 10)) / 4096);

        Assert.AreEqual(NtStatus.Success, bench.Read(40 << 10, data), bench.LastError);
        CollectionAssert.AreEqual(plaintext, data);
    }

    [TestMethod]
    [DataRow(512)]
    [DataRow(2048)]
    [DataRow(1 << 20)]
    public void On_a_4kn_disk_a_write_or_read_that_is_not_whole_4_kib_sectors_fails(int length)
    {
        using var bench = FveBench.Initialized(FveBench.Hex(Convert.ToHexStringLower(Key128)), sectorSize: 4096);
        int misaligned = length == 1 << 20 ? 512 : 0;
        byte[] data = new byte[length];

        var (status, write) = bench.Write(misaligned, data);
        var readStatus = bench.Read(misaligned, data);

        Assert.AreEqual(NtStatus.InvalidParameter, status);
        Assert.AreEqual(NtStatus.InvalidParameter, readStatus);
        Assert.IsNull(write.SubstituteBuffer, "nothing may be substituted for a refused write");
        StringAssert.Contains(bench.LastError, "4096-byte sector");
    }

    [TestMethod]
    public void A_volume_offset_that_is_not_a_whole_4_kib_sector_fails_initialization_on_a_4kn_disk()
    {
        using var bench = FveBench.Load(FveBench.Hex(Convert.ToHexStringLower(Key128)), volumeOffset: "1049088", sectorSize: 4096);

        Assert.AreEqual(NtStatus.InvalidParameter, bench.Initialize());

        StringAssert.Contains(bench.LastError, "volume_offset 1049088 is not a multiple of the dump disk's 4096-byte sectors");
        Assert.AreEqual(0, bench.Memory.Buffers.Count, "nothing allocated");

        // The same offset is a whole number of 512-byte sectors.
        using var small = FveBench.Initialized(FveBench.Hex(Convert.ToHexStringLower(Key128)), volumeOffset: "1049088", sectorSize: 512);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(520)]
    [DataRow(8192)]
    public void A_sector_size_that_cannot_be_a_data_unit_fails_initialization(int sectorSize)
    {
        using var bench = FveBench.Load(FveBench.Hex(Convert.ToHexStringLower(Key128)), sectorSize: sectorSize == 0 ? 512 : sectorSize);
        if (sectorSize == 0)
        {
            // DISK_GEOMETRY with BytesPerSector 0 (a host that never filled it in).
            var extension = new Abstractions.Filters.FilterExtension(bench.Extension.DumpType, bench.Extension.DiskSize, bench.Extension.Geometry with { BytesPerSector = 0 }, bench.Extension.PartitionInfo, 0);
            Assert.AreEqual(NtStatus.InvalidParameter, bench.Filter.Initialize(extension, bench.Data));
        }
        else
        {
            Assert.AreEqual(NtStatus.InvalidParameter, bench.Initialize());
        }

        StringAssert.Contains(bench.LastError, $"sector size (Geometry.BytesPerSector) is {sectorSize} bytes");
    }
}
