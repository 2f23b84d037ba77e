using System.Security.Cryptography;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Tests.Filters.TestSupport;

namespace DumpFramework.Host.Tests.Filters;

/// <summary>dumpfve as a dump filter: initialization data, buffers, offsets, failures and unload.</summary>
[TestClass]
public sealed class FveDumpFilterBehaviourTests
{
    private static byte[] Key128 => FveBench.Hex(Ieee1619XtsVectors.Get(4).Key);

    [TestMethod]
    public void Initialize_declares_itself_critical_pipelined_and_read_capable_and_preallocates_two_buffers()
    {
        using var bench = FveBench.Load(Key128, maxPagesPerWrite: 32);

        Assert.AreEqual(NtStatus.Success, bench.Initialize(), bench.LastError);

        Assert.AreEqual(FilterFlags.Critical | FilterFlags.PipelinedWrites, bench.Data.Flags);
        Assert.AreEqual(FilterInitializationData.MajorVersion2, bench.Data.MajorVersion);
        Assert.AreEqual(32, bench.Data.MaxPagesPerWrite);
        Assert.AreEqual(2, bench.Memory.Buffers.Count);
        foreach (var buffer in bench.Memory.Buffers)
        {
            Assert.AreEqual(32 * 4096, buffer.Length);
            Assert.AreEqual(0UL, buffer.PhysicalAddress % 4096);
            Assert.IsLessThanOrEqualTo(1UL << 32, buffer.PhysicalAddress + (ulong)buffer.Length, "the substitute must be reachable by 32-bit bus masters");
        }

        Assert.AreEqual(NtStatus.Success, bench.Filter.Start(bench.Extension));
    }

