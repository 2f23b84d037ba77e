namespace DumpFramework.Abstractions.Scsi;

/// <summary>Helpers for <see cref="SrbStatus"/> values carrying flag bits.</summary>
public static class SrbStatusExtensions
{
    private const byte FlagMask = 0xC0;

    /// <summary>The status code without the flag bits (the SRB_STATUS() macro).</summary>
    /// <param name="status">A status with optional flags.</param>
    /// <returns>The bare code.</returns>
    public static SrbStatus Code(this SrbStatus status) => (SrbStatus)((byte)status & ~FlagMask);

    /// <summary>Whether SRB_STATUS_AUTOSENSE_VALID is set.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> when sense data is valid.</returns>
    public static bool HasAutosense(this SrbStatus status) => ((byte)status & (byte)SrbStatus.AutosenseValid) != 0;

    /// <summary>Whether SRB_STATUS_QUEUE_FROZEN is set.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> when the queue is frozen.</returns>
    public static bool IsQueueFrozen(this SrbStatus status) => ((byte)status & (byte)SrbStatus.QueueFrozen) != 0;

    /// <summary>Adds flag bits to a status code.</summary>
    /// <param name="status">The code.</param>
    /// <param name="flags">Flags to add (<see cref="SrbStatus.AutosenseValid"/>, <see cref="SrbStatus.QueueFrozen"/>).</param>
    /// <returns>The combined status.</returns>
    public static SrbStatus With(this SrbStatus status, SrbStatus flags) => (SrbStatus)((byte)status | ((byte)flags & FlagMask));
}
