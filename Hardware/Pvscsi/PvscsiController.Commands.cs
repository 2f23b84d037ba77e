using System.Globalization;
using System.Numerics;

namespace DumpFramework.Hardware.Pvscsi;

/// <summary>The command interface: COMMAND, COMMAND_DATA and COMMAND_STATUS (hardware-models.md §3.4, §3.9).</summary>
public sealed partial class PvscsiController
{
    // Largest descriptor of a supported command (SETUP_RINGS), in dwords.
    private readonly uint[] _commandData = new uint[PvscsiLayout.SetupRingsLength / 4];
    private PvscsiCommand _currentCommand;
    private int _commandWords;
    private uint _commandStatus;

    private void StartCommand(uint value)
    {
        _commandWords = 0;
        _currentCommand = PvscsiCommand.None;
        switch ((PvscsiCommand)value)
        {
            case PvscsiCommand.AdapterReset:
                _commandStatus = AdapterReset();
                break;
            case PvscsiCommand.ResetBus:
                _commandStatus = ResetBus();
                break;
            case PvscsiCommand.SetupRings:
            case PvscsiCommand.ResetDevice:
            case PvscsiCommand.AbortCommand:
            case PvscsiCommand.SetupMessageRing:
                // Like QEMU: "not enough data" until the whole descriptor has arrived through COMMAND_DATA.
                _currentCommand = (PvscsiCommand)value;
                _commandStatus = PvscsiRegisters.StatusNotEnoughData;
                break;
            default:
                // ISSUE_SCSI, CONFIG, DEVICE_UNPLUG, SETUP_REQCALLTHRESHOLD,
                // GET_MAX_TARGETS and unknown numbers: unsupported, which is what a driver's probe looks for.
                _commandStatus = PvscsiRegisters.StatusFailed;
                Refuse(string.Create(CultureInfo.InvariantCulture, $"command {value} ({(PvscsiCommand)value}) is not supported"));
                break;
        }
    }

    private void AcceptCommandData(uint value)
    {
        if (_currentCommand == PvscsiCommand.None)
        {
            // Data without a command runs the "unknown command" handler, as on QEMU.
            _commandStatus = PvscsiRegisters.StatusFailed;
            return;
        }

        _commandData[_commandWords++] = value;
        int needed = _currentCommand switch
        {
            PvscsiCommand.SetupRings => PvscsiLayout.SetupRingsLength,
            PvscsiCommand.AbortCommand => PvscsiLayout.AbortCommandLength,
            PvscsiCommand.SetupMessageRing => PvscsiLayout.SetupMessageRingLength,
            _ => PvscsiLayout.ResetDeviceLength,
        };
        if (_commandWords * 4 < needed)
        {
            return;
        }

        _commandStatus = _currentCommand switch
        {
            PvscsiCommand.SetupRings => SetupRings(),
            PvscsiCommand.AbortCommand => AbortCommand(),
            PvscsiCommand.SetupMessageRing => SetupMessageRing(),
            _ => ResetDevice(),
        };
        _currentCommand = PvscsiCommand.None;
        _commandWords = 0;
    }

    /// <summary>ADAPTER_RESET: outstanding requests complete with BUSRESET into the rings (if there is room), the
    /// targets see a reset, then the rings are forgotten and the interrupt status cleared (QEMU's order).</summary>
    private uint AdapterReset()
    {
        _stopped = Contracts.ControllerCrashState.Running;
        CompleteOutstanding(null);
        ForgetRings();
        _interruptStatus = 0;
        ResetTargets(null);
        return PvscsiRegisters.StatusSuccess;
    }

    /// <summary>RESET_BUS: outstanding requests complete with BUSRESET, every target is reset; the rings stay.</summary>
    private uint ResetBus()
    {
        CompleteOutstanding(null);
        ResetTargets(null);
        return PvscsiRegisters.StatusSuccess;
    }

