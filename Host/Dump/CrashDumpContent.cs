using DumpFramework.Host.CrashDump;

namespace DumpFramework.Host.Dump;

/// <summary>
/// A Windows 64-bit kernel dump ("PAGEDU64") as the writer streams it: the header in its incomplete form first, the
/// bitmap header for bitmap dumps, the pages straight from physical memory, and the header's final, valid form
/// rewritten only after every page and the flush succeeded, so a dump cut short never reads as valid.
/// </summary>
internal sealed class CrashDumpContent : IDumpContent
{
    private readonly CrashDumpLayout _layout;
    private readonly CrashDumpParameters _parameters;

    public CrashDumpContent(CrashDumpLayout layout, CrashDumpParameters parameters)
    {
        _layout = layout;
        _parameters = parameters;
        var final = new byte[DumpHeader64Offsets.HeaderSize];
        DumpHeader64Builder.BuildFinal(final, parameters, layout);
        FinalHeader = final;
    }

    public CrashDumpLayout Layout => _layout;

    public string Description => _layout.IsBitmapDump
        ? $"bitmap dump (DumpType {(int)_layout.DumpType}), {_layout.StoredPages} of {_layout.Runs.Sum(r => (long)r.PageCount)} pages"
        : $"complete memory dump (DumpType 1), {_layout.Runs.Count} runs, {_layout.StoredPages} pages";

    public long Length => _layout.RequiredDumpSpace;

    public ReadOnlyMemory<byte> FinalHeader { get; }

    public IEnumerable<DumpPiece> Pieces()
    {
        foreach (var piece in _layout.EnumeratePieces())
        {
            switch (piece.Kind)
            {
                case DumpFilePieceKind.DumpHeader:
                    var header = new byte[piece.Length];
                    DumpHeader64Builder.BuildIncomplete(header, _parameters, _layout);
                    yield return DumpPiece.FromBytes(piece.FileOffset, header);
                    break;
                case DumpFilePieceKind.BitmapHeader:
                    var bitmap = new byte[piece.Length];
                    _layout.RenderBitmapHeader(piece.FileOffset, bitmap);
                    yield return DumpPiece.FromBytes(piece.FileOffset, bitmap);
                    break;
                default:
                    yield return DumpPiece.FromMemory(piece.FileOffset, piece.PhysicalAddress, piece.Length);
                    break;
            }
        }
    }
}
