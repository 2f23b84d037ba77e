using System.Buffers.Binary;
using System.Globalization;

namespace DumpFramework.Hardware.LsiSas;

/// <summary>Message processing: handshake delivery, the request FIFO and the IOC configuration messages.</summary>
public sealed partial class Sas1068Controller
{
    private const int HeaderSize = 12;
    private const int DefaultReplySize = 20;
    private const int IocFactsReplySize = 0x50;
    private const int IocInitMinimumSize = 24;
    private const int IocInitFullSize = 0x2C;
    private const int PortFactsReplySize = 0x28;
    private const int EventNotificationReplySize = 0x20;
    private const uint EventChange = 0x0A;
    private const byte MsgFlagsContinuationReply = 0x80;

    /// <summary>Where a message's reply goes: the doorbell (handshake) or the reply FIFOs (request FIFO).</summary>
    private enum ReplyRoute
    {
        Doorbell,
        Fifo,
    }

    private void ProcessHandshakeMessage()
    {
        int length = _handshakeExpectedDwords * 4;
        var message = _handshakeRequest.AsSpan(0, length);
        if (length < 4)
        {
            SetFault(MpiIocStatus.InvalidField, "handshake message shorter than a message header");
            return;
        }

        byte function = message[3];
        if (function == MpiFunction.ScsiIoRequest)
        {
            SetFault(MpiIocStatus.InvalidFunction, "SCSI IO requests cannot be sent through the doorbell");
            return;
        }

        if (function == MpiFunction.ScsiTaskManagement)
        {
            // Task management replies always travel through the reply FIFO; the handshake ends here.
            _doorbellPhase = DoorbellPhase.Idle;
            _interruptStatus |= MpiRegister.HisDoorbellInterrupt;
            DispatchMessage(message, ReplyRoute.Fifo);
            return;
        }

        DispatchMessage(message, ReplyRoute.Doorbell);
    }

    private void PostRequest(uint value)
    {
        if (_state == MpiIocState.Reset || _state == MpiIocState.Fault)
        {
            // Booting or faulted firmware does not fetch requests.
            return;
        }

        if (_state != MpiIocState.Operational)
        {
            SetFault(MpiIocStatus.InvalidState, string.Create(CultureInfo.InvariantCulture, $"request 0x{value:X8} posted while the IOC is {_state}, not OPERATIONAL"));
            return;
        }

        if (_pending.Count >= FifoDepth)
        {
            SetFault(MpiIocStatus.InsufficientResources, "request FIFO overflow: more requests outstanding than GlobalCredits");
            return;
        }

        // Bits 1:0 carry the frame size hint.
        ulong frameAddress = _hostMfaHigh | (value & ~3u);
        var header = _frame.AsSpan(0, HeaderSize);
        if (!_memory.TryRead(frameAddress, header))
        {
            SetFault(MpiIocStatus.InternalError, string.Create(CultureInfo.InvariantCulture, $"bus error fetching the request frame at 0x{frameAddress:X}"));
            return;
        }

        byte function = header[3];
        int size = RequestSize(function);
        if (size == 0)
        {
            SetFault(MpiIocStatus.InvalidFunction, string.Create(CultureInfo.InvariantCulture, $"invalid function 0x{function:X2} in the request frame at 0x{frameAddress:X}"));
            return;
        }

        var frame = _frame.AsSpan(0, size);
        if (!_memory.TryRead(frameAddress + HeaderSize, frame[HeaderSize..]))
        {
            SetFault(MpiIocStatus.InternalError, string.Create(CultureInfo.InvariantCulture, $"bus error fetching the request frame at 0x{frameAddress:X}"));
            return;
        }

        if (function == MpiFunction.ScsiIoRequest)
        {
            if (++_scsiIoRequestsPosted == _hangRequestNumber)
            {
                // Fault injection: the request is fetched and never answered; only a reset forgets it.
                return;
            }

            ProcessScsiIo(frameAddress, frame);
        }
        else
        {
            DispatchMessage(frame, ReplyRoute.Fifo);
        }
    }

