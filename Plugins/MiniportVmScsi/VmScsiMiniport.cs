using System.Buffers.Binary;
using System.Globalization;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.MiniportVmScsi;

/// <summary>
/// The polled BusLogic MultiMaster miniport of <c>vmscsi.sys</c> as its <c>dump_vmscsi</c> copy runs it, for the
/// BT-958 VMware emulates: everything through the four I/O ports and one uncached extension holding the extended
/// mailboxes (8 outgoing, 8 incoming) and one CCB with its sense buffer and SG list per outgoing mailbox. One request
/// is outstanding at a time, as the dump port drives it; completion is found by polling the interrupt register and
/// scanning the incoming mailboxes.
/// </summary>
/// <remarks>
/// The contract's entry points, in the order the dump port calls them:
/// <list type="number">
/// <item><see cref="InitializationData"/> (HW_INITIALIZATION_DATA): what the port must give the driver.</item>
/// <item><see cref="HwFindAdapter"/>: claim the controller, map its ports, get the uncached extension, hard reset and
/// probe it.</item>
/// <item><see cref="HwInitialize"/>: hard reset again (whatever state the crash left it in) and hand it the
/// mailboxes.</item>
/// <item><see cref="HwStartIo"/> (in the .Io file): start one SRB.</item>
/// <item><see cref="HwInterrupt"/> (in the .Io file, polled by the port): complete finished SRBs.</item>
/// <item><see cref="HwResetBus"/>.</item>
/// </list>
/// A scsiport miniport completes each SRB with two notifications, RequestComplete and then NextRequest: the dump
/// port waits for both.
/// VENDOR: <c>dumpstack new miniport --links scsiport</c> starts a driver as a renamed copy of this one; the places
/// marked "VENDOR:" are where your controller's code replaces the BusLogic code.
/// </remarks>
internal sealed partial class VmScsiMiniport : IScsiMiniport
{
    // VENDOR: the layout of your controller's queues in the uncached extension.
    private const int MailboxCount = 8;
    private const int OutgoingOffset = 0x000;
    private const int IncomingOffset = OutgoingOffset + (MailboxCount * BusLogicHeader.MailboxLength);
    private const int CcbSlotsOffset = 0x100;
    private const int SlotSenseOffset = 0x40;
    private const int SenseCapacity = 32;
    private const int SlotSgOffset = 0x80;
    private const int SgCapacity = 128;
    private const int CcbSlotLength = SlotSgOffset + (SgCapacity * BusLogicHeader.SgElementLength);
    private const int ExtensionLength = CcbSlotsOffset + (MailboxCount * CcbSlotLength);

    // VENDOR: your controller's transfer limits.

    /// <summary>The port splits requests at NumberOfPhysicalBreaks + 1 physical segments, each one SG element (a
    /// MultiMaster element takes any 32-bit length), so 128 elements per CCB carry any 512 KiB request.</summary>
    private const uint MaximumTransferLength = 512 * 1024;
    private const uint PhysicalBreaks = SgCapacity - 1;
    private const byte MaximumTargets = 16;
    private const byte HostAdapterId = 7;

    // Polling limits, in StallExecution steps (Linux's blogic_hwreset and blogic_cmd use the same budgets).
    private const uint PollMicroseconds = 100;
    private const int DiagnosticStartPolls = 5 * 10_000;
    private const int DiagnosticEndPolls = 10 * 10_000;
    private const int ReadyPolls = 10_000;
    private const int CommandPolls = 10_000;

    private readonly IScsiPortServices _port;
    private readonly string _name;
    private readonly byte[] _reply = new byte[BusLogicHeader.ExtendedSetupLength];
    private IRegisterSpace? _registers;
    private IDmaBuffer? _extension;
    private bool _initialized;
    private ScsiRequestBlock? _outstanding;
    private int _outstandingSlot;
    private int _nextOutgoing;
    private int _nextIncoming;

    /// <summary>Creates the miniport (its DriverEntry).</summary>
    /// <param name="port">The scsiport services of the dump port it links against.</param>
    /// <param name="configuration">Its load name and settings.</param>
    public VmScsiMiniport(IScsiPortServices port, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(configuration);
        _port = port;
        _name = configuration.LoadName;
    }

