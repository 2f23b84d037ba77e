using DumpFramework.Hardware.Memory;
using DumpFramework.Host.CrashDump;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Orchestration;

/// <summary>Builds what a dump writes from the format, the header fields and the memory's runs.</summary>
internal static class DumpContentFactory
{
    /// <exception cref="InvalidInputException">The memory cannot be written in that form (e.g. more than 42 runs for a
    /// complete dump), or a header field is out of range (no processors, a comment over 127 characters).</exception>
    public static IDumpContent Create(CrashHeaderSpec header, DumpFormat format, bool omitZeroPages, IMemorySource memory)
    {
        var runs = memory.Ranges;
        if (format == DumpFormat.Raw)
        {
            // Runs go out back to back in block-sized writes: a run of partial pages could not be written whole.
            for (int i = 0; i < runs.Count; i++)
            {
                if (runs[i].Length == 0 || runs[i].Length % MemorySources.PageSize != 0)
                {
                    throw new InvalidInputException($"crashdmp: memory range {i} (base 0x{runs[i].BaseAddress:X}, length 0x{runs[i].Length:X}) is not a whole number of 4 KiB pages, so it cannot be dumped raw");
                }
            }

            return new RawMemoryContent(runs);
        }

        var type = format == DumpFormat.Bitmap ? CrashDumpType.BitmapFull : CrashDumpType.Full;
        var parameters = Parameters(header, type);
        try
        {
            var layout = format switch
            {
                DumpFormat.Bitmap => CrashDumpLayout.ForBitmapDump(
                    runs,
                    omitZeroPages ? PageBitmap.FromMemory(runs, memory.TryRead, PageBitmap.NonZeroPage) : PageBitmap.AllPages(runs)),
                _ => CrashDumpLayout.ForFullDump(runs),
            };
            return new CrashDumpContent(layout, parameters);
        }
        catch (ArgumentException error)
        {
            throw new InvalidInputException($"crashdmp: {error.Message}", error);
        }
    }

    private static CrashDumpParameters Parameters(CrashHeaderSpec header, CrashDumpType type)
    {
        var defaults = new CrashDumpParameters();
        ulong Parameter(int index) => index < header.BugCheckParameters.Count ? header.BugCheckParameters[index] : 0;
        return defaults with
        {
            DumpType = type,
            BugCheckCode = header.BugCheckCode ?? defaults.BugCheckCode,
            BugCheckParameter1 = Parameter(0),
            BugCheckParameter2 = Parameter(1),
            BugCheckParameter3 = Parameter(2),
            BugCheckParameter4 = Parameter(3),
            DirectoryTableBase = header.DirectoryTableBase ?? defaults.DirectoryTableBase,
            KdDebuggerDataBlock = header.KdDebuggerDataBlock ?? defaults.KdDebuggerDataBlock,
            PsLoadedModuleList = header.PsLoadedModuleList ?? defaults.PsLoadedModuleList,
            PsActiveProcessHead = header.PsActiveProcessHead ?? defaults.PsActiveProcessHead,
            PfnDataBase = header.PfnDataBase ?? defaults.PfnDataBase,
            NumberProcessors = header.Processors ?? defaults.NumberProcessors,
            Comment = header.Comment ?? "DumpFramework bench dump",
        };
    }
}
