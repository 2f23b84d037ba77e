namespace DumpFramework.Abstractions.Hardware;

/// <summary>
/// A physically contiguous, uncached buffer visible both to the driver (through <see cref="Span"/>) and to devices
/// (at <see cref="PhysicalAddress"/>): a common buffer, uncached extension or a filter's pre-allocated bounce buffer.
/// </summary>
public interface IDmaBuffer
{
    /// <summary>The bus address of the first byte.</summary>
    ulong PhysicalAddress { get; }

    /// <summary>The length in bytes.</summary>
    int Length { get; }

    /// <summary>The buffer as the driver sees it (its virtual mapping).</summary>
    Span<byte> Span { get; }
}
