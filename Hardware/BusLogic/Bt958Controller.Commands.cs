using System.Buffers.Binary;
using System.Globalization;

namespace DumpFramework.Hardware.BusLogic;

/// <summary>The host adapter command protocol: an opcode and its parameter bytes through the command/parameter
/// register, reply bytes through data in, CMDC at the end and CMDINV for an invalid opcode or parameter.</summary>
public sealed partial class Bt958Controller
{
    private const int NoCommand = -1;
    private const int ParameterCapacity = 53;
    private const int ReplyCapacity = 64;
    private const int LocalRamLength = 256;

    /// <summary>Where the AutoSCSI block starts in local RAM (the first 64 bytes belong to the BIOS).</summary>
    private const int AutoScsiBase = 64;

    /// <summary>ISA-compatible port code meaning "disabled" (a PCI adapter's default).</summary>
    private const byte IsaPortDisabled = 6;

    private readonly byte[] _parameters = new byte[ParameterCapacity];
    private readonly byte[] _reply = new byte[ReplyCapacity];
    private readonly byte[] _localRam = new byte[LocalRamLength];
    private int _command = NoCommand;
    private int _parametersReceived;
    private int _parametersLeft;
    private int _replyIndex;
    private int _replyLeft;
    private bool _replyFromLocalRam;
    private bool _outgoingAvailableInterruptEnabled;
    private byte _isaPortCode = IsaPortDisabled;

    private void ResetCommandState()
    {
        _command = NoCommand;
        _parametersReceived = 0;
        _parametersLeft = 0;
        _replyIndex = 0;
        _replyLeft = 0;
        _replyFromLocalRam = false;
        _outgoingAvailableInterruptEnabled = false;
    }

    /// <summary>A byte written to the command/parameter register.</summary>
    private void WriteCommand(byte value)
    {
        // Execute mailbox command is taken at once, outside the handshake: no HARDY drop, no CMDC.
        if (_command == NoCommand && value == (byte)BusLogicCommand.ExecuteMailboxCommand)
        {
            if (_mailboxCount > 0)
            {
                ProcessOutgoingMailboxes();
            }

            return;
        }

        if (_command == NoCommand)
        {
            _command = value;
            _parametersReceived = 0;
            _status &= unchecked((byte)~(BusLogicRegisters.StatusHostAdapterReady | BusLogicRegisters.StatusCommandInvalid | BusLogicRegisters.StatusDataInReady));
            int? parameters = ParameterCount((BusLogicCommand)value);
            if (parameters is not { } count)
            {
                // An opcode the firmware does not know completes at once with CMDINV; its parameter bytes, if the
                // driver sends any, are not taken (Linux reports "Excess Parameters Supplied").
                Refuse(string.Create(CultureInfo.InvariantCulture, $"invalid host adapter command 0x{value:X2}"));
                FinishInvalid();
                return;
            }

            _parametersLeft = count;
        }
        else if (_parametersLeft > 0)
        {
            _parameters[_parametersReceived++] = value;
            _parametersLeft--;
        }
        else
        {
            // A byte while a reply is being read is not a parameter of anything.
            return;
        }

        if (_parametersLeft == 0)
        {
            Execute();
        }
    }

    /// <summary>Parameter bytes each opcode takes, or <see langword="null"/> for an opcode the BT-958 rejects.</summary>
    private static int? ParameterCount(BusLogicCommand command) => command switch
    {
        BusLogicCommand.TestCommandCompleteInterrupt or BusLogicCommand.InquireBoardId or BusLogicCommand.InquireFirmwareVersion3rdDigit
            or BusLogicCommand.InquireFirmwareVersionLetter or BusLogicCommand.InquirePciHostAdapterInformation
            or BusLogicCommand.InquireConfiguration or BusLogicCommand.InquireInstalledDevices0To7
            or BusLogicCommand.InquireInstalledDevices8To15 or BusLogicCommand.InquireTargetDevices => 0,
        BusLogicCommand.ModifyIoAddress or BusLogicCommand.InquireExtendedSetupInformation or BusLogicCommand.DisableHostAdapterInterrupt
            or BusLogicCommand.InquireHostAdapterModelNumber or BusLogicCommand.InquireSetupInformation
            or BusLogicCommand.EnableStrictRoundRobinMode or BusLogicCommand.SetCcbFormat or BusLogicCommand.InquireSynchronousPeriod
            or BusLogicCommand.EchoCommandData or BusLogicCommand.EnableOutgoingMailboxAvailableInterrupt
            or BusLogicCommand.SetPreemptTimeOnBus or BusLogicCommand.SetTimeOffBus or BusLogicCommand.SetBusTransferRate
            or BusLogicCommand.SetAdapterOptions => 1,
        BusLogicCommand.FetchHostAdapterLocalRam => 2,
        BusLogicCommand.InitializeMailbox => 4,
        BusLogicCommand.SetSelectionTimeout => 4,
        BusLogicCommand.InitializeExtendedMailbox => 5,
        _ => null,
    };

