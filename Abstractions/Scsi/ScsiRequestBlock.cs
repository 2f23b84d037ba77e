using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Abstractions.Scsi;

/// <summary>
/// SCSI_REQUEST_BLOCK (<c>srb.h</c>): one request from the port to the miniport. The port fills the request fields;
/// the miniport writes <see cref="SrbStatus"/>, <see cref="ScsiStatus"/>, <see cref="DataTransferLength"/> (on
/// underrun) and the sense buffer.
/// </summary>
public sealed class ScsiRequestBlock
{
    /// <summary>Maximum CDB length (the 16-byte Cdb array).</summary>
    public const int MaximumCdbLength = 16;

    private readonly byte[] _cdb = new byte[MaximumCdbLength];

    /// <summary>SCSI_REQUEST_BLOCK.Function.</summary>
    public SrbFunction Function { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.SrbStatus: <see cref="SrbStatus.Pending"/> until the miniport completes the request.</summary>
    public SrbStatus SrbStatus { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.ScsiStatus: the SCSI status byte returned by the target.</summary>
    public ScsiStatus ScsiStatus { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.PathId (bus).</summary>
    public byte PathId { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.TargetId.</summary>
    public byte TargetId { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.Lun.</summary>
    public byte Lun { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.QueueTag (<see cref="SrbQueueAction.Untagged"/> when untagged).</summary>
    public byte QueueTag { get; set; } = SrbQueueAction.Untagged;

    /// <summary>SCSI_REQUEST_BLOCK.QueueAction (<see cref="SrbQueueAction.SimpleTag"/> and friends).</summary>
    public byte QueueAction { get; set; } = SrbQueueAction.SimpleTag;

    /// <summary>SCSI_REQUEST_BLOCK.CdbLength: 6, 10, 12 or 16.</summary>
    public byte CdbLength { get; private set; }

    /// <summary>The CDB bytes (big-endian SCSI fields); only the first <see cref="CdbLength"/> are meaningful.</summary>
    public ReadOnlySpan<byte> Cdb => _cdb.AsSpan(0, CdbLength);

    /// <summary>SCSI_REQUEST_BLOCK.SrbFlags: direction and behaviour flags.</summary>
    public SrbFlags SrbFlags { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.DataTransferLength: bytes to move; the miniport lowers it on underrun.</summary>
    public uint DataTransferLength { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.TimeOutValue in seconds; the port times the request in stall time.</summary>
    public uint TimeOutValue { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.DataBuffer, as its physical description (MDL); <see langword="null"/> when no data moves.</summary>
    public Mdl? DataBuffer { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.DataBuffer as a system virtual address: set by the port when it maps this request's
    /// data (HW_INITIALIZATION_DATA.MapBuffers, see <see cref="StorMapBuffers"/>), <see langword="null"/> when it does not
    /// or no data moves.</summary>
    public RequestDataView? DataView { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.SenseInfoBuffer: a port-owned buffer in DMA memory (its physical address may be given to the device).</summary>
    public IDmaBuffer? SenseInfoBuffer { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.SenseInfoBufferLength: usable bytes of the sense buffer (typically 18, at most 255).</summary>
    public byte SenseInfoBufferLength { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.SrbExtension: per-request miniport scratch memory (HwInitializationData.SrbExtensionSize bytes).</summary>
    public IDmaBuffer? SrbExtension { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.QueueSortKey: the starting LBA (informational).</summary>
    public uint QueueSortKey { get; set; }

    /// <summary>SCSI_REQUEST_BLOCK.InternalStatus (Storport: the real status behind <see cref="SrbStatus.InternalError"/>).</summary>
    public uint InternalStatus { get; set; }

    /// <summary>Whether data moves from the device to memory.</summary>
    public bool IsDataIn => (SrbFlags & SrbFlags.DataIn) != 0;

    /// <summary>Whether data moves from memory to the device.</summary>
    public bool IsDataOut => (SrbFlags & SrbFlags.DataOut) != 0;

    /// <summary>Sets the CDB.</summary>
    /// <param name="cdb">1 to 16 bytes.</param>
    /// <exception cref="ArgumentException">The CDB is empty or longer than 16 bytes.</exception>
    public void SetCdb(ReadOnlySpan<byte> cdb)
    {
        if (cdb.IsEmpty || cdb.Length > MaximumCdbLength)
        {
            throw new ArgumentException($"A CDB is 1 to {MaximumCdbLength} bytes, not {cdb.Length}.", nameof(cdb));
        }

        _cdb.AsSpan().Clear();
        cdb.CopyTo(_cdb);
        CdbLength = (byte)cdb.Length;
    }

    /// <summary>The target address of this request.</summary>
    /// <param name="portNumber">The adapter number to report.</param>
    /// <returns>The SCSI address.</returns>
    public ScsiAddress GetAddress(byte portNumber = 0) => new(portNumber, PathId, TargetId, Lun);
}
