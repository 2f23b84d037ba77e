using DumpFramework.Host.CrashDump;

namespace DumpFramework.Host.Tests.CrashDump.Support;

/// <summary>
/// Writes a complete dump file to a stream: the reference output a dump written through the emulated stack must equal
/// (and what SMSS would extract from the pagefile). Follows the never-a-false-valid order: incomplete header, bitmap
/// header, pages, flush, final header, flush. Memory is streamed in bounded chunks.
/// </summary>
internal static class CrashDumpStreamWriter
{
    private const int ChunkSize = 1 << 20;

    /// <summary>Writes the dump at the start of <paramref name="destination"/>.</summary>
    /// <param name="destination">A writable, seekable stream; the dump occupies 0..RequiredDumpSpace.</param>
    /// <param name="layout">The layout.</param>
    /// <param name="parameters">Header values.</param>
    /// <param name="memory">Reads the machine's memory.</param>
    /// <exception cref="IOException">Memory of a stored page cannot be read; the header is then left incomplete.</exception>
    public static void Write(Stream destination, CrashDumpLayout layout, CrashDumpParameters parameters, PhysicalMemoryReader memory)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(memory);
        if (!destination.CanSeek || !destination.CanWrite)
        {
            throw new ArgumentException("The dump stream must be writable and seekable.", nameof(destination));
        }

        var header = new byte[DumpHeader64Offsets.HeaderSize];
        DumpHeader64Builder.BuildIncomplete(header, parameters, layout);
        destination.Position = 0;
        destination.Write(header);

        var buffer = new byte[ChunkSize];
        foreach (var piece in layout.EnumeratePieces())
        {
            switch (piece.Kind)
            {
                case DumpFilePieceKind.BitmapHeader:
                    for (long done = 0; done < piece.Length;)
                    {
                        int take = (int)Math.Min(ChunkSize, piece.Length - done);
                        layout.RenderBitmapHeader(piece.FileOffset + done, buffer.AsSpan(0, take));
                        destination.Position = piece.FileOffset + done;
                        destination.Write(buffer, 0, take);
                        done += take;
                    }

                    break;
                case DumpFilePieceKind.PageData:
                    for (long done = 0; done < piece.Length;)
                    {
                        int take = (int)Math.Min(ChunkSize, piece.Length - done);
                        ulong address = piece.PhysicalAddress + (ulong)done;
                        if (!memory(address, buffer.AsSpan(0, take)))
                        {
                            throw new IOException($"Physical memory 0x{address:X}..0x{address + (ulong)take:X} cannot be read; the dump header stays incomplete.");
                        }

                        destination.Position = piece.FileOffset + done;
                        destination.Write(buffer, 0, take);
                        done += take;
                    }

                    break;
                case DumpFilePieceKind.DumpHeader:
                    // Already written in its incomplete form; rewritten as final below.
                    break;
            }
        }

        destination.Flush();
        DumpHeader64Builder.BuildFinal(header, parameters, layout);
        destination.Position = 0;
        destination.Write(header);
        destination.Flush();
    }
}
