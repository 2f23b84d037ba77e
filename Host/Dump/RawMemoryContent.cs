using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Host.Dump;

/// <summary>The dumped memory's runs back to back, with no header: the raw form of the first dump paths.</summary>
internal sealed class RawMemoryContent(IReadOnlyList<PhysicalRange> runs) : IDumpContent
{
    public string Description => $"raw memory, {runs.Count} run{(runs.Count == 1 ? string.Empty : "s")}";

    public long Length { get; } = runs.Sum(r => (long)r.Length);

    public ReadOnlyMemory<byte> FinalHeader => ReadOnlyMemory<byte>.Empty;

    public IEnumerable<DumpPiece> Pieces()
    {
        long offset = 0;
        foreach (var run in runs)
        {
            yield return DumpPiece.FromMemory(offset, run.BaseAddress, (long)run.Length);
            offset += (long)run.Length;
        }
    }
}
