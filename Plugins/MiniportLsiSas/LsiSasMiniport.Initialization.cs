using System.Buffers.Binary;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.MiniportLsiSas;

/// <summary>HwInitialize: reset the IOC to READY and bring it to OPERATIONAL through the doorbell handshake; and
/// HwAdapterControl, which stops the IOC (message unit reset) and restarts it the same way.</summary>
internal sealed partial class LsiSasMiniport
{
    private const uint HandshakePollMicroseconds = 20;
    private const uint HandshakeTimeoutMicroseconds = 5_000_000;
    private const uint StatePollMicroseconds = 1_000;
    private const uint ResetTimeoutMicroseconds = 30_000_000;

    private const uint ContextIocFacts = 0x0000_0001;
    private const uint ContextPortFacts = 0x0000_0002;
    private const uint ContextIocInit = 0x0000_0003;
    private const uint ContextPortEnable = 0x0000_0004;
    private const uint ContextEventNotification = 0x0000_0005;

    private readonly byte[] _handshakeReply = new byte[0x60];
    private readonly uint[] _handshakeRequest = new uint[11];

    public bool HwInitialize()
    {
        if (_registers is null || _extension is null)
        {
            return false;
        }

        _initialized = false;
        _active = null;
        if (!InitializeAdapter())
        {
            return false;
        }

        _initialized = true;
        return true;
    }

    public ScsiAdapterControlStatus HwAdapterControl(ScsiAdapterControlType controlType, object? parameters)
    {
        // VENDOR: how your controller is quiesced and brought back without a new HwFindAdapter.
        switch (controlType)
        {
            case ScsiAdapterControlType.ScsiQuerySupportedControlTypes when parameters is ScsiSupportedControlTypeList list:
                foreach (var supported in (ReadOnlySpan<ScsiAdapterControlType>)[
                    ScsiAdapterControlType.ScsiQuerySupportedControlTypes, ScsiAdapterControlType.ScsiStopAdapter, ScsiAdapterControlType.ScsiRestartAdapter])
                {
                    if ((int)supported < list.MaxControlType)
                    {
                        list.SupportedTypeList[(int)supported] = true;
                    }
                }

                return ScsiAdapterControlStatus.ScsiAdapterControlSuccess;
            case ScsiAdapterControlType.ScsiStopAdapter:
                return StopAdapter() ? ScsiAdapterControlStatus.ScsiAdapterControlSuccess : ScsiAdapterControlStatus.ScsiAdapterControlUnsuccessful;
            case ScsiAdapterControlType.ScsiRestartAdapter:
                // Everything HwFindAdapter set up (registers, uncached extension) is still in place: only the IOC
                // needs bringing up again, as after a fault.
                return HwInitialize() ? ScsiAdapterControlStatus.ScsiAdapterControlSuccess : ScsiAdapterControlStatus.ScsiAdapterControlUnsuccessful;
            default:
                return ScsiAdapterControlStatus.ScsiAdapterControlUnsuccessful;
        }
    }

    /// <summary>ScsiStopAdapter: mask the IOC's interrupts and take it back to READY with a message unit reset, which
    /// drops every request it still holds (a diagnostic reset when it will not go); the request the miniport had in
    /// flight is forgotten, the port resubmits it after the restart.</summary>
    private bool StopAdapter()
    {
        if (_registers is null || _extension is null)
        {
            return false;
        }

        _initialized = false;
        _active = null;
        Write(Mpi.HostInterruptMask, Mpi.HimDoorbellMask | Mpi.HimReplyMask);
        uint doorbell = Read(Mpi.Doorbell);
        if ((doorbell >> Mpi.StateShift) == Mpi.StateReady && (doorbell & Mpi.DoorbellActive) == 0)
        {
            return true;
        }

        if ((doorbell & Mpi.DoorbellActive) == 0 && MessageUnitReset())
        {
            return true;
        }

        return DiagnosticReset() || Fail("the IOC did not stop (message unit and diagnostic reset failed)");
    }

