using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Memory;

/// <summary>
/// A raw physical memory image (e.g. <c>dd</c> of <c>/dev/mem</c> or a VM's RAM file): one run from physical address
/// 0 covering the file's length rounded down to whole pages, read with positional I/O (never mapped, so the process's
/// resident set does not grow with the image).
/// </summary>
public sealed class MemoryImageFile : IMemorySource
{
    /// <summary>The page size the run is aligned to.</summary>
    public const int PageSize = 4096;

    private readonly MemoryImageStream _view;
    private readonly PhysicalRange _run;

    /// <summary>Opens a raw memory image.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="writable">Whether DMA writes into the memory reach the file (read-only by default).</param>
    /// <exception cref="FormatException">The file is shorter than one page.</exception>
    public MemoryImageFile(string path, bool writable = false)
    {
        _view = MemoryImageStream.Open(path, writable);
        long pages = _view.Length / PageSize;
        if (pages == 0)
        {
            _view.Dispose();
            throw new FormatException($"'{path}' is {_view.Length} bytes long: a raw memory image needs at least one {PageSize}-byte page.");
        }

        _run = new PhysicalRange(0, (ulong)pages * PageSize);
        Ranges = [_run];
        Path = path;
        Description = $"raw memory image '{System.IO.Path.GetFileName(path)}', {MemoryRuns.FormatSize(_run.Length)}";
    }

    /// <summary>The image file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public IReadOnlyList<PhysicalRange> Ranges { get; }

    /// <inheritdoc />
    public bool IsWritable => _view.IsWritable;

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public bool TryRead(ulong address, Span<byte> destination)
    {
        if (!_run.Contains(address, (ulong)destination.Length))
        {
            return false;
        }

        _view.Read((long)address, destination);
        return true;
    }

    /// <inheritdoc />
    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (!IsWritable || !_run.Contains(address, (ulong)source.Length))
        {
            return false;
        }

        _view.Write((long)address, source);
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _view.Dispose();
}
