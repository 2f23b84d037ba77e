using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Orchestration;
using DumpFramework.Host.Tests.Filters.TestSupport;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Filters;

/// <summary>
/// The host's enforcement of the filter rules that the built plugins never break, with a filter written in the test
/// put in front of the real LSI_SAS stack: a lowered MaxPagesPerWrite is honoured by every write, and a DumpWrite
/// that moves a write out of the dump volume is refused before it reaches the disk. Also the host's own guard on the
/// read-back path's transfer size, which the same harness drives.
/// </summary>
[TestClass]
public sealed class FilterRuleTests
{
    private const long MiB = 1 << 20;
    private const long RegionOffset = MiB;
    private const long RegionLength = 8 * MiB;
    private static readonly PhysicalRange[] Runs = [new(0x100000, 2 * MiB)];

    [TestMethod]
    [DataRow("full")]
    [DataRow("bitmap")]
    public void A_filter_that_lowers_MaxPagesPerWrite_to_one_page_never_sees_a_larger_write(string format)
    {
        using var files = new StackFiles("filter-maxpages");
        var filter = new ScriptedFilter { MaxPages = 1 };
        var result = DumpThrough(files, filter, Enum.Parse<DumpFormat>(format, ignoreCase: true));
        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.IsTrue(filter.WriteLengths.Count > 0);
        Assert.AreEqual(4096L, filter.WriteLengths.Max(), "a write larger than the filter's MaxPagesPerWrite reached DumpWrite");
    }

    [TestMethod]
    public void A_filter_that_moves_a_write_before_the_dump_volume_fails_the_dump_and_the_disk_before_it_stays_untouched()
    {
        using var files = new StackFiles("filter-move-before");
        var filter = new ScriptedFilter { OnWrite = write => write.DiskByteOffset -= RegionOffset };
        var result = DumpThrough(files, filter, DumpFormat.Full);
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "dump_scripted");
        StringAssert.Contains(result.Error, "outside the dump volume");
        AssertAllZero(files.Disk(), 0, RegionOffset);
    }

    [TestMethod]
    public void A_filter_that_moves_a_write_past_the_dump_volume_fails_the_dump_and_the_disk_after_it_stays_untouched()
    {
        using var files = new StackFiles("filter-move-after");
        var filter = new ScriptedFilter { OnWrite = write => write.DiskByteOffset += RegionLength - 4096 };
        var result = DumpThrough(files, filter, DumpFormat.Full);
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "dump_scripted");
        StringAssert.Contains(result.Error, "outside the dump volume");
        AssertAllZero(files.Disk(), RegionOffset + RegionLength, 8 * MiB);
    }

    [TestMethod]
    public void A_filter_that_moves_writes_within_the_dump_volume_is_allowed_and_logged()
    {
        using var files = new StackFiles("filter-move-within");
        var filter = new ScriptedFilter { OnWrite = write => write.DiskByteOffset += 4 * MiB };
        var result = DumpThrough(files, filter, DumpFormat.Raw, log => Assert.IsTrue(log.Entries.Any(e => e.Source == "dump_scripted" && e.Message.Contains("moved", StringComparison.Ordinal))));
        Assert.IsTrue(result.Succeeded, result.Error);
    }

    [TestMethod]
    public void When_a_critical_filter_fails_to_initialize_the_filters_initialized_before_it_are_unloaded()
    {
        using var memory = new PhysicalAddressSpace(new SyntheticMemory(Runs, 3));
        var first = new ScriptedFilter();
        var critical = new ScriptedFilter { FailCritically = true };
        var error = Assert.ThrowsExactly<DumpFailedException>(() => FilterChain.Initialize(
            [("dump_first", first), ("dump_critical", critical)],
            () => new FilterExtension(FilterDumpType.Crashdump, 64 * MiB, DiskGeometry.FromSize(64 * MiB, 512), new DiskPartitionInfo(PartitionStyle.Mbr, 1, Guid.Empty), RegionOffset),
            DumpSession.HostMaximumTransfer,
            RegionLength,
            memory,
            new DumpLog(),
            FilterErrorPolicy.Abort,
            strict: true));
        StringAssert.Contains(error.Message, "dump_critical");
        Assert.AreEqual(1, first.Unloads, "the stack was given up without DumpUnload in the filter that had initialized");
    }

    [TestMethod]
    [Timeout(60_000)]
    public void A_read_back_through_a_port_that_cannot_carry_one_block_fails_instead_of_spinning()
    {
        using var files = new StackFiles("read-narrow-port");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 2 * RegionOffset + RegionLength, RegionOffset, RegionLength);
        using var session = Sessions.Open(manifest, new EmptyMemory());
        Assert.IsTrue(session.Port.Open().IsSuccess, session.Port.LastError);
        var staging = session.Memory.AllocateBuffer(DumpSession.HostMaximumTransfer, 4096, below4GiB: true);
        using var sink = new MemoryStream();
        var result = new DumpReader(new NarrowPort(session.Port, 256), session.Filters, staging, new RecordingProgress()).Read(session.Target, MiB, sink);
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "no usable read size");
    }

    // The real stack without manifest filters, with the scripted filter chained in front as the session does it.
    private static DumpWriteResult DumpThrough(StackFiles files, ScriptedFilter filter, DumpFormat format, Action<DumpLog>? inspect = null)
    {
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 2 * RegionOffset + RegionLength + 8 * MiB, RegionOffset, RegionLength);
        using var session = Sessions.Open(manifest, new SyntheticMemory(Runs, 3));
        var device = session.Hardware.Devices[0];
        using var chain = FilterChain.Initialize(
            [("dump_scripted", filter)],
            () => new FilterExtension(FilterDumpType.Crashdump, device.Length, DiskGeometry.FromSize(device.Length, device.LogicalBlockSize), new DiskPartitionInfo(PartitionStyle.Mbr, 1, Guid.Empty), RegionOffset),
            DumpSession.HostMaximumTransfer,
            RegionLength,
            session.Memory,
            session.Log,
            FilterErrorPolicy.Abort,
            strict: true);
        var plan = DumpPlan.Create(session.Stack.Manifest, session.Memory.Source, new DumpOptions { Format = format });
        var staging = session.Memory.AllocateBuffer(DumpSession.HostMaximumTransfer, 4096, below4GiB: true);
        Assert.IsTrue(session.Port.Open().IsSuccess, session.Port.LastError);
        var result = new DumpWriter(session.Port, chain, staging, new RecordingProgress()).Write(plan);
        inspect?.Invoke(session.Log);
        return result;
    }

    private static void AssertAllZero(string path, long offset, long length)
    {
        using var file = File.OpenRead(path);
        var buffer = new byte[length];
        file.Position = offset;
        int read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        int index = buffer.AsSpan(0, read).IndexOfAnyExcept((byte)0);
        Assert.AreEqual(-1, index, $"non-zero byte at disk offset {offset + index}");
    }
}
