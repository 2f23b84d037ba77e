namespace DumpFramework.Host.CrashDump;

/// <summary>What a piece of the dump file holds.</summary>
internal enum DumpFilePieceKind
{
    /// <summary>DUMP_HEADER64, file offset 0..0x2000; rendered by <see cref="DumpHeader64Builder"/>.</summary>
    DumpHeader,

    /// <summary>Bitmap header, bitmap and zero padding, 0x2000..HeaderSize; rendered by <see cref="CrashDumpLayout.RenderBitmapHeader"/>.</summary>
    BitmapHeader,

    /// <summary>Physical memory copied verbatim.</summary>
    PageData,
}