    private bool InitializeAdapter()
    {
        // VENDOR: your controller's bring-up sequence (reset, firmware handshake, queue setup) goes here.
        // Polled operation: keep the IOC from asserting its interrupt line.
        Write(Mpi.HostInterruptMask, Mpi.HimDoorbellMask | Mpi.HimReplyMask);
        if (!BringToReady())
        {
            return Fail("the IOC did not reach READY after a reset");
        }

        Write(Mpi.HostInterruptMask, Mpi.HimDoorbellMask | Mpi.HimReplyMask);
        if (!GetIocFacts(out ushort msgVersion, out ushort headerVersion, out int replyQueueDepth))
        {
            return false;
        }

        if (!GetPortFacts())
        {
            return false;
        }

        // Give the IOC its reply frames before IOC_INIT, as the Linux driver does.
        _replyFramesPosted = Math.Min(ReplyFrameCount, replyQueueDepth);
        for (int i = 0; i < _replyFramesPosted; i++)
        {
            Write(Mpi.ReplyQueue, (uint)Physical(ReplyFramesOffset + (i * ReplyFrameSize)));
        }

        if (!SendIocInit(msgVersion, headerVersion))
        {
            return false;
        }

        if (!WaitForState(Mpi.StateOperational, ResetTimeoutMicroseconds))
        {
            return Fail("the IOC did not become OPERATIONAL after IOC_INIT");
        }

        if (!SendPortEnable())
        {
            return false;
        }

        // Events would consume reply frames: make sure they are off.
        SendEventNotificationOff();
        return true;
    }

    /// <summary>
    /// READY as is; OPERATIONAL (left by the boot driver) through a message unit reset; FAULT, a stuck RESET, a
    /// hung handshake or a failed message unit reset through a diagnostic (hard) reset.
    /// </summary>
    private bool BringToReady()
    {
        uint doorbell = Read(Mpi.Doorbell);
        uint state = doorbell >> Mpi.StateShift;
        if (state == Mpi.StateReset)
        {
            // The firmware may still be booting: give it time before forcing a reset.
            if (WaitForState(Mpi.StateReady, ResetTimeoutMicroseconds / 10))
            {
                return true;
            }

            return DiagnosticReset();
        }

        if (state == Mpi.StateReady && (doorbell & Mpi.DoorbellActive) == 0)
        {
            return true;
        }

        if (state == Mpi.StateOperational && (doorbell & Mpi.DoorbellActive) == 0 && MessageUnitReset())
        {
            return true;
        }

        if (state == Mpi.StateFault)
        {
            _port.LogError(null, SpBadFirmwareError, $"{_name}: IOC found FAULTED (code 0x{doorbell & Mpi.DoorbellDataMask:X4}); issuing a diagnostic reset.");
        }

        return DiagnosticReset();
    }

    private bool MessageUnitReset()
    {
        Write(Mpi.Doorbell, Mpi.DoorbellMessageUnitReset);
        return WaitForDoorbellAcknowledge() && WaitForState(Mpi.StateReady, ResetTimeoutMicroseconds);
    }

    private bool DiagnosticReset()
    {
        // Unlock HostDiagnostic with the key sequence (the first write restarts any partial sequence).
        Write(Mpi.WriteSequence, Mpi.WriteSequenceFlush);
        foreach (uint key in Mpi.WriteSequenceKeys)
        {
            Write(Mpi.WriteSequence, key);
        }

        uint diagnostic = Read(Mpi.HostDiagnostic);
        if ((diagnostic & Mpi.DiagWriteEnable) == 0)
        {
            return Fail("HostDiagnostic did not unlock for a diagnostic reset");
        }

        Write(Mpi.HostDiagnostic, diagnostic | Mpi.DiagResetAdapter);
        _port.StallExecution(StatePollMicroseconds);
        bool resetDone = PollUntil(() => (Read(Mpi.HostDiagnostic) & Mpi.DiagResetAdapter) == 0, StatePollMicroseconds, ResetTimeoutMicroseconds);
        bool ready = resetDone && WaitForState(Mpi.StateReady, ResetTimeoutMicroseconds);

        // Clear the reset history and lock the register again.
        Write(Mpi.HostDiagnostic, Read(Mpi.HostDiagnostic) & ~(Mpi.DiagResetHistory | Mpi.DiagResetAdapter));
        Write(Mpi.WriteSequence, Mpi.WriteSequenceFlush);
        return ready;
    }

