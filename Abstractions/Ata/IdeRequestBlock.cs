using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Abstractions.Ata;

/// <summary>
/// IDE_REQUEST_BLOCK (<c>irb.h</c>): one request from ataport to the channel miniport. The port fills the task file,
/// flags and data; the miniport writes <see cref="IrbStatus"/>, <see cref="AtaStatus"/>, <see cref="AtaError"/> and,
/// on a short transfer, <see cref="DataTransferLength"/>.
/// </summary>
public sealed class IdeRequestBlock
{
    private readonly byte[] _cdb = new byte[16];

    /// <summary>Function (IRB_FUNCTION_*).</summary>
    public IrbFunction Function { get; set; }

    /// <summary>IrbStatus, written by the miniport.</summary>
    public IrbStatus IrbStatus { get; set; }

    /// <summary>AtaStatus: the Status register at completion (BSY 0x80, DRDY 0x40, DF 0x20, DRQ 0x08, ERR 0x01).</summary>
    public byte AtaStatus { get; set; }

    /// <summary>AtaError: the Error register at completion (ICRC 0x80, UNC 0x40, IDNF 0x10, ABRT 0x04).</summary>
    public byte AtaError { get; set; }

    /// <summary>Channel number.</summary>
    public byte Channel { get; set; }

    /// <summary>TargetId: 0 master, 1 slave.</summary>
    public byte TargetId { get; set; }

    /// <summary>Lun.</summary>
    public byte Lun { get; set; }

    /// <summary>IrbFlags.</summary>
    public IrbFlags IrbFlags { get; set; }

    /// <summary>TimeOutValue in seconds (timed by the port).</summary>
    public uint TimeOutValue { get; set; }

    /// <summary>DataTransferLength in bytes; lowered by the miniport on a short transfer.</summary>
    public uint DataTransferLength { get; set; }

    /// <summary>DataBuffer as physical segments; <see langword="null"/> when no data moves.</summary>
    public Mdl? DataBuffer { get; set; }

    /// <summary>SenseInfoBuffer (for ATAPI packets).</summary>
    public IDmaBuffer? SenseInfoBuffer { get; set; }

    /// <summary>SenseInfoBufferLength.</summary>
    public byte SenseInfoBufferLength { get; set; }

    /// <summary>IrbExtension: per-request miniport scratch memory, e.g. for a PRD table.</summary>
    public IDmaBuffer? IrbExtension { get; set; }

    /// <summary>The ATA task file (Current, and Previous for 48-bit commands).</summary>
    public IdeTaskFile TaskFile { get; } = new();

    /// <summary>CdbLength, for ATAPI packets.</summary>
    public byte CdbLength { get; private set; }

    /// <summary>The ATAPI packet CDB (first <see cref="CdbLength"/> bytes).</summary>
    public ReadOnlySpan<byte> Cdb => _cdb.AsSpan(0, CdbLength);

    /// <summary>Whether data moves from the device to memory.</summary>
    public bool IsDataIn => (IrbFlags & IrbFlags.DataIn) != 0;

    /// <summary>Whether data moves from memory to the device.</summary>
    public bool IsDataOut => (IrbFlags & IrbFlags.DataOut) != 0;

    /// <summary>Sets the ATAPI CDB.</summary>
    /// <param name="cdb">1 to 16 bytes.</param>
    public void SetCdb(ReadOnlySpan<byte> cdb)
    {
        if (cdb.IsEmpty || cdb.Length > _cdb.Length)
        {
            throw new ArgumentException("An ATAPI CDB is 1 to 16 bytes.", nameof(cdb));
        }

        _cdb.AsSpan().Clear();
        cdb.CopyTo(_cdb);
        CdbLength = (byte)cdb.Length;
    }
}
