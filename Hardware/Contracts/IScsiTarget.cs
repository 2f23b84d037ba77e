namespace DumpFramework.Hardware.Contracts;

/// <summary>
/// A SCSI target device (SPC/SBC) that a controller model hands CDBs to: the disk behind the LSI and PVSCSI models.
/// </summary>
public interface IScsiTarget
{
    /// <summary>A short description, e.g. <c>DFBENCH VDISK 1.0, 1 GiB, 512-byte blocks</c>.</summary>
    string Description { get; }

    /// <summary>The direction a CDB moves data, so a transport can check the initiator's declared direction.</summary>
    /// <param name="cdb">The CDB.</param>
    /// <returns>The direction (<see cref="ScsiDataDirection.None"/> for unknown opcodes).</returns>
    ScsiDataDirection GetDataDirection(ReadOnlySpan<byte> cdb);

    /// <summary>The bytes the CDB asks to move (QEMU's <c>cmd.xfer</c>): blocks times the block size for a read or
    /// write, the allocation or parameter list length otherwise, 0 for a command without data.</summary>
    /// <param name="cdb">The CDB.</param>
    /// <returns>The length, or -1 when the target cannot tell (a transport then does not check it).</returns>
    long GetTransferLength(ReadOnlySpan<byte> cdb) => -1;

    /// <summary>Executes one command synchronously.</summary>
    /// <param name="lun">The logical unit addressed.</param>
    /// <param name="cdb">The CDB (6 to 16 bytes).</param>
    /// <param name="data">The data phase.</param>
    /// <returns>The status, bytes moved and sense.</returns>
    ScsiCommandResult Execute(byte lun, ReadOnlySpan<byte> cdb, IScsiDataTransfer data);

    /// <summary>A bus or target reset as seen by the target (may raise a UNIT ATTENTION).</summary>
    void Reset();
}
