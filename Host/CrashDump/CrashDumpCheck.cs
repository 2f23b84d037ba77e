namespace DumpFramework.Host.CrashDump;

/// <summary>Which verifier check produced a finding (dump-format reference §2 and §8).</summary>
internal enum CrashDumpCheck
{
    /// <summary>The file is shorter than the 0x2000-byte header.</summary>
    FileSize,

    /// <summary>DUMP_HEADER64.Signature is not 'PAGE'.</summary>
    Signature,

    /// <summary>ValidDump is neither 'DU64' nor the incomplete marker.</summary>
    ValidDump,

    /// <summary>ValidDump still holds the incomplete marker: the dump was never finished.</summary>
    Incomplete,

    /// <summary>MachineImageType is not 0x8664.</summary>
    MachineType,

    /// <summary>MajorVersion is not 0xF (release build) or 0xC (checked build), or MinorVersion is no build number.</summary>
    Version,

    /// <summary>NumberProcessors is zero or never written.</summary>
    NumberProcessors,

    /// <summary>DirectoryTableBase is unaligned, or outside the bitmap.</summary>
    DirectoryTableBase,

    /// <summary>RequiredDumpSpace is below 0x2000, above the file size or below what the pages need.</summary>
    RequiredDumpSpace,

    /// <summary>The file holds bytes past RequiredDumpSpace.</summary>
    TrailingData,

    /// <summary>CONTEXT.MxCsr differs from CONTEXT.FltSave.MxCsr.</summary>
    ContextMxCsr,

    /// <summary>DumpType is not 1, 5 or 6.</summary>
    DumpType,

    /// <summary>The run list of a full dump is empty, too long, unsorted, overlapping or never written.</summary>
    RunList,

    /// <summary>NumberOfPages disagrees with the runs.</summary>
    NumberOfPages,

    /// <summary>The bitmap header's signature does not match the DumpType.</summary>
    BitmapSignature,

    /// <summary>The bitmap header's ValidDump is not 'DUMP'.</summary>
    BitmapValidDump,

    /// <summary>BitmapSize is zero, too large or not a multiple of 8.</summary>
    BitmapSize,

    /// <summary>The stored page count is outside 1..BitmapSize.</summary>
    BitmapPages,

    /// <summary>HeaderSize (first page offset) is too small or not page aligned.</summary>
    BitmapHeaderSize,

    /// <summary>The number of set bits differs from the stored page count.</summary>
    BitmapPopulation,

    /// <summary>A bitmap dump's PHYSICAL_MEMORY_DESCRIPTOR64 is not zeroed.</summary>
    PhysicalMemoryBlock,

    /// <summary>Page data is missing from the file or differs from the source memory.</summary>
    PageContent,

    /// <summary>The source memory could not provide a page to compare.</summary>
    SourceMemory,

    /// <summary>The dump and the source memory do not cover the same pages (a dump of other memory, or of part of it).</summary>
    MemoryCoverage,
}
