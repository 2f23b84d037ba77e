using System.Globalization;
using System.Numerics;
using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Plugins.MiniportAtapi;

/// <summary>
/// The generic IDE channel miniport in its polled dump-mode form, modelled on the NT DDK <c>atapi</c> sample with the
/// later LBA48 and bus-master additions: device interrupts off (nIEN), soft reset and signature probe, IDENTIFY DEVICE (sent by the port as an IRB) through PIO,
/// SET MULTIPLE with fallback, task files programmed from the IRB, PIO single/multiple through the data register or
/// bus-master DMA with PRD tables, completion detected by polling. It reaches the hardware only through the port's
/// register windows and uncached extension.
/// </summary>
/// <remarks>
/// The contract's entry points, in the order the dump port calls them:
/// <list type="number">
/// <item><see cref="ChannelInitialize"/> (HwChannelInitialize): claim the channel's register windows, report its
/// transfer limits, take the uncached extension, reset the channel.</item>
/// <item><see cref="HwInitialize"/> (per device): agree transfer mode and multiple count.</item>
/// <item><see cref="HwBuildIo"/> and <see cref="HwStartIo"/> (in the .Io file): start one IRB.</item>
/// <item><see cref="HwInterrupt"/> (polled by the port): move PIO data, complete finished IRBs.</item>
/// <item><see cref="HwReset"/> and <see cref="HwControl"/>.</item>
/// </list>
/// VENDOR: <c>dumpstack new miniport --links ataport</c> starts a driver as a renamed copy of this one; the places
/// marked "VENDOR:" are where your controller's code replaces the IDE channel code.
/// </remarks>
internal sealed partial class AtapiMiniport : IAtaChannelMiniport
{
    // VENDOR: your controller's timeouts and transfer limits.

    /// <summary>Stall between two status polls inside the miniport's own waits.</summary>
    private const uint PollStepMicroseconds = 10;

    /// <summary>How long a device may stay busy after a reset (ATA allows 31 s).</summary>
    private const uint ResetTimeoutMicroseconds = 31_000_000;

    /// <summary>How long the miniport waits for its own commands (IDENTIFY, SET FEATURES, SET MULTIPLE).</summary>
    private const uint CommandTimeoutMicroseconds = 10_000_000;

    /// <summary>How long StartIo waits for a busy device before reporting IRB_STATUS_BUSY.</summary>
    private const uint SelectTimeoutMicroseconds = 1_000;

    /// <summary>The PRD table: one page, so it never crosses a 64 KiB boundary when page aligned.</summary>
    private const int PrdTableBytes = 4096;

    /// <summary>MaximumTransferLength reported: 256 sectors of 512 bytes, one full LBA28 command.</summary>
    private const uint MaximumTransferLength = 0x20000;

    /// <summary>NumberOfPhysicalBreaks reported: with every piece split at 64 KiB boundaries the worst case still fits
    /// the 512 PRD entries.</summary>
    private const uint PhysicalBreaks = 128;

    private readonly IAtaPortServices _port;
    private readonly AtapiSettings _settings;
    private readonly AtapiDevice[] _devices = [new(), new()];
    private IRegisterSpace? _command;
    private IRegisterSpace? _control;
    private IRegisterSpace? _busMaster;
    private PrdTableWindow? _prdTable;
    private byte[] _block = new byte[512];

    /// <summary>Creates the miniport bound to the dump port's services.</summary>
    /// <param name="port">The ataport library routines the dump port exports.</param>
    /// <param name="settings">The miniport's settings.</param>
    public AtapiMiniport(IAtaPortServices port, AtapiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(settings);
        _port = port;
        _settings = settings;
    }

    private IRegisterSpace CommandBlock => _command ?? throw new InvalidOperationException($"{_settings.LoadName}: ChannelInitialize has not run.");

    private IRegisterSpace ControlBlock => _control ?? throw new InvalidOperationException($"{_settings.LoadName}: ChannelInitialize has not run.");

