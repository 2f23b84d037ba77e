using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Hardware.Contracts;

/// <summary>The outcome of one SCSI command at the target.</summary>
/// <param name="Status">The SCSI status byte.</param>
/// <param name="TransferredBytes">Bytes actually moved in the data phase (the rest is residual).</param>
/// <param name="Sense">Fixed-format sense data for a CHECK CONDITION (empty otherwise).</param>
/// <param name="DataTransferFailed">Whether the data phase failed at the transport (DMA) level.</param>
public readonly record struct ScsiCommandResult(ScsiStatus Status, long TransferredBytes, ReadOnlyMemory<byte> Sense, bool DataTransferFailed = false)
{
    /// <summary>A GOOD completion that moved <paramref name="transferredBytes"/>.</summary>
    /// <param name="transferredBytes">Bytes moved.</param>
    /// <returns>The result.</returns>
    public static ScsiCommandResult Good(long transferredBytes) => new(ScsiStatus.Good, transferredBytes, ReadOnlyMemory<byte>.Empty);
}
