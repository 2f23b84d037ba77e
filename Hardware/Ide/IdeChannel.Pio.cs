using System.Globalization;

namespace DumpFramework.Hardware.Ide;

/// <content>PIO data-in and data-out through the data register (hardware-models §4.6).</content>
internal sealed partial class IdeChannel
{
    private void StartPio(AtaDisk disk, IdeTaskFileRegisters registers, bool write, bool multiple)
    {
        if (multiple && disk.MultipleCount == 0)
        {
            // READ/WRITE MULTIPLE while multiple mode is off.
            Abort();
            return;
        }

        if (!TryStartRange(disk, registers))
        {
            return;
        }

        _blockSectors = multiple ? disk.MultipleCount : 1;
        if (write)
        {
            // The first data-out block is requested without an interrupt.
            BeginWriteBlock();
        }
        else
        {
            LoadReadBlock();
        }
    }

    /// <summary>Reads the next DRQ block of a PIO data-in command from the medium, then raises DRQ and INTRQ.</summary>
    private void LoadReadBlock()
    {
        var disk = _disks[_device]!;
        int sectors = (int)Math.Min(_blockSectors, _sectorsLeft);
        long bad = disk.FirstUncorrectable(_lba, sectors);
        if (bad >= 0)
        {
            Fail(AtaErrorBits.Uncorrectable, bad, _sectorsLeft - (bad - _lba));
            return;
        }

        if (!disk.TryRead(_lba, _pioBuffer.AsSpan(0, sectors * disk.SectorSize)))
        {
            Fail(AtaErrorBits.Uncorrectable, _lba, _sectorsLeft);
            return;
        }

        BeginReadBlock(sectors, sectors * disk.SectorSize);
    }

    private void BeginReadBlock(int sectors, int length)
    {
        _phase = IdeDataPhase.PioIn;
        _blockSectorsNow = sectors;
        _blockLength = length;
        _blockPosition = 0;
        _registers[_device].Status = AtaStatusBits.Idle | AtaStatusBits.DataRequest;
        RaiseInterrupt();
    }

    private void BeginWriteBlock()
    {
        var disk = _disks[_device]!;
        int sectors = (int)Math.Min(_blockSectors, _sectorsLeft);
        _phase = IdeDataPhase.PioOut;
        _blockSectorsNow = sectors;
        _blockLength = sectors * disk.SectorSize;
        _blockPosition = 0;
        _registers[_device].Status = AtaStatusBits.Idle | AtaStatusBits.DataRequest;
    }

    private void ReadData(Span<byte> destination)
    {
        if (_phase != IdeDataPhase.PioIn || (_registers[_device].Status & AtaStatusBits.DataRequest) == 0)
        {
            // Data reads outside a data-in DRQ block return 0 and move nothing (QEMU).
            destination.Clear();
            return;
        }

        int take = Math.Min(destination.Length, _blockLength - _blockPosition);
        _pioBuffer.AsSpan(_blockPosition, take).CopyTo(destination);
        destination[take..].Clear();
        _blockPosition += take;
        if (_blockPosition < _blockLength)
        {
            return;
        }

        _lba += _blockSectorsNow;
        _sectorsLeft -= _blockSectorsNow;
        if (_sectorsLeft <= 0)
        {
            // After the last block: DRQ drops, no further interrupt.
            _phase = IdeDataPhase.None;
            _registers[_device].Status = AtaStatusBits.Idle;
            return;
        }

        _registers[_device].Status = AtaStatusBits.DeviceReady | AtaStatusBits.Busy;
        Schedule(IdeStep.LoadReadBlock);
    }

    private void WriteData(ReadOnlySpan<byte> source)
    {
        if (_phase != IdeDataPhase.PioOut || (_registers[_device].Status & AtaStatusBits.DataRequest) == 0)
        {
            // Data writes outside a data-out DRQ block are dropped.
            return;
        }

        int take = Math.Min(source.Length, _blockLength - _blockPosition);
        source[..take].CopyTo(_pioBuffer.AsSpan(_blockPosition, take));
        _blockPosition += take;
        if (_blockPosition < _blockLength)
        {
            return;
        }

        _registers[_device].Status = AtaStatusBits.DeviceReady | AtaStatusBits.Busy;
        Schedule(IdeStep.CommitWriteBlock);
    }

    /// <summary>Writes the block the host filled; then the next DRQ block or completion, each with INTRQ.</summary>
    private void CommitWriteBlock()
    {
        var disk = _disks[_device]!;
        int sectors = _blockSectorsNow;
        long bad = disk.FirstUncorrectable(_lba, sectors);
        int good = bad >= 0 ? (int)(bad - _lba) : sectors;
        if (good > 0 && !disk.TryWrite(_lba, _pioBuffer.AsSpan(0, good * disk.SectorSize)))
        {
            FailDeviceFault(string.Create(CultureInfo.InvariantCulture, $"device {_device}: write of LBA 0x{_lba:X} failed on {disk.Device.Path}"));
            return;
        }

        if (bad >= 0)
        {
            Fail(AtaErrorBits.Uncorrectable, bad, _sectorsLeft - good);
            return;
        }

        _lba += sectors;
        _sectorsLeft -= sectors;
        if (_sectorsLeft <= 0)
        {
            CompleteGood();
            return;
        }

        BeginWriteBlock();
        RaiseInterrupt();
    }
}