    private byte AlternateStatus => ControlBlock.Read8(AtaRegisters.AlternateStatus);

    /// <inheritdoc/>
    public bool ChannelInitialize(IdeChannelConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var spaces = _port.RegisterSpaces;
        if (spaces.Count < 2)
        {
            _port.LogError($"{_settings.LoadName}: the channel has {spaces.Count} register windows; a command block and a control block are needed.");
            return false;
        }

        // VENDOR: your controller's register windows and what it can do (DMA, transfer sizes).
        _command = spaces[0];
        _control = spaces[1];
        _busMaster = spaces.Count > 2 ? spaces[2] : null;
        configuration.NumberOfOverlappedRequests = 1;
        configuration.MaxTargetId = 1;
        configuration.MaximumTransferLength = MaximumTransferLength;
        configuration.NumberOfPhysicalBreaks = PhysicalBreaks;
        configuration.AlignmentMask = 1;
        configuration.BusMaster = _busMaster is not null && PreparePrdTable();

        // Polled from here on: the device must never raise INTRQ (DriverMustPoll).
        ControlBlock.Write8(AtaRegisters.DeviceControl, AtaRegisters.ControlInterruptDisable);
        return ResetChannel();
    }

    /// <inheritdoc/>
    public bool HwInitialize(IdeDeviceParameters parameters)
    {
        // VENDOR: agree the transfer mode your controller and the device can both do.
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.TargetId > 1 || !_devices[parameters.TargetId].Identified)
        {
            _port.LogError(string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: HwInitialize for device {parameters.TargetId}, which was not identified."));
            return false;
        }

        var device = _devices[parameters.TargetId];
        if (!_settings.Lba48 || (device.Word(83) & 0x0400) == 0)
        {
            parameters.Lba48 = false;
        }

        switch (_settings.TransferMode)
        {
            case AtapiTransferMode.Pio:
                parameters.UseDma = false;
                parameters.MaxBlockXfer = 0;
                break;
            case AtapiTransferMode.PioMultiple:
                parameters.UseDma = false;
                break;
            default:
                if (parameters.UseDma && (_busMaster is null || _prdTable is null || (device.Word(49) & 0x0100) == 0))
                {
                    parameters.UseDma = false;
                }

                break;
        }

        if (!ApplyParameters(device, parameters))
        {
            return false;
        }

        device.Parameters = parameters;
        int blockBytes = Math.Max(512, Math.Max(1, (int)parameters.MaxBlockXfer) * Math.Max(512, parameters.BytesPerSector));
        if (_block.Length < blockBytes)
        {
            _block = new byte[blockBytes];
        }

        return true;
    }

    /// <inheritdoc/>
    public bool HwBuildIo(IdeRequestBlock irb) => true;

    /// <inheritdoc/>
    public bool HwReset()
    {
        if (_command is null)
        {
            return false;
        }

        AbandonActiveRequest(IrbStatus.BusReset);
        if (!ResetChannel())
        {
            return false;
        }

        bool ok = true;
        foreach (var device in _devices)
        {
            if (device.Parameters is { } parameters && device.Kind == AtapiDeviceKind.Ata)
            {
                ok &= ApplyParameters(device, parameters);
            }
        }

        return ok;
    }

    /// <inheritdoc/>
    public bool HwControl(IdeControlAction action) => action != IdeControlAction.VendorDefined;