    /// <summary>RESET_DEVICE (target u32, lun[8]): −1 when no such device, else its requests end with BUSRESET.</summary>
    private uint ResetDevice()
    {
        uint target = _commandData[0];
        Span<byte> lun = stackalloc byte[8];
        WriteLittleEndian(_commandData[1], lun[..4]);
        WriteLittleEndian(_commandData[2], lun[4..]);
        if (target >= PvscsiLayout.MaximumTargets || _targets[target] is null || !IsSingleLevelLun(lun))
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"RESET_DEVICE: no device at target {target} LUN {Convert.ToHexString(lun)}"));
            return PvscsiRegisters.StatusFailed;
        }

        CompleteOutstanding((int)target);
        ResetTargets((int)target);
        return PvscsiRegisters.StatusSuccess;
    }

    /// <summary>ABORT_CMD (context u64, target u32, pad): the request with that context still waiting in the device
    /// completes with ABORTQUEUE (QEMU matches the context only). The command succeeds whether or not it found one: a
    /// request already completed, or held for room in the completion ring, is past aborting.</summary>
    private uint AbortCommand()
    {
        ulong context = _commandData[0] | ((ulong)_commandData[1] << 32);
        bool found = false;
        for (int i = _pending.Count; i > 0; i--)
        {
            var request = _pending.Dequeue();
            if (!found && request.Context == context)
            {
                Complete(PvscsiCompletion.FromAdapter(context, PvscsiHostStatus.AbortQueue));
                _pendingPool.Push(request);
                found = true;
            }
            else
            {
                _pending.Enqueue(request);
            }
        }

        return PvscsiRegisters.StatusSuccess;
    }

    /// <summary>
    /// SETUP_MSG_RING (numPages u32, pad, ringPPNs[16]): as QEMU with its message ring enabled (the default, and what
    /// VMware's device offers), the command answers the descriptor size in dwords (34), not 0. With the request rings
    /// set up, the message ring is taken (1 to 16 pages, a power of two, writable) and the rings-state page gets
    /// msgProdIdx = msgConsIdx = 0 and msgNumEntriesLog2; before SETUP_RINGS QEMU answers the same and ignores the ring.
    /// The model never hot-plugs a device, so no message is ever posted.
    /// </summary>
    private uint SetupMessageRing()
    {
        uint pages = _commandData[0];
        if (pages is < 1 or > PvscsiLayout.MaximumMessageRingPages || !BitOperations.IsPow2(pages))
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"SETUP_MSG_RING: {pages} pages, not a power of two from 1 to {PvscsiLayout.MaximumMessageRingPages}"));
            return PvscsiRegisters.StatusFailed;
        }

        Span<ulong> ring = stackalloc ulong[(int)pages];
        if (!TryRingPages(PvscsiLayout.SetupMessageRingPpns, ring, forWrite: true, "message"))
        {
            return PvscsiRegisters.StatusFailed;
        }

        if (_ringsValid)
        {
            uint log2 = (uint)BitOperations.Log2(pages * PvscsiLayout.MessagesPerPage);
            Span<byte> state = stackalloc byte[12];
            state.Clear();
            WriteLittleEndian(log2, state[8..]);
            _memory.TryWrite(_ringsStateAddress + PvscsiLayout.StateMessageProducer, state);
        }

        return PvscsiLayout.SetupMessageRingLength / 4;
    }

    /// <summary>SETUP_RINGS: validates the whole descriptor before committing, so a refused setup leaves the
    /// previous rings untouched; on success the rings-state page gets zeroed indices and the ring sizes.</summary>
    private uint SetupRings()
    {
        uint requestPages = _commandData[PvscsiLayout.SetupRequestPages / 4];
        uint completionPages = _commandData[PvscsiLayout.SetupCompletionPages / 4];
        if (!IsValidPageCount(requestPages) || !IsValidPageCount(completionPages))
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"SETUP_RINGS: ring page counts {requestPages} and {completionPages} must be powers of two from 1 to {PvscsiLayout.MaximumRingPages}"));
            return PvscsiRegisters.StatusFailed;
        }

        if (!TryPageAddress(PvscsiLayout.SetupRingsStatePpn, out ulong ringsState)
            || !_memory.IsAccessible(ringsState, PvscsiLayout.PageSize, forWrite: true))
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"SETUP_RINGS: rings-state page 0x{ringsState:X} is not writable memory"));
            return PvscsiRegisters.StatusFailed;
        }

        Span<ulong> request = stackalloc ulong[(int)requestPages];
        Span<ulong> completion = stackalloc ulong[(int)completionPages];
        if (!TryRingPages(PvscsiLayout.SetupRequestPpns, request, forWrite: false, "request")
            || !TryRingPages(PvscsiLayout.SetupCompletionPpns, completion, forWrite: true, "completion"))
        {
            return PvscsiRegisters.StatusFailed;
        }

        _requestRing.Set(request);
        _completionRing.Set(completion);
        _ringsStateAddress = ringsState;
        _requestConsumed = 0;
        _completionProduced = 0;
        _fetchDeferred = false;
        Span<byte> state = stackalloc byte[PvscsiLayout.StateInitialisedLength];
        state.Clear();
        WriteLittleEndian(_requestRing.EntriesLog2, state[PvscsiLayout.StateRequestEntriesLog2..]);
        WriteLittleEndian(_completionRing.EntriesLog2, state[PvscsiLayout.StateCompletionEntriesLog2..]);
        _memory.TryWrite(ringsState, state);
        _ringsValid = true;
        return PvscsiRegisters.StatusSuccess;
    }

    private bool TryRingPages(int offset, Span<ulong> pages, bool forWrite, string ring)
    {
        for (int i = 0; i < pages.Length; i++)
        {
            if (!TryPageAddress(offset + (i * 8), out pages[i]) || !_memory.IsAccessible(pages[i], PvscsiLayout.PageSize, forWrite))
            {
                Refuse(string.Create(CultureInfo.InvariantCulture, $"SETUP_RINGS: {ring} ring page {i} at 0x{pages[i]:X} is not {(forWrite ? "writable " : string.Empty)}memory"));
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads a PPN (u64) from the command data and turns it into an address; false when it overflows.</summary>
    private bool TryPageAddress(int byteOffset, out ulong address)
    {
        ulong ppn = _commandData[byteOffset / 4] | ((ulong)_commandData[(byteOffset / 4) + 1] << 32);
        address = ppn << PvscsiLayout.PageShift;
        return ppn >> (64 - PvscsiLayout.PageShift) == 0;
    }

    private static bool IsValidPageCount(uint pages) => pages is >= 1 and <= PvscsiLayout.MaximumRingPages && BitOperations.IsPow2(pages);

    /// <summary>QEMU accepts only single-level LUNs: lun[1] is the LUN, every other byte zero.</summary>
    private static bool IsSingleLevelLun(ReadOnlySpan<byte> lun) => lun[0] == 0 && !lun[2..8].ContainsAnyExcept((byte)0);

    private static void WriteLittleEndian(uint value, Span<byte> destination) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
}