    [TestMethod]
    public void Without_system_read_support_it_registers_as_version_1()
    {
        using var bench = FveBench.Load(Key128, systemFlags: SystemFilterFlags.None);

        Assert.AreEqual(NtStatus.Success, bench.Initialize(), bench.LastError);
        Assert.AreEqual(FilterInitializationData.MajorVersion1, bench.Data.MajorVersion);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-1)]
    public void A_MaxPagesPerWrite_without_pages_is_refused(int pages)
    {
        using var bench = FveBench.Load(Key128, maxPagesPerWrite: pages);

        Assert.AreEqual(NtStatus.InvalidParameter, bench.Initialize());
        Assert.IsTrue(bench.Data.Flags.HasFlag(FilterFlags.Critical));
        StringAssert.Contains(bench.LastError, "MaxPagesPerWrite");
        Assert.AreEqual(0, bench.Memory.Buffers.Count);
    }

    [TestMethod]
    public void A_huge_MaxPagesPerWrite_is_lowered_not_allocated()
    {
        using var bench = FveBench.Load(Key128, maxPagesPerWrite: int.MaxValue);

        Assert.AreEqual(NtStatus.Success, bench.Initialize(), bench.LastError);
        Assert.AreEqual(4096, bench.Data.MaxPagesPerWrite);
        Assert.IsTrue(bench.Memory.Buffers.All(buffer => buffer.Length == 4096 * 4096));

        // A write of the whole buffer spans many internal tweak runs.
        var vector = Ieee1619XtsVectors.Get(4);
        byte[] plaintext = RandomNumberGenerator.GetBytes(4096 * 4096);
        vector.PlaintextBytes.CopyTo(plaintext, 0);
        var (status, write) = bench.Write(0, plaintext);
        byte[] ciphertext = bench.DataOf(write);
        Assert.AreEqual(NtStatus.Success, status, bench.LastError);
        Assert.AreEqual(vector.Ciphertext, Convert.ToHexStringLower(ciphertext.AsSpan(0, 512)));
        Assert.AreEqual(NtStatus.Success, bench.Read(0, ciphertext), bench.LastError);
        Assert.IsTrue(plaintext.AsSpan().SequenceEqual(ciphertext), "the 16 MiB write did not read back");
    }

    [TestMethod]
    public void Writes_in_crash_mode_allocate_nothing_and_use_the_two_buffers_in_turn()
    {
        using var bench = FveBench.Initialized(Key128);
        bench.Memory.EnterCrashMode();

        IDmaBuffer? previous = null;
        for (int i = 0; i < 5; i++)
        {
            var (status, write) = bench.Write(i * 65536L, RandomNumberGenerator.GetBytes(16 * 4096));
            Assert.AreEqual(NtStatus.Success, status, bench.LastError);
            // The buffer the port may still be writing (the previous write's) is never the next substitute.
            Assert.AreSame(bench.Memory.Buffers[(i + 1) % 2], write.SubstituteBuffer);
            Assert.AreNotSame(previous, write.SubstituteBuffer);
            previous = write.SubstituteBuffer;
        }

        Assert.AreEqual(2, bench.Memory.Buffers.Count);
    }

    [TestMethod]
    public void Write_leaves_the_original_pages_alone()
    {
        using var bench = FveBench.Initialized(Key128);
        byte[] plaintext = RandomNumberGenerator.GetBytes(3 * 512);
        Mdl original = bench.PlaceInMemory(plaintext);
        var write = new DumpFilterWrite(4096, original, bench.Memory);

        Assert.AreEqual(NtStatus.Success, bench.Filter.Write(bench.Extension, write), bench.LastError);

        byte[] afterwards = new byte[plaintext.Length];
        Assert.IsTrue(original.TryCopyTo(bench.Memory, afterwards));
        CollectionAssert.AreEqual(plaintext, afterwards);
        Assert.AreNotSame(original, write.Data);
        Assert.AreEqual(plaintext.Length, write.Length);
    }

    [TestMethod]
    public void Zero_sectors_encrypt_to_ciphertext_that_differs_from_sector_to_sector()
    {
        using var bench = FveBench.Initialized(Key128);

        var (status, write) = bench.Write(0, new byte[2 * 512]);
        byte[] ciphertext = bench.DataOf(write);

        Assert.AreEqual(NtStatus.Success, status, bench.LastError);
        Assert.IsFalse(ciphertext.AsSpan(0, 16).IndexOfAnyExcept((byte)0) < 0, "a zero block stayed zero");
        Assert.IsGreaterThan(900, ciphertext.Count(b => b != 0), "too many zero bytes left in the ciphertext");
        Assert.IsFalse(ciphertext.AsSpan(0, 512).SequenceEqual(ciphertext.AsSpan(512, 512)), "two sectors of zeros encrypted alike: the tweak does not vary");
        Assert.IsFalse(ciphertext.AsSpan(0, 16).SequenceEqual(ciphertext.AsSpan(16, 16)), "two blocks of one sector encrypted alike");
    }

    [TestMethod]
    [DataRow(0L, 512, "lies before the encrypted volume")]
    [DataRow(1048064L, 1024, "lies before the encrypted volume")]
    [DataRow(1048576L + 100, 512, "not on a 512-byte sector boundary")]
    [DataRow(1048576L, 700, "not a whole number of 512-byte sectors")]
    [DataRow(1048576L, 17 * 4096, "exceeds MaxPagesPerWrite")]
    public void A_write_the_filter_cannot_encrypt_fails_and_is_not_substituted(long partitionOffset, int length, string reason)
    {
        // Partition at disk byte 0, encrypted volume from 1 MiB.
        using var bench = FveBench.Initialized(Key128, volumeOffset: "1 MiB");

        var (status, write) = bench.Write(partitionOffset, new byte[length]);

        Assert.AreEqual(NtStatus.InvalidParameter, status);
        Assert.IsNull(write.SubstituteBuffer);
        StringAssert.Contains(bench.LastError, reason);
        Assert.IsTrue(bench.Loaded.Log.Entries.Any(e => e.Level == Abstractions.Port.DumpLogLevel.Error && e.Message.Contains(reason, StringComparison.Ordinal)));
    }

    [TestMethod]
    public void A_read_that_is_not_whole_sectors_of_the_volume_fails_and_leaves_the_data()
    {
        using var bench = FveBench.Initialized(Key128, volumeOffset: "1 MiB");
        byte[] data = RandomNumberGenerator.GetBytes(512);
        byte[] copy = (byte[])data.Clone();

        Assert.AreEqual(NtStatus.InvalidParameter, bench.Read(0, data));
        Assert.AreEqual(NtStatus.InvalidParameter, bench.Read(1 << 20, data.AsSpan(0, 500).ToArray()));
        CollectionAssert.AreEqual(copy, data);
    }

    [TestMethod]
    public void A_read_longer_than_the_write_buffer_is_decrypted_in_runs()
    {
        using var bench = FveBench.Initialized(Key128, maxPagesPerWrite: 1);
        byte[] plaintext = RandomNumberGenerator.GetBytes(3 * 4096);
        byte[] ciphertext = new byte[plaintext.Length];
        for (int page = 0; page < 3; page++)
        {
            var (status, write) = bench.Write(page * 4096L, plaintext[(page * 4096)..((page + 1) * 4096)]);
            Assert.AreEqual(NtStatus.Success, status, bench.LastError);
            bench.DataOf(write).CopyTo(ciphertext, page * 4096);
        }

        Assert.AreEqual(NtStatus.Success, bench.Read(0, ciphertext), bench.LastError);
        Assert.IsTrue(plaintext.AsSpan().SequenceEqual(ciphertext), "the 16 MiB write did not read back");
    }

    [TestMethod]
    [DataRow("12abc")]
    [DataRow("-1")]
    [DataRow("1.5 B")]
    [DataRow("1000")]
    public void A_bad_volume_offset_is_refused_at_configuration(string volumeOffset)
    {
        var error = Assert.ThrowsExactly<DriverSettingException>(() => FveBench.Load(Key128, volumeOffset: volumeOffset));

        Assert.AreEqual("volume_offset", error.Key);
        StringAssert.Contains(error.Message, $"dump_dumpfve: setting 'volume_offset' must be a size that is a multiple of 512 bytes (bytes, or a number with B, KiB, MiB, GiB, TiB, KB, MB, GB or TB), not '{volumeOffset}'");
    }

    [TestMethod]
    [DataRow("1 MiB", 1L << 20)]
    [DataRow("1MiB", 1L << 20)]
    [DataRow("0.5 KiB", 512L)]
    [DataRow("2 GB", 2_000_000_000L)]
    [DataRow(" 4096 ", 4096L)]
    public void Volume_offset_accepts_manifest_sizes(string volumeOffset, long bytes)
    {
        var vector = Ieee1619XtsVectors.Get(5);
        using var bench = FveBench.Initialized(FveBench.Hex(vector.Key), volumeOffset: volumeOffset, partitionOffset: bytes);

        var (status, write) = bench.Write(512, vector.PlaintextBytes);

        Assert.AreEqual(NtStatus.Success, status, bench.LastError);
        Assert.AreEqual(vector.Ciphertext, Convert.ToHexStringLower(bench.DataOf(write)));
    }

    [TestMethod]
    public void It_declares_exactly_the_settings_it_reads_so_the_host_refuses_any_other()
    {
        // The host's refusal itself, with its position, is ManifestErrorTests' 'keyfile' row.
        using var plugin = LoadedPlugin.Load(FilterUnderTest.BuiltInPlugin("FilterFve"));
        var declared = plugin.Descriptor.Settings;

        CollectionAssert.AreEqual(new[] { "key_file", "volume_offset" }, declared.Select(s => s.Key).ToArray());
        Assert.IsTrue(declared[0].Required, "key_file is required");
        Assert.IsFalse(declared[1].Required);
        Assert.AreEqual("0", declared[1].Default);
    }

    [TestMethod]
    public void Unload_zeroes_the_buffer_and_later_writes_fail()
    {
        using var bench = FveBench.Initialized(Key128);
        var (status, _) = bench.Write(0, RandomNumberGenerator.GetBytes(4096));
        Assert.AreEqual(NtStatus.Success, status, bench.LastError);
        Assert.IsTrue(bench.Memory.Buffers.Any(buffer => buffer.Span.IndexOfAnyExcept((byte)0) >= 0));

        Assert.AreEqual(NtStatus.Success, bench.Filter.Finish(bench.Extension));
        Assert.AreEqual(NtStatus.Success, bench.Filter.Unload(bench.Extension));

        Assert.IsTrue(bench.Memory.Buffers.All(buffer => buffer.Span.IndexOfAnyExcept((byte)0) == -1), "a buffer still holds ciphertext");
        var (after, write) = bench.Write(0, new byte[512]);
        Assert.AreEqual(NtStatus.DeviceNotReady, after);
        Assert.IsNull(write.SubstituteBuffer);
        Assert.AreEqual(NtStatus.DeviceNotReady, bench.Read(0, new byte[512]));
        Assert.AreEqual(NtStatus.DeviceNotReady, bench.Filter.Start(bench.Extension));
    }
}