    /// <summary>Transfer mode and multiple count for one device, with the DDK fallbacks: PIO when the DMA mode is
    /// refused, single-sector PIO when SET MULTIPLE is refused.</summary>
    private bool ApplyParameters(AtapiDevice device, IdeDeviceParameters parameters)
    {
        byte target = parameters.TargetId;
        byte mode = 0;
        if (parameters.UseDma)
        {
            mode = DmaModeValue(device);
            if (mode == 0 || !NonData(target, AtaRegisters.SetFeatures, AtaRegisters.FeatureSetTransferMode, mode, out _, out _))
            {
                _port.LogError(string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: device {target} refused DMA transfer mode 0x{mode:X2}; using PIO."));
                parameters.UseDma = false;
                mode = 0;
            }
        }

        if (!parameters.UseDma)
        {
            int pio = (device.Word(64) & 0x0002) != 0 ? 4 : (device.Word(64) & 0x0001) != 0 ? 3 : -1;
            if (pio >= 0)
            {
                mode = (byte)(0x08 | pio);
                if (!NonData(target, AtaRegisters.SetFeatures, AtaRegisters.FeatureSetTransferMode, mode, out _, out _))
                {
                    // The device keeps its default PIO timing; nothing depends on the faster mode.
                    mode = 0;
                }
            }
        }

        device.TransferModeValue = mode;
        if (parameters.MaxBlockXfer > 0)
        {
            int supported = device.Word(47) & 0xFF;
            int count = Math.Min(parameters.MaxBlockXfer, supported);
            count = count > 0 ? 1 << BitOperations.Log2((uint)count) : 0;
            if (count == 0 || !NonData(target, AtaRegisters.SetMultipleMode, 0, (byte)count, out _, out _))
            {
                _port.LogError(string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: device {target} refused SET MULTIPLE MODE {count}; using single-sector PIO."));
                parameters.MaxBlockXfer = 0;
            }
            else
            {
                parameters.MaxBlockXfer = (byte)count;
            }
        }

        return true;
    }

    /// <summary>SET FEATURES 03h value for the fastest DMA mode IDENTIFY offers: UDMA (word 88) when word 53 bit 2 says
    /// it is valid, otherwise multiword DMA (word 63).</summary>
    private static byte DmaModeValue(AtapiDevice device)
    {
        if ((device.Word(53) & 0x0004) != 0)
        {
            int ultra = device.Word(88) & 0x7F;
            if (ultra != 0)
            {
                return (byte)(0x40 | BitOperations.Log2((uint)ultra));
            }
        }

        int multiword = device.Word(63) & 0x07;
        return multiword != 0 ? (byte)(0x20 | BitOperations.Log2((uint)multiword)) : (byte)0;
    }

    /// <summary>SRST with nIEN kept set, then the signature of each device position.</summary>
    private bool ResetChannel()
    {
        var control = ControlBlock;
        control.Write8(AtaRegisters.DeviceControl, AtaRegisters.ControlInterruptDisable | AtaRegisters.ControlSoftReset);
        _port.StallExecution(10);
        control.Write8(AtaRegisters.DeviceControl, AtaRegisters.ControlInterruptDisable);
        _port.StallExecution(2000);

        bool any = false;
        for (byte target = 0; target < _devices.Length; target++)
        {
            var device = _devices[target];
            Select(target);
            byte status = AlternateStatus;
            if (status == 0x00 || status == 0xFF)
            {
                if (status == 0xFF && target == 0)
                {
                    // A floating bus reads 0xFF; a device still in reset reads BSY: give it the reset time.
                    WaitNotBusy(ResetTimeoutMicroseconds, out status);
                }

                if (status == 0x00 || status == 0xFF)
                {
                    device.Kind = AtapiDeviceKind.None;
                    continue;
                }
            }

            if (!WaitNotBusy(ResetTimeoutMicroseconds, out status))
            {
                _port.LogError(string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: device {target} stayed busy after the soft reset (status 0x{status:X2})."));
                device.Kind = AtapiDeviceKind.None;
                continue;
            }

            byte mid = CommandBlock.Read8(AtaRegisters.LbaMid);
            byte high = CommandBlock.Read8(AtaRegisters.LbaHigh);
            device.Kind = (mid, high) switch
            {
                (0x14, 0xEB) => AtapiDeviceKind.Atapi,
                _ => AtapiDeviceKind.Ata,
            };
            any = true;
        }

        Select(0);
        CommandBlock.Read8(AtaRegisters.Status);
        if (!any)
        {
            _port.LogError($"{_settings.LoadName}: no device answered on the channel after the soft reset.");
        }

        return true;
    }

    /// <summary>A non-data command issued by the miniport itself, waited for by polling.</summary>
    private bool NonData(byte target, byte command, byte features, byte count, out byte status, out byte error)
    {
        error = 0;
        Select(target);
        if (!WaitNotBusy(CommandTimeoutMicroseconds, out status))
        {
            return false;
        }

        var block = CommandBlock;
        block.Write8(AtaRegisters.Features, features);
        block.Write8(AtaRegisters.SectorCount, count);
        block.Write8(AtaRegisters.Command, command);
        if (!WaitNotBusy(CommandTimeoutMicroseconds, out status))
        {
            return false;
        }

        status = block.Read8(AtaRegisters.Status);
        if ((status & (AtaRegisters.StatusError | AtaRegisters.StatusFault)) != 0)
        {
            error = block.Read8(AtaRegisters.Error);
            return false;
        }

        return true;
    }

    private void Select(byte target) => CommandBlock.Write8(AtaRegisters.DeviceHead, (byte)(AtaRegisters.DeviceObsoleteBits | (target << 4)));

    /// <summary>Polls Alternate Status (no side effects) with stalls until BSY clears or the time is up.</summary>
    private bool WaitNotBusy(uint timeoutMicroseconds, out byte status)
    {
        uint waited = 0;
        for (;;)
        {
            status = AlternateStatus;
            if ((status & AtaRegisters.StatusBusy) == 0)
            {
                return true;
            }

            if (waited >= timeoutMicroseconds)
            {
                return false;
            }

            _port.StallExecution(PollStepMicroseconds);
            waited += PollStepMicroseconds;
        }
    }

    /// <summary>The PRD table in the uncached extension: below 4 GiB, dword aligned and not crossing a 64 KiB boundary.
    /// The dump port's extension is aligned to a few bytes only, so twice the table is asked for and the table placed
    /// where it stays inside one 64 KiB block (the bus master cannot fetch across one).</summary>
    private bool PreparePrdTable()
    {
        if (_prdTable is not null)
        {
            return true;
        }

        var extension = _port.GetUncachedExtension(2 * PrdTableBytes);
        if (extension is null || extension.Length < 2 * PrdTableBytes)
        {
            _port.LogError($"{_settings.LoadName}: no uncached extension for the PRD table; the channel runs PIO only.");
            return false;
        }

        ulong first = (extension.PhysicalAddress + 3) & ~3UL;
        if ((first & 0xFFFF) + PrdTableBytes > 0x10000)
        {
            first = (first | 0xFFFF) + 1;
        }

        int offset = (int)(first - extension.PhysicalAddress);
        if (offset + PrdTableBytes > extension.Length || first + PrdTableBytes > (1UL << 32))
        {
            _port.LogError(string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: the uncached extension at 0x{extension.PhysicalAddress:X} cannot hold a PRD table (must be dword aligned, below 4 GiB and within one 64 KiB block); the channel runs PIO only."));
            return false;
        }

        _prdTable = new PrdTableWindow(extension, offset, PrdTableBytes);
        return true;
    }

    /// <summary>The part of the uncached extension that holds the PRD table.</summary>
    /// <param name="extension">The extension the port handed out.</param>
    /// <param name="offset">Where the table starts in it.</param>
    /// <param name="length">The table's bytes.</param>
    private sealed class PrdTableWindow(IDmaBuffer extension, int offset, int length) : IDmaBuffer
    {
        public ulong PhysicalAddress => extension.PhysicalAddress + (ulong)offset;

        public int Length => length;

        public Span<byte> Span => extension.Span.Slice(offset, length);
    }
}
