using System.Buffers.Binary;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Ide;

/// <summary>
/// One IDE channel: two device slots sharing a task file (each device latches every write and keeps its own HOB
/// copies, Status and Error), Device Control (nIEN, SRST, HOB), the latched INTRQ line, the PIO data register and the
/// channel's bus-master engine. Driven only by register accesses; work finishes either inside the access or after
/// <see cref="PiixIdeOptions.CompletionLatency"/> status polls. Host mistakes end in ATA or bus-master error status,
/// never in an exception.
/// </summary>
internal sealed partial class IdeChannel
{
    private readonly IPhysicalMemory _memory;
    private readonly AtaDisk?[] _disks;
    private readonly IdeTaskFileRegisters[] _registers = [new(), new()];
    private readonly BusMasterRegisters _busMaster = new();
    private readonly PiixIdeOptions _options;
    private readonly byte[] _pioBuffer;

    private byte _deviceControl;
    private bool _interruptPending;
    private int _selected;

    private IdeStep _step;
    private ulong _stepDueAt;
    private readonly DeviceClock _clock;
    private IdeDataPhase _phase;
    private int _device;
    private byte _command;
    private bool _ext;
    private long _lba;
    private long _sectorsLeft;
    private int _blockSectors;
    private int _blockSectorsNow;
    private int _blockLength;
    private int _blockPosition;

    private string? _busMasterFault;
    private string? _deviceFault;

    public IdeChannel(IPhysicalMemory memory, AtaDisk? master, AtaDisk? slave, PiixIdeOptions options)
    {
        _memory = memory;
        _disks = [master, slave];
        _options = options;
        _clock = new DeviceClock(options.Clock);
        int largestBlock = AtaDisk.IdentifyLength;
        foreach (var disk in _disks)
        {
            if (disk is not null)
            {
                largestBlock = Math.Max(largestBlock, disk.MaximumMultiple * disk.SectorSize);
            }
        }

        _pioBuffer = new byte[largestBlock];
        PowerOnReset();
    }

    /// <summary>The INTRQ line as the interrupt controller sees it: latched and not masked by nIEN.</summary>
    public bool InterruptAsserted => _interruptPending && (_deviceControl & IdeCommandRegister.ControlInterruptDisable) == 0;

    /// <summary>The last bus-master error or device fault, for <see cref="IEmulatedController.Fault"/>.</summary>
    public string? Fault => _busMasterFault ?? _deviceFault;

    private bool HighOrderByte => (_deviceControl & IdeCommandRegister.ControlHighOrderByte) != 0;

    private bool ResetAsserted => (_deviceControl & IdeCommandRegister.ControlSoftReset) != 0;

    /// <summary>Power-on: every device back to its defaults, signatures loaded, bus master stopped.</summary>
    public void PowerOnReset()
    {
        _deviceControl = 0;
        _interruptPending = false;
        _selected = 0;
        _busMaster.Reset();
        _busMasterFault = null;
        _deviceFault = null;
        CancelCommand();
        for (int i = 0; i < _disks.Length; i++)
        {
            _disks[i]?.PowerOnReset();
            _registers[i].LoadSignature();
            _registers[i].Status = _disks[i] is null ? (byte)0 : AtaStatusBits.Idle;
        }

        UpdateDmaCapableBits();
    }

    // ---- command block ----

    public byte ReadCommandBlock(int offset)
    {
        if (_disks[0] is null && _disks[1] is null)
        {
            // An empty channel: nothing drives the bus (QEMU returns 0).
            return 0;
        }

        switch (offset)
        {
            case IdeCommandRegister.Data:
                // A byte read of the data register moves no data.
                return 0xFF;
            case IdeCommandRegister.Status:
                return ReadStatus(acknowledge: true);
            default:
                return _registers[_selected].Read(offset, HighOrderByte);
        }
    }

