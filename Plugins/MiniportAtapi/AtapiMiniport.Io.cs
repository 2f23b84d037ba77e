using System.Buffers.Binary;
using System.Globalization;
using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Plugins.MiniportAtapi;

/// <content>StartIo and the polled Interrupt routine: task-file programming, PIO blocks, PRD tables, completion.</content>
internal sealed partial class AtapiMiniport
{
    private const int PrdEntrySize = 8;
    private const uint SixtyFourKiB = 0x10000;

    private IdeRequestBlock? _irb;
    private AtapiProtocol _protocol;
    private long _transferred;
    private long _length;
    private int _blockBytes;
    private bool _dwordIo;
    private bool _bufferFault;

    /// <summary>The device whose IDENTIFY DEVICE answer the active request carries, kept for HwInitialize.</summary>
    private AtapiDevice? _identifying;

    /// <inheritdoc/>
    public bool HwStartIo(IdeRequestBlock irb)
    {
        ArgumentNullException.ThrowIfNull(irb);
        if (_irb is not null)
        {
            // One request at a time: the port must wait for the completion.
            return false;
        }

        if (_command is null || irb.TargetId > 1 || _devices[irb.TargetId].Kind == AtapiDeviceKind.None)
        {
            // No signature after the channel reset: nothing answers at this position.
            return CompleteNow(irb, IrbStatus.SelectionTimeout);
        }

        if (_devices[irb.TargetId].Kind == AtapiDeviceKind.Atapi)
        {
            _port.LogError(string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: device {irb.TargetId} has the ATAPI signature; packet devices are not driven while polling."));
            return CompleteNow(irb, IrbStatus.SelectionTimeout);
        }

        switch (irb.Function)
        {
            case IrbFunction.AtaCommand:
            case IrbFunction.AtaIdentify:
            case IrbFunction.AtaRead:
            case IrbFunction.AtaWrite:
            case IrbFunction.AtaFlush:
            case IrbFunction.AtaSmart:
            case IrbFunction.AtaGpLog:
                return StartTaskFile(irb);
            case IrbFunction.Shutdown:
            case IrbFunction.AdapterFlush:
            case IrbFunction.PowerChange:
                // The controller caches nothing; the device cache is flushed with an ATA command by the port.
                return CompleteNow(irb, IrbStatus.Success);
            case IrbFunction.LunReset:
                return CompleteNow(irb, HwReset() ? IrbStatus.Success : IrbStatus.BusReset);
            default:
                _port.LogError(string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: IRB function 0x{(ushort)irb.Function:X3} is not supported by an ATA disk channel in dump mode."));
                return CompleteNow(irb, IrbStatus.InvalidRequest);
        }
    }

    /// <inheritdoc/>
    public bool HwInterrupt()
    {
        var irb = _irb;
        if (irb is null)
        {
            return false;
        }

        // VENDOR: how your controller says it is still busy, wants data or has finished.
        byte status = AlternateStatus;
        if ((status & AtaRegisters.StatusBusy) != 0)
        {
            // Still working: we will be polled again.
            return true;
        }

        switch (_protocol)
        {
            case AtapiProtocol.Dma:
                PollDma(irb, status);
                break;
            case AtapiProtocol.PioIn:
                PollPioIn(irb, status);
                break;
            case AtapiProtocol.PioOut:
                PollPioOut(irb, status);
                break;
            default:
                Finish(irb);
                break;
        }

        return true;
    }

    private bool StartTaskFile(IdeRequestBlock irb)
    {
        var device = _devices[irb.TargetId];
        var parameters = device.Parameters;
        var flags = irb.IrbFlags;
        bool lba48 = (flags & IrbFlags.Lba48) != 0;
        bool dma = (flags & IrbFlags.UseDma) != 0;
        bool multiple = (flags & IrbFlags.PioMultiple) != 0;
        bool dataIn = irb.IsDataIn;
        bool dataOut = irb.IsDataOut;
        var current = irb.TaskFile.Current;

        string? refusal = null;
        if (lba48 && (parameters is null || !parameters.Lba48))
        {
            refusal = _settings.Lba48 ? "a 48-bit task file for a device without 48-bit addressing" : "a 48-bit task file while lba48=false";
        }
        else if (dataIn && dataOut)
        {
            refusal = "both DATA_IN and DATA_OUT";
        }
        else if ((dataIn || dataOut) && (irb.DataBuffer is null || irb.DataTransferLength == 0))
        {
            refusal = "a data transfer without a data buffer";
        }
        else if (dma && (!(dataIn || dataOut) || parameters is null || !parameters.UseDma || _prdTable is null))
        {
            refusal = "USE_DMA on a channel or device running PIO";
        }
        else if (multiple && (dma || parameters is null || parameters.MaxBlockXfer == 0))
        {
            refusal = "PIO_MULTIPLE while multiple mode is off";
        }

        if (refusal is not null)
        {
            _port.LogError(string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: refused command 0x{current.Command:X2}: {refusal}."));
            return CompleteNow(irb, IrbStatus.InvalidRequest);
        }

        bool identify = current.Command == AtaRegisters.IdentifyDevice;
        int sectorSize = identify ? 512 : Math.Max(512, parameters?.BytesPerSector ?? 512);
        _blockBytes = multiple ? sectorSize * parameters!.MaxBlockXfer : sectorSize;
        _protocol = dma ? AtapiProtocol.Dma : dataIn ? AtapiProtocol.PioIn : dataOut ? AtapiProtocol.PioOut : AtapiProtocol.NonData;
        _length = dataIn || dataOut ? irb.DataTransferLength : 0;
        _transferred = 0;
        _bufferFault = false;
        // IDENTIFY is what tells whether 32-bit data register access is allowed: read it 16 bits at a time.
        _dwordIo = device.DwordIo && !identify;
        if (_blockBytes > _block.Length)
        {
            _port.LogError(string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: a {_blockBytes}-byte DRQ block exceeds the {_block.Length}-byte buffer set up in HwInitialize."));
            return CompleteNow(irb, IrbStatus.InvalidRequest);
        }

        // VENDOR: program your controller from the IRB's task file.
        byte deviceHead = (byte)((current.DriveHead == 0 ? AtaRegisters.DeviceObsoleteBits : current.DriveHead & ~AtaRegisters.DeviceSelect) | (irb.TargetId << 4));
        var block = CommandBlock;
        block.Write8(AtaRegisters.DeviceHead, deviceHead);
        if (!WaitNotBusy(SelectTimeoutMicroseconds, out byte status) || (status & AtaRegisters.StatusDataRequest) != 0)
        {
            return CompleteNow(irb, IrbStatus.Busy);
        }

        if ((flags & IrbFlags.DrdyRequired) != 0 && (status & AtaRegisters.StatusReady) == 0 && identify)
        {
            // A device that is not ready for IDENTIFY looks wrong: one soft reset, as the DDK probe does, then again.
            HwReset();
            if (device.Kind != AtapiDeviceKind.Ata)
            {
                return CompleteNow(irb, IrbStatus.SelectionTimeout);
            }

            block.Write8(AtaRegisters.DeviceHead, deviceHead);
            if (!WaitNotBusy(CommandTimeoutMicroseconds, out status) || (status & AtaRegisters.StatusReady) == 0)
            {
                _port.LogError(string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: device {irb.TargetId} is not ready (status 0x{status:X2}) after a channel reset."));
                return CompleteNow(irb, IrbStatus.Busy);
            }
        }

        if ((flags & IrbFlags.DrdyRequired) != 0 && (status & AtaRegisters.StatusReady) == 0)
        {
            return CompleteNow(irb, IrbStatus.Busy);
        }

        if (dma && !TryBuildPrdTable(irb, out string? problem))
        {
            _port.LogError($"{_settings.LoadName}: {problem}");
            return CompleteNow(irb, IrbStatus.InvalidRequest);
        }

        if (lba48)
        {
            // 48-bit order: the previous (high-order) bytes first, then the current ones.
            var previous = irb.TaskFile.Previous;
            block.Write8(AtaRegisters.Features, previous.Features);
            block.Write8(AtaRegisters.SectorCount, previous.SectorCount);
            block.Write8(AtaRegisters.LbaLow, previous.SectorNumber);
            block.Write8(AtaRegisters.LbaMid, previous.CylinderLow);
            block.Write8(AtaRegisters.LbaHigh, previous.CylinderHigh);
        }

        block.Write8(AtaRegisters.Features, current.Features);
        block.Write8(AtaRegisters.SectorCount, current.SectorCount);
        block.Write8(AtaRegisters.LbaLow, current.SectorNumber);
        block.Write8(AtaRegisters.LbaMid, current.CylinderLow);
        block.Write8(AtaRegisters.LbaHigh, current.CylinderHigh);
        block.Write8(AtaRegisters.DeviceHead, deviceHead);

        if (dma)
        {
            var busMaster = _busMaster!;
            byte direction = dataIn ? AtaRegisters.BusMasterWritesMemory : (byte)0;
            busMaster.Write32(AtaRegisters.BusMasterPrdTable, (uint)_prdTable!.PhysicalAddress);
            busMaster.Write8(AtaRegisters.BusMasterCommand, direction);
            busMaster.Write8(AtaRegisters.BusMasterStatus, (byte)(busMaster.Read8(AtaRegisters.BusMasterStatus) | AtaRegisters.BusMasterError | AtaRegisters.BusMasterInterrupt));
            block.Write8(AtaRegisters.Command, current.Command);
            busMaster.Write8(AtaRegisters.BusMasterCommand, (byte)(direction | AtaRegisters.BusMasterStart));
        }
        else
        {
            block.Write8(AtaRegisters.Command, current.Command);
        }

        if (identify)
        {
            device.Identified = false;
            _identifying = device;
        }

        _irb = irb;
        return true;
    }

    /// <summary>Polled DMA completion: the device has dropped BSY and DRQ (BM Active then clears with exact PRDs), or
    /// the bus master reports an error. With nIEN set the BM Interrupt bit never latches, so it is not waited for.</summary>
    private void PollDma(IdeRequestBlock irb, byte status)
    {
        var busMaster = _busMaster!;
        byte bmStatus = busMaster.Read8(AtaRegisters.BusMasterStatus);
        bool busError = (bmStatus & AtaRegisters.BusMasterError) != 0;
        if (!busError && (status & AtaRegisters.StatusDataRequest) != 0)
        {
            return;
        }

        busMaster.Write8(AtaRegisters.BusMasterCommand, (byte)(busMaster.Read8(AtaRegisters.BusMasterCommand) & AtaRegisters.BusMasterWritesMemory));
        busMaster.Write8(AtaRegisters.BusMasterStatus, (byte)(bmStatus | AtaRegisters.BusMasterError | AtaRegisters.BusMasterInterrupt));
        if (busError)
        {
            _port.LogError(string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: bus master error (BM status 0x{bmStatus:X2}) during command 0x{irb.TaskFile.Current.Command:X2}."));
            _bufferFault = true;
        }

        if ((status & (AtaRegisters.StatusError | AtaRegisters.StatusFault)) == 0 && !busError)
        {
            _transferred = _length;
        }

        Finish(irb);
    }

    private void PollPioIn(IdeRequestBlock irb, byte status)
    {
        var block = CommandBlock;
        while (_transferred < _length && (status & (AtaRegisters.StatusDataRequest | AtaRegisters.StatusError | AtaRegisters.StatusBusy)) == AtaRegisters.StatusDataRequest)
        {
            int bytes = (int)Math.Min(_blockBytes, _length - _transferred);
            var data = _block.AsSpan(0, bytes);
            ReadDataBlock(block, data);
            if (_identifying is { } identified && _transferred < identified.IdentifyData.Length)
            {
                data[..Math.Min(bytes, identified.IdentifyData.Length - (int)_transferred)].CopyTo(identified.IdentifyData.AsSpan((int)_transferred));
            }

            if (!_port.WriteRequestData(irb, _transferred, data))
            {
                _bufferFault = true;
            }

            _transferred += bytes;
            status = AlternateStatus;
        }

        if ((status & AtaRegisters.StatusBusy) != 0)
        {
            return;
        }

        if ((status & AtaRegisters.StatusDataRequest) != 0 && (status & AtaRegisters.StatusError) == 0)
        {
            // More data than the IRB asked for: drain it so the device can finish, and report the mismatch.
            for (int i = 0; i < _blockBytes && (AlternateStatus & AtaRegisters.StatusDataRequest) != 0; i += 2)
            {
                block.Read16(AtaRegisters.Data);
            }

            _bufferFault = true;
            status = AlternateStatus;
            if ((status & AtaRegisters.StatusBusy) != 0)
            {
                return;
            }
        }

        Finish(irb);
    }

    private void PollPioOut(IdeRequestBlock irb, byte status)
    {
        var block = CommandBlock;
        while (_transferred < _length && (status & (AtaRegisters.StatusDataRequest | AtaRegisters.StatusError | AtaRegisters.StatusBusy)) == AtaRegisters.StatusDataRequest)
        {
            int bytes = (int)Math.Min(_blockBytes, _length - _transferred);
            var data = _block.AsSpan(0, bytes);
            if (!_port.ReadRequestData(irb, _transferred, data))
            {
                // The device still expects the block: feed it zeros and fail the request at the end.
                data.Clear();
                _bufferFault = true;
            }

            WriteDataBlock(block, data);
            _transferred += bytes;
            status = AlternateStatus;
        }

        if ((status & AtaRegisters.StatusBusy) != 0 || ((status & AtaRegisters.StatusDataRequest) != 0 && (status & AtaRegisters.StatusError) == 0 && _transferred < _length))
        {
            return;
        }

        Finish(irb);
    }

    private void ReadDataBlock(IRegisterSpace block, Span<byte> data)
    {
        int i = 0;
        if (_dwordIo)
        {
            for (; i + 4 <= data.Length; i += 4)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(data[i..], block.Read32(AtaRegisters.Data));
            }
        }

        for (; i + 2 <= data.Length; i += 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(data[i..], block.Read16(AtaRegisters.Data));
        }
    }

    private void WriteDataBlock(IRegisterSpace block, ReadOnlySpan<byte> data)
    {
        int i = 0;
        if (_dwordIo)
        {
            for (; i + 4 <= data.Length; i += 4)
            {
                block.Write32(AtaRegisters.Data, BinaryPrimitives.ReadUInt32LittleEndian(data[i..]));
            }
        }

        for (; i + 2 <= data.Length; i += 2)
        {
            block.Write16(AtaRegisters.Data, BinaryPrimitives.ReadUInt16LittleEndian(data[i..]));
        }
    }

    /// <summary>Reads Status (dropping any latched INTRQ), fills the IRB's status fields and completes it.</summary>
    private void Finish(IdeRequestBlock irb)
    {
        var block = CommandBlock;
        byte status = block.Read8(AtaRegisters.Status);
        irb.AtaStatus = status;
        irb.AtaError = 0;
        IrbStatus result;
        if ((status & (AtaRegisters.StatusError | AtaRegisters.StatusFault)) != 0)
        {
            irb.AtaError = block.Read8(AtaRegisters.Error);
            result = IrbStatus.DeviceError;
        }
        else if (_bufferFault)
        {
            result = IrbStatus.InvalidRequest;
        }
        else if (_transferred < _length)
        {
            result = IrbStatus.DataLengthMismatch;
        }
        else
        {
            result = IrbStatus.Success;
        }

        if (_length > 0)
        {
            irb.DataTransferLength = (uint)Math.Min(_transferred, _length);
        }

        if ((irb.IrbFlags & IrbFlags.ReturnResults) != 0)
        {
            ReadBackTaskFile(irb);
            result |= IrbStatus.ReturnTaskFileValid;
        }

        if (_identifying is { } device)
        {
            // The port reads the answer from its buffer; the miniport keeps its own copy for the transfer modes.
            device.Identified = result == IrbStatus.Success && _transferred >= device.IdentifyData.Length;
            device.DwordIo = device.Identified && (device.Word(48) & 0x0001) != 0;
            _identifying = null;
        }

        irb.IrbStatus = result;
        _irb = null;
        _port.CompleteRequest(irb);
    }

    /// <summary>IRB_FLAGS_RETURN_RESULTS: the task file after the command, the HOB bytes through Device Control HOB.</summary>
    private void ReadBackTaskFile(IdeRequestBlock irb)
    {
        var block = CommandBlock;
        var current = irb.TaskFile.Current;
        current.Features = block.Read8(AtaRegisters.Error);
        current.SectorCount = block.Read8(AtaRegisters.SectorCount);
        current.SectorNumber = block.Read8(AtaRegisters.LbaLow);
        current.CylinderLow = block.Read8(AtaRegisters.LbaMid);
        current.CylinderHigh = block.Read8(AtaRegisters.LbaHigh);
        current.DriveHead = block.Read8(AtaRegisters.DeviceHead);
        current.Command = irb.AtaStatus;
        if ((irb.IrbFlags & IrbFlags.Lba48) != 0)
        {
            var previous = irb.TaskFile.Previous;
            ControlBlock.Write8(AtaRegisters.DeviceControl, AtaRegisters.ControlInterruptDisable | AtaRegisters.ControlHighOrderByte);
            previous.SectorCount = block.Read8(AtaRegisters.SectorCount);
            previous.SectorNumber = block.Read8(AtaRegisters.LbaLow);
            previous.CylinderLow = block.Read8(AtaRegisters.LbaMid);
            previous.CylinderHigh = block.Read8(AtaRegisters.LbaHigh);
            ControlBlock.Write8(AtaRegisters.DeviceControl, AtaRegisters.ControlInterruptDisable);
        }
    }

    /// <summary>Fills the PRD table from the IRB's scatter/gather list, splitting pieces at 64 KiB boundaries.</summary>
    private bool TryBuildPrdTable(IdeRequestBlock irb, out string? problem)
    {
        var table = _prdTable!.Span;
        int capacity = table.Length / PrdEntrySize;
        int entries = 0;
        long total = 0;
        foreach (var segment in _port.GetScatterGatherList(irb))
        {
            ulong address = segment.Address;
            ulong left = segment.Length;
            if (((address | left) & 1) != 0 || address + left > (1UL << 32))
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"segment 0x{address:X} + 0x{left:X} cannot be described by a 32-bit, word-aligned PRD entry.");
                return false;
            }

            while (left > 0)
            {
                if (entries == capacity)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"the request needs more than {capacity} PRD entries.");
                    return false;
                }

                uint room = SixtyFourKiB - (uint)(address & 0xFFFF);
                uint take = (uint)Math.Min(left, room);
                var entry = table.Slice(entries * PrdEntrySize, PrdEntrySize);
                BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)address);
                // A byte count of 0 means 64 KiB.
                BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], take & 0xFFFF);
                entries++;
                address += take;
                left -= take;
                total += take;
            }
        }

        if (entries == 0 || total != _length)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"the scatter/gather list describes {total} bytes for a {_length}-byte transfer.");
            return false;
        }

        var last = table.Slice(((entries - 1) * PrdEntrySize) + 4, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(last, BinaryPrimitives.ReadUInt32LittleEndian(last) | 0x8000_0000);
        problem = null;
        return true;
    }

    private bool CompleteNow(IdeRequestBlock irb, IrbStatus status)
    {
        irb.IrbStatus = status;
        _port.CompleteRequest(irb);
        return true;
    }

    /// <summary>Completes a request cut short by a reset, stopping the bus master first.</summary>
    private void AbandonActiveRequest(IrbStatus status)
    {
        var irb = _irb;
        if (irb is null)
        {
            return;
        }

        _irb = null;
        _identifying = null;
        if (_protocol == AtapiProtocol.Dma && _busMaster is { } busMaster)
        {
            busMaster.Write8(AtaRegisters.BusMasterCommand, 0);
        }

        irb.DataTransferLength = 0;
        CompleteNow(irb, status);
    }
}