    /// <summary>Runs the command once its parameters are in.</summary>
    private void Execute()
    {
        bool suppressCommandComplete = false;
        var command = (BusLogicCommand)_command;
        switch (command)
        {
            case BusLogicCommand.TestCommandCompleteInterrupt:
            case BusLogicCommand.SetSelectionTimeout:
                break;
            case BusLogicCommand.InquireBoardId:
                // 'A' board type, 'A' custom features (not '0' or 'B', which Adaptec drivers would claim), firmware 5.0.
                Reply((byte)'A', (byte)'A', (byte)'5', (byte)'0');
                break;
            case BusLogicCommand.InquireFirmwareVersion3rdDigit:
                Reply((byte)'7');
                break;
            case BusLogicCommand.InquireFirmwareVersionLetter:
                Reply((byte)'B');
                break;
            case BusLogicCommand.InquireConfiguration:
                // DMA channel 6 (unused on PCI), IRQ 11 (the PCI interrupt line), host adapter SCSI ID 7.
                Reply(0x40, 0x04, HostAdapterId);
                break;
            case BusLogicCommand.InquirePciHostAdapterInformation:
                // ISA port code (0xFF disabled), IRQ, low and high byte terminated + JP1 + information valid.
                Reply(_isaPortCode < IsaPortDisabled ? _isaPortCode : (byte)0xFF, 11, 0x93, 0);
                break;
            case BusLogicCommand.InquireSetupInformation:
                ReplySetupInformation(_parameters[0]);
                break;
            case BusLogicCommand.InquireExtendedSetupInformation:
                ReplyExtendedSetupInformation(_parameters[0]);
                break;
            case BusLogicCommand.InquireHostAdapterModelNumber:
                if (!ReplyPadded(_parameters[0], "958D "u8))
                {
                    return;
                }

                break;
            case BusLogicCommand.InquireSynchronousPeriod:
                if (!ReplyPadded(_parameters[0], []))
                {
                    return;
                }

                break;
            case BusLogicCommand.InquireInstalledDevices0To7:
            case BusLogicCommand.InquireInstalledDevices8To15:
                ReplyInstalledDevices(command == BusLogicCommand.InquireInstalledDevices0To7 ? 0 : 8);
                break;
            case BusLogicCommand.InquireTargetDevices:
                ushort present = PresentTargets();
                Reply((byte)present, (byte)(present >> 8));
                break;
            case BusLogicCommand.EchoCommandData:
                Reply(_parameters[0]);
                break;
            case BusLogicCommand.InitializeMailbox:
            case BusLogicCommand.InitializeExtendedMailbox:
                if (!InitializeMailboxes(command == BusLogicCommand.InitializeMailbox))
                {
                    return;
                }

                break;
            case BusLogicCommand.EnableStrictRoundRobinMode:
            case BusLogicCommand.SetCcbFormat:
            case BusLogicCommand.EnableOutgoingMailboxAvailableInterrupt:
                if (_parameters[0] > 1)
                {
                    Refuse(string.Create(CultureInfo.InvariantCulture, $"command 0x{_command:X2}: parameter {_parameters[0]} is not 0 or 1"));
                    FinishInvalid();
                    return;
                }

                bool on = _parameters[0] == 1;
                if (command == BusLogicCommand.EnableStrictRoundRobinMode)
                {
                    _strictRoundRobin = on;
                    SetAutoScsiBit(33, 0x10, on);
                }
                else if (command == BusLogicCommand.SetCcbFormat)
                {
                    _extendedLunFormat = on;
                }
                else
                {
                    // Taken without CMDC (VirtualBox; Linux never issues it).
                    _outgoingAvailableInterruptEnabled = on;
                    suppressCommandComplete = true;
                }

                break;
            case BusLogicCommand.DisableHostAdapterInterrupt:
                // The line follows the parameter; CMDC still latches in the register.
                _interruptLineEnabled = _parameters[0] != 0;
                break;
            case BusLogicCommand.SetPreemptTimeOnBus:
                _localRam[AutoScsiBase + 16] = _parameters[0];
                break;
            case BusLogicCommand.SetTimeOffBus:
                _localRam[AutoScsiBase + 17] = _parameters[0];
                break;
            case BusLogicCommand.SetBusTransferRate:
                _localRam[AutoScsiBase + 13] = _parameters[0];
                break;
            case BusLogicCommand.SetAdapterOptions:
                if (_parametersReceived == 1 && _parameters[0] > 0)
                {
                    // The first byte counts the option bytes that follow; they concern the SCSI protocol only.
                    _parametersLeft = Math.Min((int)_parameters[0], ParameterCapacity - 1);
                    return;
                }

                break;
            case BusLogicCommand.FetchHostAdapterLocalRam:
                // The reply comes from local RAM and ends without CMDC (Linux waits for HARDY instead).
                _replyFromLocalRam = true;
                _replyIndex = _parameters[0];
                _replyLeft = _parameters[1];
                if (_replyLeft == 0)
                {
                    Finish(suppressCommandComplete: true);
                    return;
                }

                _status |= BusLogicRegisters.StatusDataInReady;
                return;
            case BusLogicCommand.ModifyIoAddress:
                if (_parameters[0] > 7)
                {
                    Refuse(string.Create(CultureInfo.InvariantCulture, $"modify I/O address: port code {_parameters[0]} is not 0 to 7"));
                    FinishInvalid();
                    return;
                }

                // Moves only the ISA-compatible decode; the PCI BAR stays. No CMDC, as on the real adapter.
                _isaPortCode = _parameters[0];
                suppressCommandComplete = true;
                break;
            default:
                FinishInvalid();
                return;
        }

        if (_replyLeft > 0)
        {
            _status |= BusLogicRegisters.StatusDataInReady;
        }
        else
        {
            Finish(suppressCommandComplete);
        }
    }