    private bool GetIocFacts(out ushort msgVersion, out ushort headerVersion, out int replyQueueDepth)
    {
        msgVersion = 0;
        headerVersion = 0;
        replyQueueDepth = 0;
        _handshakeRequest[0] = (uint)Mpi.FunctionIocFacts << 24;
        _handshakeRequest[1] = 0;
        _handshakeRequest[2] = ContextIocFacts;
        if (!Handshake(3, out int length))
        {
            return Fail("IOC_FACTS handshake failed");
        }

        var reply = _handshakeReply.AsSpan(0, length);
        if (length < 0x28 || !ReplyOk(reply, Mpi.FunctionIocFacts, ContextIocFacts))
        {
            return Fail("IOC_FACTS returned an error");
        }

        msgVersion = BinaryPrimitives.ReadUInt16LittleEndian(reply);
        headerVersion = BinaryPrimitives.ReadUInt16LittleEndian(reply[0x04..]);
        byte maxChainDepth = reply[0x14];
        replyQueueDepth = BinaryPrimitives.ReadUInt16LittleEndian(reply[0x18..]);
        int requestFrameBytes = BinaryPrimitives.ReadUInt16LittleEndian(reply[0x1A..]) * 4;
        int globalCredits = BinaryPrimitives.ReadUInt16LittleEndian(reply[0x24..]);
        byte ports = reply[0x26];
        if (requestFrameBytes < FrameSize || maxChainDepth < ChainFrameCount || globalCredits < 1 || replyQueueDepth < 1 || ports < 1)
        {
            return Fail($"the IOC cannot take this driver's frames (RequestFrameSize {requestFrameBytes} bytes, MaxChainDepth {maxChainDepth}, GlobalCredits {globalCredits}, ReplyQueueDepth {replyQueueDepth}, ports {ports})");
        }

        return true;
    }

    private bool GetPortFacts()
    {
        _handshakeRequest[0] = (uint)Mpi.FunctionPortFacts << 24;
        _handshakeRequest[1] = 0;
        _handshakeRequest[2] = ContextPortFacts;
        if (!Handshake(3, out int length))
        {
            return Fail("PORT_FACTS handshake failed");
        }

        var reply = _handshakeReply.AsSpan(0, length);
        if (length < 0x1C || !ReplyOk(reply, Mpi.FunctionPortFacts, ContextPortFacts))
        {
            return Fail("PORT_FACTS returned an error");
        }

        if (reply[0x15] == 0)
        {
            return Fail("port 0 is inactive");
        }

        return true;
    }

    private bool SendIocInit(ushort msgVersion, ushort headerVersion)
    {
        _handshakeRequest.AsSpan().Clear();
        _handshakeRequest[0] = Mpi.WhoInitHostDriver | ((uint)Mpi.FunctionIocInit << 24);
        _handshakeRequest[1] = ((uint)MaximumTargets << 8) | (1u << 16);
        _handshakeRequest[2] = ContextIocInit;
        _handshakeRequest[3] = ReplyFrameSize;
        _handshakeRequest[4] = _highAddress;
        _handshakeRequest[5] = _highAddress;

        // MPI 1.5 IOCs take the 44-byte form with the versions; older ones the 24-byte form.
        int dwords = 6;
        if (msgVersion >= Mpi.MsgVersion15)
        {
            _handshakeRequest[10] = Mpi.MsgVersion15 | ((uint)headerVersion << 16);
            dwords = 11;
        }

        if (!Handshake(dwords, out int length))
        {
            return Fail("IOC_INIT handshake failed");
        }

        if (!ReplyOk(_handshakeReply.AsSpan(0, length), Mpi.FunctionIocInit, ContextIocInit))
        {
            return Fail("IOC_INIT returned an error");
        }

        return true;
    }

    private bool SendPortEnable()
    {
        _handshakeRequest[0] = (uint)Mpi.FunctionPortEnable << 24;
        _handshakeRequest[1] = 0;
        _handshakeRequest[2] = ContextPortEnable;
        if (!Handshake(3, out int length) || !ReplyOk(_handshakeReply.AsSpan(0, length), Mpi.FunctionPortEnable, ContextPortEnable))
        {
            return Fail("PORT_ENABLE failed");
        }

        return true;
    }

    private void SendEventNotificationOff()
    {
        _handshakeRequest[0] = (uint)Mpi.FunctionEventNotification << 24;
        _handshakeRequest[1] = 0;
        _handshakeRequest[2] = ContextEventNotification;
        if (!Handshake(3, out int length) || !ReplyOk(_handshakeReply.AsSpan(0, length), Mpi.FunctionEventNotification, ContextEventNotification))
        {
            _port.LogError(null, SpProtocolError, $"{_name}: EVENT_NOTIFICATION (off) was not accepted; continuing.");
        }
    }