    /// <inheritdoc/>
    public HwInitializationData InitializationData { get; } = new()
    {
        NumberOfAccessRanges = 2,
        SrbExtensionSize = 0,
        UncachedExtensionSize = ExtensionLength,
        NeedPhysicalAddresses = true,
        MapBuffers = StorMapBuffers.NoBuffers,
        AutoRequestSense = true,
        TaggedQueuing = false,
        MultipleRequestPerLu = false,
    };

    /// <inheritdoc/>
    public SpReturn HwFindAdapter(PortConfiguration configuration, string argumentString, out bool again)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        again = false;
        // VENDOR: your controller's PCI vendor and device IDs.
        if (configuration.Pci.VendorId != BusLogicHeader.VendorBusLogic || configuration.Pci.DeviceId != BusLogicHeader.DeviceMultiMaster)
        {
            return SpReturn.NotFound;
        }

        // Only the polled dump path exists in this driver: no interrupt service, no timers.
        if (argumentString is null || !argumentString.Contains(DumpContract.DumpArgumentString, StringComparison.OrdinalIgnoreCase))
        {
            Log(ScsiPortErrorCode.InternalAdapterError, $"find-adapter without '{DumpContract.DumpArgumentString}': only the crash dump and hibernation path is supported");
            return SpReturn.BadConfig;
        }

        // VENDOR: pick your register window(s) and size the uncached extension for your queues.
        // BAR0 is the I/O window; BAR1 (memory) has nothing a MultiMaster driver uses.
        AccessRange? ports = null;
        foreach (var range in configuration.AccessRanges)
        {
            if (!range.RangeInMemory && range.RangeLength >= BusLogicHeader.IoPorts)
            {
                ports = range;
                break;
            }
        }

        if (ports is not { } io)
        {
            Log(ScsiPortErrorCode.InternalAdapterError, "no I/O access range (BAR0) of at least 4 ports in the configuration");
            return SpReturn.BadConfig;
        }

        _registers = _port.GetDeviceBase(io);
        _initialized = false;
        _outstanding = null;

        // MultiMaster mailboxes, CCBs and SG elements carry 32-bit addresses: the port bounces memory above 4 GiB.
        configuration.MaximumTransferLength = MaximumTransferLength;
        configuration.NumberOfPhysicalBreaks = PhysicalBreaks;
        configuration.AlignmentMask = 0;
        configuration.NumberOfBuses = 1;
        configuration.ScatterGather = true;
        configuration.Master = true;
        configuration.Dma64BitAddresses = false;
        configuration.MaximumNumberOfTargets = MaximumTargets;
        configuration.InitiatorBusId = HostAdapterId;