    /// <summary>A data in read: the next reply byte (zero past the reply, as real adapters pad).</summary>
    private byte ReadDataIn()
    {
        byte value = _replyFromLocalRam ? _localRam[_replyIndex & (LocalRamLength - 1)]
            : _replyIndex < ReplyCapacity ? _reply[_replyIndex] : (byte)0;
        if (_replyLeft > 0)
        {
            _replyIndex++;
            _replyLeft--;
            if (_replyLeft == 0)
            {
                Finish(suppressCommandComplete: _command == (int)BusLogicCommand.FetchHostAdapterLocalRam);
            }
        }

        return value;
    }

    /// <summary>The command is over: ready again, and CMDC latched unless the command does not signal it.</summary>
    private void Finish(bool suppressCommandComplete)
    {
        _status |= BusLogicRegisters.StatusHostAdapterReady;
        _status &= unchecked((byte)~BusLogicRegisters.StatusDataInReady);
        _replyFromLocalRam = false;
        _replyIndex = 0;
        _replyLeft = 0;
        _command = NoCommand;
        _parametersReceived = 0;
        _parametersLeft = 0;
        if (!suppressCommandComplete)
        {
            SetInterrupt(BusLogicRegisters.InterruptCommandComplete);
        }
    }

    /// <summary>An invalid opcode or parameter: CMDINV, no reply, CMDC.</summary>
    private void FinishInvalid()
    {
        _replyLeft = 0;
        Finish(suppressCommandComplete: false);
        _status |= BusLogicRegisters.StatusCommandInvalid;
    }

    private void Reply(params ReadOnlySpan<byte> bytes)
    {
        Array.Clear(_reply);
        bytes.CopyTo(_reply);
        _replyIndex = 0;
        _replyLeft = bytes.Length;
    }

