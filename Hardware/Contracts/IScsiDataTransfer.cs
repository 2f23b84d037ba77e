namespace DumpFramework.Hardware.Contracts;

/// <summary>
/// The data phase of one SCSI command as the transport (the controller model) provides it: the initiator's buffer,
/// usually reached by DMA through a scatter/gather list. A failed access means the DMA failed (unmapped memory or a
/// malformed SGL); the target stops and reports it, and the controller turns it into its own error status.
/// </summary>
public interface IScsiDataTransfer
{
    /// <summary>The initiator's buffer length in bytes (the expected transfer length).</summary>
    long Length { get; }

    /// <summary>The direction the initiator declared.</summary>
    ScsiDataDirection Direction { get; }

    /// <summary>Data-out: the target pulls bytes from the initiator's buffer.</summary>
    /// <param name="offset">Byte offset in the buffer.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <returns><see langword="false"/> if the DMA failed.</returns>
    bool TryReadFromInitiator(long offset, Span<byte> destination);

    /// <summary>
    /// Data-out in place: how many of the initiator's bytes from <paramref name="offset"/> (at most
    /// <paramref name="maximum"/>) lie in one piece of host memory the target may read directly (a DMA buffer, such as
    /// a dump filter's substitute), and that memory. A controller's DMA engine streams such bytes to the drive without a
    /// staging copy. 0 when they do not (the dumped memory is read from its image) or the access would fail: the target
    /// then copies with <see cref="TryReadFromInitiator"/>, which reports the failure.
    /// </summary>
    /// <param name="offset">Byte offset in the buffer.</param>
    /// <param name="maximum">The most bytes wanted.</param>
    /// <param name="bytes">The bytes, valid until the command completes.</param>
    /// <returns>How many bytes <paramref name="bytes"/> holds.</returns>
    int MapForRead(long offset, int maximum, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        return 0;
    }

    /// <summary>Data-in: the target pushes bytes into the initiator's buffer.</summary>
    /// <param name="offset">Byte offset in the buffer.</param>
    /// <param name="source">The bytes.</param>
    /// <returns><see langword="false"/> if the DMA failed.</returns>
    bool TryWriteToInitiator(long offset, ReadOnlySpan<byte> source);
}