        _extension = _port.GetUncachedExtension(configuration, ExtensionLength);
        if (_extension is null || _extension.Length < ExtensionLength)
        {
            Log(ScsiPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"no {ExtensionLength}-byte uncached extension for the mailboxes and CCBs"));
            _extension = null;
            return SpReturn.Error;
        }

        if (_extension.PhysicalAddress + (ulong)ExtensionLength > 1UL << 32)
        {
            Log(ScsiPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"the uncached extension at 0x{_extension.PhysicalAddress:X} is not below 4 GiB, where the adapter's 32-bit mailbox addresses reach"));
            _extension = null;
            return SpReturn.Error;
        }

        // VENDOR: how your driver makes sure this is its controller.
        // Whatever the crash left the adapter doing (running, faulted, hung), a hard reset brings it back; then the
        // commands only a genuine MultiMaster answers (Linux's blogic_checkadapter and blogic_rdconfig).
        if (!HardReset(_registers) || !Probe(_registers))
        {
            _extension = null;
            return SpReturn.Error;
        }

        return SpReturn.Found;
    }

    /// <inheritdoc/>
    public bool HwInitialize()
    {
        if (_registers is not { } registers || _extension is not { } extension)
        {
            return false;
        }

        // Whatever was outstanding before (a re-initialization after a timeout) is abandoned by the port; the hard
        // reset drops it at the adapter without a completion.
        _initialized = false;
        _outstanding = null;

        // VENDOR: your controller's bring-up sequence (reset, firmware handshake, queue setup) goes here.
        if (!HardReset(registers))
        {
            return false;
        }

        extension.Span[..ExtensionLength].Clear();
        _nextOutgoing = 0;
        _nextIncoming = 0;

        // Polled: the interrupt line stays off; CMDC and IMBL still latch in the interrupt register.
        Span<byte> request = stackalloc byte[5];
        request[0] = 0;
        if (!Command(registers, BusLogicHeader.CommandDisableHostAdapterInterrupt, request[..1], [], out _))
        {
            return false;
        }

        request[0] = MailboxCount;
        BinaryPrimitives.WriteUInt32LittleEndian(request[1..], (uint)(extension.PhysicalAddress + OutgoingOffset));
        if (!Command(registers, BusLogicHeader.CommandInitializeExtendedMailbox, request, [], out _))
        {
            return false;
        }

        // The adapter looks only at the next outgoing mailbox, and CCBs carry 5-bit LUNs.
        request[0] = 1;
        if (!Command(registers, BusLogicHeader.CommandEnableStrictRoundRobin, request[..1], [], out _)
            || !Command(registers, BusLogicHeader.CommandSetCcbFormat, request[..1], [], out _))
        {
            return false;
        }

        if ((registers.Read8(BusLogicHeader.PortControlStatus) & BusLogicHeader.StatusInitializationRequired) != 0)
        {
            Log(ScsiPortErrorCode.InternalAdapterError, "the adapter still asks for mailbox initialization after Initialize Extended Mailbox");
            return false;
        }

        _initialized = true;
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>This driver only runs in the dump stack (find-adapter refuses otherwise), where bus resets are ignored.</remarks>
    public bool HwResetBus(byte pathId) => true;

    /// <summary>Hard reset: DACT must appear, then clear, then HARDY without DFAIL (Linux's blogic_hwreset).</summary>
    private bool HardReset(IRegisterSpace registers)
    {
        registers.Write8(BusLogicHeader.PortControlStatus, BusLogicHeader.ControlHardReset);
        if (!WaitStatus(registers, s => (s & BusLogicHeader.StatusDiagnosticActive) != 0, DiagnosticStartPolls, out byte status)
            || !WaitStatus(registers, s => (s & BusLogicHeader.StatusDiagnosticActive) == 0, DiagnosticEndPolls, out status)
            || !WaitStatus(registers, s => (s & (BusLogicHeader.StatusDiagnosticFailure | BusLogicHeader.StatusHostAdapterReady | BusLogicHeader.StatusDataInReady)) != 0, ReadyPolls, out status))
        {
            Log(ScsiPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"hard reset: diagnostics did not run to an end (status 0x{status:X2})"));
            return false;
        }

        if ((status & BusLogicHeader.StatusDiagnosticFailure) != 0 || (status & BusLogicHeader.StatusHostAdapterReady) == 0)
        {
            Log(ScsiPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"hard reset: diagnostics failed (status 0x{status:X2})"));
            return false;
        }

        return true;
    }

    /// <summary>Inquire Extended Setup Information (only genuine MultiMasters answer it), Board ID and Model Number.</summary>
    private bool Probe(IRegisterSpace registers)
    {
        if (!Command(registers, BusLogicHeader.CommandInquireExtendedSetupInformation, [BusLogicHeader.ExtendedSetupLength], _reply, out int length)
            || length != BusLogicHeader.ExtendedSetupLength)
        {
            Log(ScsiPortErrorCode.InternalAdapterError, "the adapter does not answer Inquire Extended Setup Information: not a BusLogic MultiMaster");
            return false;
        }

        Span<byte> board = stackalloc byte[4];
        Span<byte> model = stackalloc byte[5];
        if (!Command(registers, BusLogicHeader.CommandInquireBoardId, [], board, out length) || length != board.Length
            || !Command(registers, BusLogicHeader.CommandInquireHostAdapterModelNumber, [(byte)model.Length], model, out length) || length != model.Length)
        {
            Log(ScsiPortErrorCode.InternalAdapterError, "the adapter does not answer Inquire Board ID and Model Number");
            return false;
        }

        // Firmware 5.x is the "W" series (BT-948/958/958D), the one with extended LUN CCBs and strict round-robin.
        if (board[2] != (byte)'5')
        {
            Log(ScsiPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"firmware {(char)board[2]}.{(char)board[3]} is not a W-series (5.x) MultiMaster"));
            return false;
        }

        return true;
    }

    /// <summary>One host adapter command as Linux's blogic_cmd issues it: wait for HARDY without CPRBSY, the opcode,
    /// each parameter while neither CMDC nor DIRRDY is up, reply bytes while DIRRDY until CMDC, then the interrupt
    /// reset. Fails on a timeout, on CMDINV, or when the adapter took fewer parameters than given.</summary>
    private bool Command(IRegisterSpace registers, byte opcode, ReadOnlySpan<byte> parameters, Span<byte> reply, out int replied)
    {
        replied = 0;
        if (!WaitStatus(registers, s => (s & (BusLogicHeader.StatusHostAdapterReady | BusLogicHeader.StatusCommandParameterBusy)) == BusLogicHeader.StatusHostAdapterReady, ReadyPolls, out byte status))
        {
            Log(ScsiPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"command 0x{opcode:X2}: the adapter is not ready (status 0x{status:X2})"));
            return false;
        }

        registers.Write8(BusLogicHeader.PortCommandDataIn, opcode);
        int sent = 0;
        for (int poll = 0; sent < parameters.Length; poll++)
        {
            if ((registers.Read8(BusLogicHeader.PortInterrupt) & BusLogicHeader.InterruptCommandComplete) != 0)
            {
                break;
            }

            status = registers.Read8(BusLogicHeader.PortControlStatus);
            if ((status & BusLogicHeader.StatusDataInReady) != 0)
            {
                break;
            }

            if ((status & BusLogicHeader.StatusCommandParameterBusy) != 0)
            {
                if (poll == CommandPolls)
                {
                    Log(ScsiPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"command 0x{opcode:X2}: parameter {sent} never taken"));
                    return false;
                }

                _port.StallExecution(PollMicroseconds);
                continue;
            }

            registers.Write8(BusLogicHeader.PortCommandDataIn, parameters[sent++]);
        }

        bool complete = false;
        for (int poll = 0; poll < CommandPolls && !complete; poll++)
        {
            complete = (registers.Read8(BusLogicHeader.PortInterrupt) & BusLogicHeader.InterruptCommandComplete) != 0;
            status = registers.Read8(BusLogicHeader.PortControlStatus);
            if (!complete && (status & BusLogicHeader.StatusDataInReady) != 0)
            {
                byte value = registers.Read8(BusLogicHeader.PortCommandDataIn);
                if (replied < reply.Length)
                {
                    reply[replied] = value;
                }

                replied++;
                continue;
            }

            if (!complete)
            {
                _port.StallExecution(PollMicroseconds);
            }
        }

        registers.Write8(BusLogicHeader.PortControlStatus, BusLogicHeader.ControlInterruptReset);
        if (!complete)
        {
            Log(ScsiPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"command 0x{opcode:X2}: no command complete (status 0x{status:X2})"));
            return false;
        }

        if ((status & BusLogicHeader.StatusCommandInvalid) != 0 || sent < parameters.Length)
        {
            Log(ScsiPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"command 0x{opcode:X2}: refused as invalid (status 0x{status:X2}, {parameters.Length - sent} parameter bytes not taken)"));
            return false;
        }

        replied = Math.Min(replied, reply.Length);
        return true;
    }

    private bool WaitStatus(IRegisterSpace registers, Func<byte, bool> condition, int polls, out byte status)
    {
        status = registers.Read8(BusLogicHeader.PortControlStatus);
        for (int poll = 0; !condition(status); poll++)
        {
            if (poll == polls)
            {
                return false;
            }

            _port.StallExecution(PollMicroseconds);
            status = registers.Read8(BusLogicHeader.PortControlStatus);
        }

        return true;
    }

    private void Log(uint code, string message, ScsiRequestBlock? srb = null) => _port.LogError(srb, code, $"{_name}: {message}");
}
