using System.Buffers.Binary;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Hardware.Ide;

/// <summary>The channel as the normal-mode driver left it at the bugcheck (manifest <c>hardware.crash_state</c>).</summary>
internal sealed partial class IdeChannel
{
    /// <summary>Sectors of the normal-mode driver's READ DMA caught in flight (running crash state).</summary>
    internal const int NormalModeDmaSectors = 8;

    private const ulong PageSize = 4096;

    /// <summary>
    /// Running: the normal-mode driver's READ DMA of the master's first sectors is in flight: its PRD table and buffer in
    /// its own memory, the command issued (BSY), the bus master started (Active). A dump miniport that does not reset
    /// the channel meets BSY, then an interrupt for a transfer it never asked for.
    /// </summary>
    public void EnterRunningState()
    {
        if (_disks[0] is not { } disk)
        {
            return;
        }

        int bytes = NormalModeDmaSectors * disk.SectorSize;
        ulong table = NormalModeDriverMemory.Place(_memory, PageSize + (ulong)bytes);
        ulong buffer = table + PageSize;
        Span<byte> prd = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(prd, (uint)buffer);
        BinaryPrimitives.WriteUInt16LittleEndian(prd[4..], (ushort)bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(prd[6..], 0x8000);
        _memory.TryWrite(table, prd);
        WriteBusMaster32(BusMasterRegisters.PrdTableOffset, (uint)table);
        WriteCommandBlock(IdeCommandRegister.Device, 0xE0);
        WriteCommandBlock(IdeCommandRegister.SectorCount, NormalModeDmaSectors);
        WriteCommandBlock(IdeCommandRegister.LbaLow, 0);
        WriteCommandBlock(IdeCommandRegister.LbaMid, 0);
        WriteCommandBlock(IdeCommandRegister.LbaHigh, 0);
        WriteCommandBlock(IdeCommandRegister.Command, AtaOpcodes.ReadDma);

        // Start, device-to-memory.
        WriteBusMaster8(BusMasterRegisters.CommandOffset, BusMasterRegisters.CommandStart | BusMasterRegisters.CommandWritesMemory);
    }

    /// <summary>Faulted: the master's last command failed (DRDY | ERR, ABRT); only a reset or a new command clears it.</summary>
    public void EnterFaultedState()
    {
        if (_disks[0] is not null)
        {
            _registers[0].Status = AtaStatusBits.Idle | AtaStatusBits.Error;
            _registers[0].Error = AtaErrorBits.Aborted;
        }
    }

    /// <summary>Hung: the master stays BSY, answering nothing, until a software reset (SRST).</summary>
    public void EnterHungState()
    {
        if (_disks[0] is not null)
        {
            _registers[0].Status = AtaStatusBits.DeviceReady | AtaStatusBits.Busy;
            _step = IdeStep.None;
        }
    }
}