    private static int RequestSize(byte function) => function switch
    {
        MpiFunction.ScsiIoRequest => MpiScsiIo.RequestSize,
        MpiFunction.ScsiTaskManagement => MpiTaskManagement.RequestSize,
        MpiFunction.IocInit => IocInitFullSize,
        MpiFunction.IocFacts or MpiFunction.PortFacts or MpiFunction.PortEnable or MpiFunction.EventNotification => HeaderSize,
        MpiFunction.Config => MpiConfigPages.RequestSize,
        _ => 0,
    };

    private void DispatchMessage(ReadOnlySpan<byte> message, ReplyRoute route)
    {
        byte function = message[3];
        int required = function == MpiFunction.IocInit ? IocInitMinimumSize : RequestSize(function);
        if (required == 0)
        {
            SetFault(MpiIocStatus.InvalidFunction, string.Create(CultureInfo.InvariantCulture, $"invalid function 0x{function:X2}"));
            return;
        }

        if (message.Length < required)
        {
            if (message.Length < HeaderSize)
            {
                SetFault(MpiIocStatus.InvalidField, "message shorter than a message header");
                return;
            }

            var reply = BeginReply(message, DefaultReplySize);
            SetIocStatus(reply, MpiIocStatus.InvalidField);
            Deliver(reply, route);
            return;
        }

        switch (function)
        {
            case MpiFunction.IocFacts:
                Deliver(BuildIocFactsReply(message), route);
                break;
            case MpiFunction.PortFacts:
                Deliver(BuildPortFactsReply(message), route);
                break;
            case MpiFunction.IocInit:
                Deliver(ProcessIocInit(message), route);
                break;
            case MpiFunction.PortEnable:
                Deliver(ProcessPortEnable(message), route);
                break;
            case MpiFunction.EventNotification:
                Deliver(BuildEventNotificationReply(message), route);
                break;
            case MpiFunction.Config:
                Deliver(ProcessConfig(message), route);
                break;
            case MpiFunction.ScsiTaskManagement:
                ProcessTaskManagement(message);
                break;
        }
    }

    /// <summary>Starts a reply in the scratch buffer: zeroed, with MsgLength, Function and MsgContext filled.</summary>
    private Span<byte> BeginReply(ReadOnlySpan<byte> request, int length)
    {
        var reply = _replyScratch.AsSpan(0, length);
        reply.Clear();
        reply[2] = (byte)(length / 4);
        reply[3] = request[3];
        BinaryPrimitives.WriteUInt32LittleEndian(reply[8..], BinaryPrimitives.ReadUInt32LittleEndian(request[8..]));
        return reply;
    }

    private static void SetIocStatus(Span<byte> reply, ushort status) => BinaryPrimitives.WriteUInt16LittleEndian(reply[0x0E..], status);

    private void Deliver(ReadOnlySpan<byte> reply, ReplyRoute route)
    {
        if (_state == MpiIocState.Fault)
        {
            return;
        }

        if (route == ReplyRoute.Fifo)
        {
            QueueReply(turbo: false, context: 0, reply);
            return;
        }

        reply.CopyTo(_handshakeReply);
        _handshakeReplyWords = reply.Length / 2;
        _handshakeReplyIndex = 0;
        _doorbellPhase = DoorbellPhase.Replying;
        _interruptStatus |= MpiRegister.HisDoorbellInterrupt;
    }

