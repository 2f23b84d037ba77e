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

    /// <summary>Data-in: the target pushes bytes into the initiator's buffer.</summary>
    /// <param name="offset">Byte offset in the buffer.</param>
    /// <param name="source">The bytes.</param>
    /// <returns><see langword="false"/> if the DMA failed.</returns>
    bool TryWriteToInitiator(long offset, ReadOnlySpan<byte> source);
}