    /// <summary>
    /// One doorbell handshake, the host side of the MPI protocol: ring the doorbell with the dword count, wait for the
    /// IOC to take each dword (HIS bit 31 clear), then read the reply 16 bits at a time, each behind the doorbell
    /// interrupt, and end with a final doorbell interrupt.
    /// </summary>
    private bool Handshake(int dwords, out int replyLength)
    {
        replyLength = 0;
        if ((Read(Mpi.Doorbell) & Mpi.DoorbellActive) != 0)
        {
            return false;
        }

        Write(Mpi.HostInterruptStatus, 0);
        Write(Mpi.Doorbell, Mpi.DoorbellHandshake | ((uint)dwords << Mpi.DoorbellAddDwordsShift));
        if (!WaitForDoorbellInterrupt())
        {
            return false;
        }

        Write(Mpi.HostInterruptStatus, 0);
        if (!WaitForDoorbellAcknowledge())
        {
            return false;
        }

        for (int i = 0; i < dwords; i++)
        {
            Write(Mpi.Doorbell, _handshakeRequest[i]);
            if (!WaitForDoorbellAcknowledge())
            {
                return false;
            }
        }

        // The first two words carry MsgLength (dwords); words beyond the buffer are read and dropped.
        int words = 2;
        for (int word = 0; word < words; word++)
        {
            if (!WaitForDoorbellInterrupt())
            {
                return false;
            }

            ushort value = (ushort)(Read(Mpi.Doorbell) & Mpi.DoorbellDataMask);
            Write(Mpi.HostInterruptStatus, 0);
            if ((word * 2) + 2 <= _handshakeReply.Length)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(_handshakeReply.AsSpan(word * 2), value);
            }

            if (word == 1)
            {
                words = Math.Max(2, (value & 0xFF) * 2);
            }
        }

        if (!WaitForDoorbellInterrupt())
        {
            return false;
        }

        Write(Mpi.HostInterruptStatus, 0);
        replyLength = Math.Min(words * 2, _handshakeReply.Length);
        return true;
    }

    private static bool ReplyOk(ReadOnlySpan<byte> reply, byte function, uint context) =>
        reply.Length >= 0x10
        && reply[3] == function
        && BinaryPrimitives.ReadUInt32LittleEndian(reply[8..]) == context
        && (BinaryPrimitives.ReadUInt16LittleEndian(reply[0x0E..]) & Mpi.IocStatusMask) == Mpi.StatusSuccess;

    private bool WaitForDoorbellInterrupt() =>
        PollUntil(() => (Read(Mpi.HostInterruptStatus) & Mpi.HisDoorbellInterrupt) != 0, HandshakePollMicroseconds, HandshakeTimeoutMicroseconds);

    private bool WaitForDoorbellAcknowledge() =>
        PollUntil(() => (Read(Mpi.HostInterruptStatus) & Mpi.HisIopDoorbellStatus) == 0, HandshakePollMicroseconds, HandshakeTimeoutMicroseconds);

    /// <summary>Polls the doorbell for an IOC state; gives up at once if the IOC faults.</summary>
    private bool WaitForState(uint state, uint timeoutMicroseconds)
    {
        for (uint waited = 0; ; waited += StatePollMicroseconds)
        {
            uint doorbell = Read(Mpi.Doorbell);
            uint current = doorbell >> Mpi.StateShift;
            if (current == state && (doorbell & Mpi.DoorbellActive) == 0)
            {
                return true;
            }

            if (current == Mpi.StateFault || waited >= timeoutMicroseconds)
            {
                return false;
            }

            _port.StallExecution(StatePollMicroseconds);
        }
    }

    /// <summary>Polls a register condition, stalling between polls, for at most the given (stall) time.</summary>
    private bool PollUntil(Func<bool> condition, uint intervalMicroseconds, uint timeoutMicroseconds)
    {
        for (uint waited = 0; ; waited += intervalMicroseconds)
        {
            if (condition())
            {
                return true;
            }

            if (waited >= timeoutMicroseconds)
            {
                return false;
            }

            _port.StallExecution(intervalMicroseconds);
        }
    }

    private bool Fail(string message)
    {
        _port.LogError(null, SpInternalAdapterError, $"{_name}: {message} (doorbell 0x{Read(Mpi.Doorbell):X8}).");
        return false;
    }
}
