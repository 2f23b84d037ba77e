using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Host.Tests.Filters.TestSupport;

/// <summary>
/// The real built <c>dumpfve</c> plugin with a key file in a scratch manifest folder, an extension and initialization
/// data, and helpers that place a write's data in (deliberately split) physical memory and issue it.
/// </summary>
internal sealed class FveBench : IDisposable
{
    public const int DefaultMaxPagesPerWrite = 16;
    private const string KeyFileName = "fvek.key";
    private readonly DirectoryInfo _directory;
    private ulong _nextDataAddress = FilterUnderTest.DataBase + 0x10_0000;

    private FveBench(DirectoryInfo directory, FilterUnderTest loaded, FilterExtension extension, FilterInitializationData data)
    {
        _directory = directory;
        Loaded = loaded;
        Extension = extension;
        Data = data;
    }

    public FilterUnderTest Loaded { get; }

    public IDumpFilter Filter => Loaded.Filter;

    public PhysicalAddressSpace Memory => Loaded.Memory;

    public FilterExtension Extension { get; }

    public FilterInitializationData Data { get; }

    public string KeyFilePath => Path.Combine(_directory.FullName, KeyFileName);

    /// <summary>The filter's LastError (read by reflection: the type lives in the plugin's load context).</summary>
    public string? LastError => (string?)Filter.GetType().GetProperty("LastError")!.GetValue(Filter);

    /// <summary>Loads the plugin with <paramref name="keyFileContents"/> as key_file (none when null) without initializing it.</summary>
    public static FveBench Load(
        byte[]? keyFileContents,
        string? volumeOffset = null,
        long partitionOffset = 0,
        int maxPagesPerWrite = DefaultMaxPagesPerWrite,
        SystemFilterFlags systemFlags = SystemFilterFlags.SupportRead | SystemFilterFlags.SupportExtensionEx,
        int sectorSize = 512)
    {
        var directory = Directory.CreateTempSubdirectory("dumpfve-test-");
        try
        {
            var settings = new Dictionary<string, string>();
            if (keyFileContents is not null)
            {
                File.WriteAllBytes(Path.Combine(directory.FullName, KeyFileName), keyFileContents);
                settings["key_file"] = KeyFileName;
            }

            if (volumeOffset is not null)
            {
                settings["volume_offset"] = volumeOffset;
            }

            var loaded = FilterUnderTest.Load(FilterUnderTest.BuiltInPlugin("FilterFve"), settings, directory.FullName);
            long diskSize = 1L << 50;
            var extension = new FilterExtension(
                FilterDumpType.Crashdump,
                diskSize,
                DiskGeometry.FromSize(diskSize, sectorSize),
                new DiskPartitionInfo(PartitionStyle.Gpt, 0, Guid.NewGuid()),
                partitionOffset);
            return new FveBench(directory, loaded, extension, new FilterInitializationData(maxPagesPerWrite, systemFlags));
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Loads and initializes, failing the test if initialization fails.</summary>
    public static FveBench Initialized(byte[] keyFileContents, string? volumeOffset = null, long partitionOffset = 0, int maxPagesPerWrite = DefaultMaxPagesPerWrite, int sectorSize = 512)
    {
        var bench = Load(keyFileContents, volumeOffset, partitionOffset, maxPagesPerWrite, sectorSize: sectorSize);
        var status = bench.Initialize();
        if (status != NtStatus.Success)
        {
            string reason = bench.LastError ?? "no reason";
            bench.Dispose();
            Assert.Fail($"Initialize returned {status}: {reason}");
        }

        return bench;
    }

    public static byte[] Hex(string key) => System.Text.Encoding.ASCII.GetBytes(key);

    public NtStatus Initialize() => Filter.Initialize(Extension, Data);

    /// <summary>Puts <paramref name="data"/> in memory (in two non-adjacent pieces when it is at least two sectors long)
    /// and describes it with an MDL.</summary>
    public Mdl PlaceInMemory(byte[] data)
    {
        int split = data.Length >= 1024 ? data.Length / 2 / 512 * 512 : data.Length;
        var segments = new List<PhysicalSegment>();
        foreach (var (offset, length) in new[] { (0, split), (split, data.Length - split) })
        {
            if (length == 0)
            {
                continue;
            }

            ulong address = _nextDataAddress;
            Assert.IsTrue(Memory.TryWrite(address, data.AsSpan(offset, length)), "test data does not fit in the dumped memory");
            segments.Add(new PhysicalSegment(address, (uint)length));
            _nextDataAddress += ((ulong)length + 0x2FFF) & ~0xFFFUL;
        }

        return new Mdl(segments);
    }

    public (NtStatus Status, DumpFilterWrite Write) Write(long partitionOffset, byte[] plaintext)
    {
        var write = new DumpFilterWrite(partitionOffset, PlaceInMemory(plaintext), Memory);
        return (Filter.Write(Extension, write), write);
    }

    /// <summary>The bytes the write now describes (the substitute, after a successful filter).</summary>
    public byte[] DataOf(DumpFilterWrite write)
    {
        byte[] bytes = new byte[write.Length];
        Assert.IsTrue(write.Data.TryCopyTo(Memory, bytes), "the write's data is not readable");
        return bytes;
    }

    public NtStatus Read(long partitionOffset, byte[] data) => Filter.Read(Extension, new DumpFilterRead(partitionOffset, data));

    public void Dispose()
    {
        Loaded.Dispose();
        _directory.Delete(recursive: true);
    }
}