    public void WriteCommandBlock(int offset, byte value)
    {
        if (offset is < IdeCommandRegister.Features or > IdeCommandRegister.Command)
        {
            // Byte writes to the data register move no data.
            return;
        }

        // Any task-file or command write clears HOB.
        _deviceControl &= unchecked((byte)~IdeCommandRegister.ControlHighOrderByte);
        if (offset == IdeCommandRegister.Command)
        {
            WriteCommand(value);
            return;
        }

        if ((_registers[_selected].Status & (AtaStatusBits.Busy | AtaStatusBits.DataRequest)) != 0 || ResetAsserted)
        {
            return;
        }

        foreach (var registers in _registers)
        {
            registers.Latch(offset, value);
        }

        if (offset == IdeCommandRegister.Device)
        {
            _selected = (value & IdeCommandRegister.DeviceSelect) != 0 ? 1 : 0;
        }
    }

    // ---- control block ----

    public byte ReadAlternateStatus() => ReadStatus(acknowledge: false);

    public void WriteDeviceControl(byte value)
    {
        bool wasReset = ResetAsserted;
        _deviceControl = value;
        bool reset = ResetAsserted;
        if (!wasReset && reset)
        {
            // SRST asserted: everything stops and the devices go busy until SRST is released.
            CancelCommand();
            _interruptPending = false;
            _busMaster.Status &= unchecked((byte)~BusMasterRegisters.StatusActive);
            for (int i = 0; i < _disks.Length; i++)
            {
                if (_disks[i] is not null)
                {
                    _registers[i].Status = AtaStatusBits.Busy | AtaStatusBits.SeekComplete;
                }
            }
        }
        else if (wasReset && !reset)
        {
            // The devices' reset and self-check keep BSY for the reset latency, not a command's.
            Schedule(IdeStep.ResetDone, _options.ResetLatency ?? _options.CompletionLatency);
        }
    }

    // ---- data register ----

    public ushort ReadData16()
    {
        Span<byte> bytes = stackalloc byte[2];
        ReadData(bytes);
        return BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    }