    /// <summary>A reply whose length the driver chose (the parameter byte), zero padded; longer than the reply buffer
    /// is an invalid parameter.</summary>
    private bool ReplyPadded(byte length, ReadOnlySpan<byte> content)
    {
        if (length > ReplyCapacity)
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"command 0x{_command:X2}: reply length {length} exceeds {ReplyCapacity}"));
            FinishInvalid();
            return false;
        }

        Array.Clear(_reply);
        content[..Math.Min(content.Length, length)].CopyTo(_reply);
        _replyIndex = 0;
        _replyLeft = length;
        return true;
    }

    private void ReplySetupInformation(byte length)
    {
        Span<byte> info = stackalloc byte[34];
        info.Clear();
        info[0] = 0x03; // synchronous initiation and parity checking enabled
        info[4] = (byte)_mailboxCount;
        info[5] = (byte)(_outgoingBase >> 16);
        info[6] = (byte)(_outgoingBase >> 8);
        info[7] = (byte)_outgoingBase;
        info[17] = (byte)'B'; // BusLogic signature: keeps Adaptec drivers away
        info[18] = (byte)'D';
        info[19] = (byte)'F'; // PCI host bus
        ReplyTruncated(info, length);
    }

    private void ReplyExtendedSetupInformation(byte length)
    {
        Span<byte> info = stackalloc byte[14];
        info.Clear();
        info[0] = (byte)'E'; // bus type as the BT-958 reports it
        BinaryPrimitives.WriteUInt16LittleEndian(info[2..], MaximumSgElements);
        info[4] = (byte)_mailboxCount;
        BinaryPrimitives.WriteUInt32LittleEndian(info[5..], _outgoingBase);
        info[9] = 0x40; // level-sensitive interrupt
        "07B"u8.CopyTo(info[10..]);
        info[13] = 0x09; // wide and ultra SCSI
        ReplyTruncated(info, length);
    }

    private void ReplyTruncated(ReadOnlySpan<byte> info, byte length)
    {
        Array.Clear(_reply);
        info[..Math.Min(info.Length, length)].CopyTo(_reply);
        _replyIndex = 0;
        _replyLeft = Math.Min((int)length, ReplyCapacity);
    }

    /// <summary>One byte per target: bit n set when LUN n answers (the targets have LUN 0); the host adapter's ID 0.</summary>
    private void ReplyInstalledDevices(int first)
    {
        Span<byte> devices = stackalloc byte[8];
        for (int i = 0; i < 8; i++)
        {
            devices[i] = (byte)(_targets[first + i] is null ? 0 : 1);
        }

        Reply(devices);
    }

    private ushort PresentTargets()
    {
        int mask = 0;
        for (int id = 0; id < MaximumTargets; id++)
        {
            if (_targets[id] is not null)
            {
                mask |= 1 << id;
            }
        }

        return (ushort)mask;
    }

    /// <summary>Local RAM as after a reset: the AutoSCSI block (VirtualBox's defaults, close to a VMware BT-958).</summary>
    private void InitializeLocalRam()
    {
        Array.Clear(_localRam);
        var autoScsi = _localRam.AsSpan(AutoScsiBase, 64);
        autoScsi[10] = 0x04; // level-sensitive interrupt
        autoScsi[14] = HostAdapterId;
        autoScsi[15] = 0x02; // parity checking
        autoScsi[18] = 0x04; // extended translation, as the geometry register says
        for (int offset = 19; offset <= 28; offset += 2)
        {
            // Device enabled, wide, fast, synchronous and disconnect permitted for every target.
            BinaryPrimitives.WriteUInt16LittleEndian(autoScsi[offset..], 0xFFFF);
        }

        autoScsi[33] = (byte)(2 << 2); // I/O port address code as VirtualBox reports a PCI adapter
        BinaryPrimitives.WriteUInt16LittleEndian(autoScsi[34..], 0xFFFF); // ultra permitted
    }

    private void SetAutoScsiBit(int offset, byte bit, bool on)
    {
        ref byte value = ref _localRam[AutoScsiBase + offset];
        value = on ? (byte)(value | bit) : (byte)(value & ~bit);
    }
}
