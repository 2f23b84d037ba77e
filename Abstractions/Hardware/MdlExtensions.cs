using System.Runtime.InteropServices;

namespace DumpFramework.Abstractions.Hardware;

/// <summary>
/// Copies between part of an <see cref="Mdl"/> and a buffer, as a port does when it bounces data the adapter cannot
/// reach or when a PIO miniport asks for request data: from any byte offset, without allocating, and naming the first
/// address that could not be accessed.
/// </summary>
public static class MdlExtensions
{
    /// <summary>Reads <paramref name="destination"/>.Length bytes of the buffer the MDL describes, from a byte offset.</summary>
    /// <param name="mdl">The MDL.</param>
    /// <param name="offset">Byte offset in the described buffer.</param>
    /// <param name="memory">The physical address space.</param>
    /// <param name="destination">Where the bytes go; its length is the number of bytes to copy.</param>
    /// <param name="failedAddress">When the copy fails, the physical address of the piece that could not be read; else 0.</param>
    /// <returns><see langword="false"/> if a piece is unmapped.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range lies outside the MDL.</exception>
    public static bool TryCopyTo(this Mdl mdl, long offset, IPhysicalMemory memory, Span<byte> destination, out ulong failedAddress) =>
        TryCopy(mdl, offset, memory, destination, intoBuffer: true, out failedAddress);

    /// <summary>Writes <paramref name="source"/> into the buffer the MDL describes, from a byte offset.</summary>
    /// <param name="mdl">The MDL.</param>
    /// <param name="offset">Byte offset in the described buffer.</param>
    /// <param name="memory">The physical address space.</param>
    /// <param name="source">The bytes to store; its length is the number of bytes to copy.</param>
    /// <param name="failedAddress">When the copy fails, the physical address of the piece that could not be written; else 0.</param>
    /// <returns><see langword="false"/> if a piece is unmapped or read-only.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range lies outside the MDL.</exception>
    public static bool TryCopyFrom(this Mdl mdl, long offset, IPhysicalMemory memory, ReadOnlySpan<byte> source, out ulong failedAddress) =>
        // The shared walker takes a Span; writing to memory only ever reads from it.
        TryCopy(mdl, offset, memory, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(source), source.Length), intoBuffer: false, out failedAddress);

    private static bool TryCopy(Mdl mdl, long offset, IPhysicalMemory memory, Span<byte> buffer, bool intoBuffer, out ulong failedAddress)
    {
        ArgumentNullException.ThrowIfNull(mdl);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, mdl.ByteCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buffer.Length, mdl.ByteCount - offset, intoBuffer ? "destination" : "source");
        int done = 0;
        long skip = offset;
        foreach (var segment in mdl.Segments)
        {
            if (done == buffer.Length)
            {
                break;
            }

            if (skip >= segment.Length)
            {
                skip -= segment.Length;
                continue;
            }

            int take = (int)Math.Min(segment.Length - skip, buffer.Length - done);
            ulong address = segment.Address + (ulong)skip;
            var window = buffer.Slice(done, take);
            if (!(intoBuffer ? memory.TryRead(address, window) : memory.TryWrite(address, window)))
            {
                failedAddress = address;
                return false;
            }

            done += take;
            skip = 0;
        }

        failedAddress = 0;
        return true;
    }
}
