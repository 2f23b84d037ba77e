using System.Globalization;

namespace DumpFramework.Hardware.Ide;

/// <content>Command acceptance and the ATA command set of the disk model (hardware-models §4.5).</content>
internal sealed partial class IdeChannel
{
    private void WriteCommand(byte value)
    {
        // A command write acknowledges any pending interrupt.
        _interruptPending = false;
        if (ResetAsserted)
        {
            return;
        }

        int target = _selected;
        if (value == AtaOpcodes.ExecuteDeviceDiagnostic)
        {
            // Device 0 runs the diagnostic for the whole channel, whichever device is selected.
            target = 0;
        }

        if (_disks[target] is null)
        {
            // A command to an absent device is ignored.
            return;
        }

        var registers = _registers[target];
        if ((registers.Status & (AtaStatusBits.Busy | AtaStatusBits.DataRequest)) != 0)
        {
            // Only a device reset would be taken now, and that is an ATAPI command.
            return;
        }

        _device = target;
        _command = value;
        _deviceFault = null;
        _phase = IdeDataPhase.None;
        registers.Status = AtaStatusBits.DeviceReady | AtaStatusBits.Busy;
        // QEMU clears Error at command start ("needed by Windows").
        registers.Error = 0;
        var disk = _disks[target]!;
        disk.Faults.CountCommand();
        disk.CommandBadSector = -1;
        if (_options.HangOnCommand == value && disk.HangsRemaining > 0)
        {
            // Injected hang: BSY stays set until a software reset.
            disk.HangsRemaining--;
            _step = IdeStep.None;
            return;
        }

        Schedule(IdeStep.Execute);
    }

    private void Execute()
    {
        var disk = _disks[_device]!;
        var registers = _registers[_device];
        byte command = _command;
        if (_options.DeviceFaultOnCommand == command)
        {
            FailDeviceFault(string.Create(CultureInfo.InvariantCulture, $"device {_device}: injected device fault on command 0x{command:X2}"));
            return;
        }

        _ext = IsExt(command);
        if (_ext && !disk.SupportsLba48)
        {
            Abort();
            return;
        }

        switch (command)
        {
            case AtaOpcodes.IdentifyDevice:
                disk.BuildIdentify(_pioBuffer);
                _sectorsLeft = 1;
                BeginReadBlock(1, AtaDisk.IdentifyLength);
                break;
            case AtaOpcodes.ReadSectors:
            case AtaOpcodes.ReadSectorsExt:
                StartPio(disk, registers, write: false, multiple: false);
                break;
            case AtaOpcodes.ReadMultiple:
            case AtaOpcodes.ReadMultipleExt:
                StartPio(disk, registers, write: false, multiple: true);
                break;
            case AtaOpcodes.WriteSectors:
            case AtaOpcodes.WriteSectorsExt:
                StartPio(disk, registers, write: true, multiple: false);
                break;
            case AtaOpcodes.WriteMultiple:
            case AtaOpcodes.WriteMultipleExt:
                StartPio(disk, registers, write: true, multiple: true);
                break;
            case AtaOpcodes.ReadDma:
            case AtaOpcodes.ReadDmaExt:
            case AtaOpcodes.WriteDma:
            case AtaOpcodes.WriteDmaExt:
                StartDma(disk, registers);
                break;
            case AtaOpcodes.ReadVerifySectors:
            case AtaOpcodes.ReadVerifySectorsExt:
                Verify(disk, registers);
                break;
            case AtaOpcodes.SetMultipleMode:
                if (disk.TrySetMultiple(registers.SectorCount))
                {
                    CompleteGood();
                }
                else
                {
                    Abort();
                }

                break;
            case AtaOpcodes.SetFeatures:
                SetFeatures(disk, registers);
                break;
            case AtaOpcodes.FlushCache:
            case AtaOpcodes.FlushCacheExt:
                if (disk.TryFlush())
                {
                    CompleteGood();
                }
                else
                {
                    FailDeviceFault(string.Create(CultureInfo.InvariantCulture, $"device {_device}: FLUSH CACHE failed on {disk.Device.Path}"));
                }

                break;
            case AtaOpcodes.ExecuteDeviceDiagnostic:
                FinishSoftReset();
                RaiseInterrupt();
                break;
            case AtaOpcodes.CheckPowerMode:
                registers.SectorCount = disk.PowerMode;
                CompleteGood();
                break;
            case AtaOpcodes.StandbyImmediate:
            case AtaOpcodes.Standby:
                disk.PowerMode = 0x00;
                CompleteGood();
                break;
            case AtaOpcodes.IdleImmediate:
            case AtaOpcodes.Idle:
                disk.PowerMode = 0x80;
                CompleteGood();
                break;
            case AtaOpcodes.ReadNativeMaxAddress:
                registers.StoreLba(Math.Min(disk.SectorCount, AtaDisk.Lba28Limit + 1) - 1, ext: false);
                CompleteGood();
                break;
            case AtaOpcodes.ReadNativeMaxAddressExt:
                registers.StoreLba(disk.SectorCount - 1, ext: true);
                CompleteGood();
                break;
            case >= AtaOpcodes.RecalibrateFirst and <= AtaOpcodes.RecalibrateLast:
            case AtaOpcodes.Seek:
            case AtaOpcodes.InitializeDeviceParameters:
                // Legacy commands without effect on an LBA disk (QEMU accepts them).
                CompleteGood();
                break;
            default:
                // IDENTIFY PACKET DEVICE, DEVICE RESET, NOP and everything not modelled: the disk aborts.
                Abort();
                break;
        }
    }