    private Span<byte> BuildIocFactsReply(ReadOnlySpan<byte> request)
    {
        var reply = BeginReply(request, IocFactsReplySize);
        BinaryPrimitives.WriteUInt16LittleEndian(reply, 0x0105);
        reply[0x14] = MaximumChainDepth;
        reply[0x15] = _whoInit;
        reply[0x16] = BlockSizeDwords;
        BinaryPrimitives.WriteUInt16LittleEndian(reply[0x18..], FifoDepth);
        BinaryPrimitives.WriteUInt16LittleEndian(reply[0x1A..], RequestFrameSizeDwords);
        BinaryPrimitives.WriteUInt16LittleEndian(reply[0x1E..], ProductId);
        BinaryPrimitives.WriteUInt32LittleEndian(reply[0x20..], (uint)(_hostMfaHigh >> 32));
        BinaryPrimitives.WriteUInt16LittleEndian(reply[0x24..], FifoDepth);
        reply[0x26] = NumberOfPorts;
        BinaryPrimitives.WriteUInt32LittleEndian(reply[0x28..], (uint)(_senseBufferHigh >> 32));
        BinaryPrimitives.WriteUInt16LittleEndian(reply[0x2C..], _replyFrameSize);
        reply[0x2E] = (byte)_maxDevices;
        reply[0x2F] = _maxBuses;
        reply[0x38] = 0x00;
        reply[0x39] = 0x92;
        reply[0x3A] = 0x32;
        reply[0x3B] = 0x01;
        return reply;
    }

    private Span<byte> BuildPortFactsReply(ReadOnlySpan<byte> request)
    {
        var reply = BeginReply(request, PortFactsReplySize);
        byte port = request[6];
        reply[6] = port;
        if (port < NumberOfPorts)
        {
            reply[0x15] = 0x30;
            BinaryPrimitives.WriteUInt16LittleEndian(reply[0x16..], NumberOfPorts);
            BinaryPrimitives.WriteUInt16LittleEndian(reply[0x18..], NumberOfPorts);
            // Initiator, logical bus addressing.
            BinaryPrimitives.WriteUInt16LittleEndian(reply[0x1A..], 0x09);
        }

        return reply;
    }

    private Span<byte> ProcessIocInit(ReadOnlySpan<byte> request)
    {
        var reply = BeginReply(request, DefaultReplySize);
        byte whoInit = request[0];
        ushort replyFrameSize = BinaryPrimitives.ReadUInt16LittleEndian(request[0x0C..]);
        if (_state != MpiIocState.Ready)
        {
            SetIocStatus(reply, MpiIocStatus.InvalidState);
        }
        else if (replyFrameSize < DefaultReplySize || replyFrameSize % 4 != 0)
        {
            SetIocStatus(reply, MpiIocStatus.InvalidField);
        }
        else
        {
            _whoInit = whoInit;
            _replyFrameSize = replyFrameSize;
            _maxDevices = request[5] == 0 ? 256 : request[5];
            _maxBuses = request[6];
            _hostMfaHigh = (ulong)BinaryPrimitives.ReadUInt32LittleEndian(request[0x10..]) << 32;
            _senseBufferHigh = (ulong)BinaryPrimitives.ReadUInt32LittleEndian(request[0x14..]) << 32;
            _state = MpiIocState.Operational;
        }

        reply[0] = _whoInit;
        reply[4] = request[4];
        reply[5] = (byte)_maxDevices;
        reply[6] = _maxBuses;
        return reply;
    }

    private Span<byte> ProcessPortEnable(ReadOnlySpan<byte> request)
    {
        var reply = BeginReply(request, DefaultReplySize);
        byte port = request[6];
        reply[6] = port;
        if (_state != MpiIocState.Operational)
        {
            SetIocStatus(reply, MpiIocStatus.InvalidState);
        }
        else if (port >= NumberOfPorts)
        {
            SetIocStatus(reply, MpiIocStatus.InvalidField);
        }
        else
        {
            // Enabling the port starts discovery: targets answer from now on.
            _portEnabled = true;
        }

        return reply;
    }

    private Span<byte> BuildEventNotificationReply(ReadOnlySpan<byte> request)
    {
        var reply = BeginReply(request, EventNotificationReplySize);
        BinaryPrimitives.WriteUInt16LittleEndian(reply, 1);
        reply[7] = MsgFlagsContinuationReply;
        BinaryPrimitives.WriteUInt32LittleEndian(reply[0x14..], EventChange);
        BinaryPrimitives.WriteUInt32LittleEndian(reply[0x1C..], request[0] != 0 ? 1u : 0u);
        return reply;
    }
}
