namespace DumpFramework.Host.Dump;

/// <summary>What a dump writes: an ordered stream of pieces covering the dump file's bytes from offset 0.</summary>
internal interface IDumpContent
{
    /// <summary>A short description for the summary (e.g. <c>raw memory, 3 runs</c>).</summary>
    string Description { get; }

    /// <summary>Total bytes of the dump file.</summary>
    long Length { get; }

    /// <summary>The pieces in file order, without gaps.</summary>
    IEnumerable<DumpPiece> Pieces();

    /// <summary>Bytes rewritten after every piece succeeded and the cache was flushed (a header's final, valid form), or empty.</summary>
    ReadOnlyMemory<byte> FinalHeader { get; }
}