    private static bool IsExt(byte command) => command is AtaOpcodes.ReadSectorsExt or AtaOpcodes.ReadDmaExt
        or AtaOpcodes.ReadNativeMaxAddressExt or AtaOpcodes.ReadMultipleExt or AtaOpcodes.WriteSectorsExt
        or AtaOpcodes.WriteDmaExt or AtaOpcodes.WriteMultipleExt or AtaOpcodes.ReadVerifySectorsExt
        or AtaOpcodes.FlushCacheExt;

    private void SetFeatures(AtaDisk disk, IdeTaskFileRegisters registers)
    {
        switch (registers.Features)
        {
            case AtaOpcodes.FeatureEnableWriteCache:
                disk.WriteCacheEnabled = true;
                CompleteGood();
                break;
            case AtaOpcodes.FeatureDisableWriteCache:
                // Turning the cache off writes it back first.
                disk.WriteCacheEnabled = false;
                if (disk.TryFlush())
                {
                    CompleteGood();
                }
                else
                {
                    FailDeviceFault(string.Create(CultureInfo.InvariantCulture, $"device {_device}: flush on write-cache disable failed on {disk.Device.Path}"));
                }

                break;
            case AtaOpcodes.FeatureSetTransferMode:
                if (disk.TrySetTransferMode(registers.SectorCount))
                {
                    CompleteGood();
                }
                else
                {
                    Abort();
                }

                break;
            case 0xAA:
            case 0x55:
            case 0x66:
            case 0xCC:
                // Read look-ahead on/off, revert to defaults on/off: accepted without effect.
                CompleteGood();
                break;
            default:
                Abort();
                break;
        }
    }

    /// <summary>The command's LBA and sector count: 48-bit for EXT commands, else LBA28 or CHS by the Device LBA bit.</summary>
    private bool TryDecodeAddress(AtaDisk disk, IdeTaskFileRegisters registers, out long lba, out long count)
    {
        if (_ext)
        {
            int sectors = (registers.HobSectorCount << 8) | registers.SectorCount;
            count = sectors == 0 ? 65536 : sectors;
            lba = registers.Lba48;
            return true;
        }

        count = registers.SectorCount == 0 ? 256 : registers.SectorCount;
        if ((registers.Device & IdeCommandRegister.DeviceLba) != 0)
        {
            lba = registers.Lba28;
            return true;
        }

        var (_, heads, sectorsPerTrack) = disk.Geometry;
        int cylinder = (registers.LbaHigh << 8) | registers.LbaMid;
        int head = registers.Device & 0x0F;
        int sector = registers.LbaLow;
        if (sector == 0 || sector > sectorsPerTrack || head >= heads)
        {
            lba = 0;
            return false;
        }

        lba = ((((long)cylinder * heads) + head) * sectorsPerTrack) + sector - 1;
        return true;
    }

    /// <summary>Decodes and range-checks the address; ends the command with IDNF when it is out of range.</summary>
    private bool TryStartRange(AtaDisk disk, IdeTaskFileRegisters registers)
    {
        if (!TryDecodeAddress(disk, registers, out long lba, out long count))
        {
            Fail(AtaErrorBits.IdNotFound, 0, 0);
            return false;
        }

        if (lba + count > disk.SectorCount)
        {
            Fail(AtaErrorBits.IdNotFound, Math.Max(lba, disk.SectorCount), count);
            return false;
        }

        disk.PowerMode = 0xFF;
        _lba = lba;
        _sectorsLeft = count;

        // An injected medium error: the command fails with UNC at its first bad sector, as an unreadable sector does.
        if (disk.Faults.Take((lba, count), out long bad)?.Kind == Faults.DiskFaultKind.MediumError)
        {
            disk.CommandBadSector = bad;
        }

        return true;
    }

    private void Verify(AtaDisk disk, IdeTaskFileRegisters registers)
    {
        if (!TryStartRange(disk, registers))
        {
            return;
        }

        long bad = disk.FirstUncorrectable(_lba, _sectorsLeft);
        if (bad >= 0)
        {
            Fail(AtaErrorBits.Uncorrectable, bad, _sectorsLeft - (bad - _lba));
            return;
        }

        CompleteGood();
    }

    // ---- completions ----

    /// <summary>Success: DRDY | DSC and INTRQ.</summary>
    private void CompleteGood()
    {
        _phase = IdeDataPhase.None;
        _registers[_device].Status = AtaStatusBits.Idle;
        RaiseInterrupt();
    }

    /// <summary>ABRT: Status DRDY | ERR, Error ABRT.</summary>
    private void Abort() => Fail(AtaErrorBits.Aborted, -1, 0);

    /// <summary>Ends the command with ERR: the Error bits, the failing sector in the LBA registers (when known) and the
    /// sectors not transferred in Sector Count.</summary>
    private void Fail(byte error, long failingLba, long sectorsNotTransferred)
    {
        var registers = _registers[_device];
        _phase = IdeDataPhase.None;
        _step = IdeStep.None;
        registers.Error = error;
        if (failingLba >= 0)
        {
            registers.StoreLba(failingLba, _ext);
            registers.SectorCount = (byte)sectorsNotTransferred;
            if (_ext)
            {
                registers.HobSectorCount = (byte)(sectorsNotTransferred >> 8);
            }
        }

        registers.Status = AtaStatusBits.DeviceReady | AtaStatusBits.Error;
        RaiseInterrupt();
    }

    /// <summary>A device fault: Status DRDY | DF | ERR, no Error bits (SAT: HARDWARE ERROR 44/00).</summary>
    private void FailDeviceFault(string reason)
    {
        _deviceFault = reason;
        var registers = _registers[_device];
        _phase = IdeDataPhase.None;
        _step = IdeStep.None;
        registers.Error = 0;
        registers.Status = AtaStatusBits.DeviceReady | AtaStatusBits.DeviceFault | AtaStatusBits.Error;
        RaiseInterrupt();
    }
}