    public uint ReadData32()
    {
        Span<byte> bytes = stackalloc byte[4];
        ReadData(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    public void WriteData16(ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        WriteData(bytes);
    }

    public void WriteData32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        WriteData(bytes);
    }

    // ---- bus master ----

    public byte ReadBusMaster8(int offset)
    {
        switch (offset)
        {
            case BusMasterRegisters.CommandOffset:
                return _busMaster.Command;
            case BusMasterRegisters.StatusOffset:
                Poll();
                return _busMaster.Status;
            case >= BusMasterRegisters.PrdTableOffset and < BusMasterRegisters.PrdTableOffset + 4:
                return (byte)(_busMaster.PrdTable >> (8 * (offset - BusMasterRegisters.PrdTableOffset)));
            default:
                return 0;
        }
    }

    public uint ReadBusMaster32(int offset) => offset == BusMasterRegisters.PrdTableOffset
        ? _busMaster.PrdTable
        : (uint)(ReadBusMaster8(offset) | (ReadBusMaster8(offset + 1) << 8) | (ReadBusMaster8(offset + 2) << 16) | (ReadBusMaster8(offset + 3) << 24));

    public void WriteBusMaster8(int offset, byte value)
    {
        switch (offset)
        {
            case BusMasterRegisters.CommandOffset:
                WriteBusMasterCommand(value);
                break;
            case BusMasterRegisters.StatusOffset:
                _busMaster.WriteStatus(value);
                if ((_busMaster.Status & BusMasterRegisters.StatusError) == 0)
                {
                    _busMasterFault = null;
                }

                break;
            case >= BusMasterRegisters.PrdTableOffset and < BusMasterRegisters.PrdTableOffset + 4:
                int shift = 8 * (offset - BusMasterRegisters.PrdTableOffset);
                uint merged = (_busMaster.PrdTable & ~(0xFFu << shift)) | ((uint)value << shift);
                _busMaster.PrdTable = merged & ~3u;
                break;
            default:
                break;
        }
    }

    public void WriteBusMaster32(int offset, uint value)
    {
        if (offset == BusMasterRegisters.PrdTableOffset)
        {
            // The table is dword aligned: bits 1:0 read back as 0.
            _busMaster.PrdTable = value & ~3u;
            return;
        }

        for (int i = 0; i < 4; i++)
        {
            WriteBusMaster8(offset + i, (byte)(value >> (8 * i)));
        }
    }

    private void WriteBusMasterCommand(byte value)
    {
        bool wasStarted = _busMaster.Started;
        // The direction bit is fixed while the engine runs (QEMU keeps it).
        byte direction = wasStarted ? (byte)(_busMaster.Command & BusMasterRegisters.CommandWritesMemory) : (byte)(value & BusMasterRegisters.CommandWritesMemory);
        _busMaster.Command = (byte)((value & BusMasterRegisters.CommandStart) | direction);
        if (!_busMaster.Started)
        {
            // Stopping the engine clears Active; a device still waiting for DMA keeps waiting.
            _busMaster.Status &= unchecked((byte)~BusMasterRegisters.StatusActive);
            return;
        }

        if (!wasStarted)
        {
            _busMaster.Status |= BusMasterRegisters.StatusActive;
            if (_phase == IdeDataPhase.Dma && _step == IdeStep.None)
            {
                Schedule(IdeStep.DmaTransfer);
            }
        }
    }

    // ---- status and the completion clock ----

    private byte ReadStatus(bool acknowledge)
    {
        Poll();
        if (acknowledge)
        {
            _interruptPending = false;
        }

        return _disks[_selected] is null ? (byte)0 : _registers[_selected].Status;
    }

    /// <summary>One host poll (a status read, a bus round trip): runs the pending step once its busy period is over.</summary>
    private void Poll()
    {
        // The read sees the device as it is when the read starts; the round trip then takes its time.
        bool due = _step != IdeStep.None && _clock.Now >= _stepDueAt;
        _clock.RegisterRead();
        if (due)
        {
            RunStep();
        }
    }

    private void Schedule(IdeStep step) => Schedule(step, _options.CompletionLatency);

    private void Schedule(IdeStep step, int latency)
    {
        _step = step;
        if (latency == 0)
        {
            RunStep();
            return;
        }

        _stepDueAt = _clock.After(latency);
    }

    private void RunStep()
    {
        var step = _step;
        _step = IdeStep.None;
        switch (step)
        {
            case IdeStep.Execute:
                Execute();
                break;
            case IdeStep.LoadReadBlock:
                LoadReadBlock();
                break;
            case IdeStep.CommitWriteBlock:
                CommitWriteBlock();
                break;
            case IdeStep.DmaTransfer:
                RunDmaTransfer();
                break;
            case IdeStep.ResetDone:
                FinishSoftReset();
                break;
            default:
                break;
        }
    }

    private void FinishSoftReset()
    {
        _selected = 0;
        _deviceFault = null;
        for (int i = 0; i < _disks.Length; i++)
        {
            _registers[i].LoadSignature();
            _registers[i].Status = _disks[i] is null ? (byte)0 : AtaStatusBits.Idle;
        }
    }

    private void CancelCommand()
    {
        _step = IdeStep.None;
        _stepDueAt = 0;
        _phase = IdeDataPhase.None;
        _sectorsLeft = 0;
        _blockLength = 0;
        _blockPosition = 0;
    }

    /// <summary>INTRQ: latched unless nIEN masks it; the bus master's Interrupt bit follows the line.</summary>
    private void RaiseInterrupt()
    {
        if ((_deviceControl & IdeCommandRegister.ControlInterruptDisable) == 0)
        {
            _interruptPending = true;
            _busMaster.Status |= BusMasterRegisters.StatusInterrupt;
        }
    }

    private void UpdateDmaCapableBits()
    {
        byte capable = 0;
        if (_disks[0] is not null)
        {
            capable |= BusMasterRegisters.StatusDrive0DmaCapable;
        }

        if (_disks[1] is not null)
        {
            capable |= BusMasterRegisters.StatusDrive1DmaCapable;
        }

        _busMaster.Status = (byte)((_busMaster.Status & 0x07) | capable);
    }
}
