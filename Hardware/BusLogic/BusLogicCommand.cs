namespace DumpFramework.Hardware.BusLogic;

/// <summary>Host adapter command opcodes written to the command/parameter register (MultiMaster command set).</summary>
internal enum BusLogicCommand : byte
{
    /// <summary>Test CMDC interrupt: completes with CMDC and nothing else.</summary>
    TestCommandCompleteInterrupt = 0x00,

    /// <summary>Initialize mailbox: count and a 24-bit big-endian base (4-byte ISA mailboxes).</summary>
    InitializeMailbox = 0x01,

    /// <summary>Execute mailbox command (start mailbox): scan the outgoing mailboxes. No parameters, no CMDC.</summary>
    ExecuteMailboxCommand = 0x02,

    /// <summary>Inquire board ID: 4 bytes (board type, custom features, firmware major and minor digits).</summary>
    InquireBoardId = 0x04,

    /// <summary>Enable outgoing mailbox available interrupt: 1 parameter (0 or 1), no CMDC.</summary>
    EnableOutgoingMailboxAvailableInterrupt = 0x05,

    /// <summary>Set SCSI selection timeout: 4 parameters.</summary>
    SetSelectionTimeout = 0x06,

    /// <summary>Set bus-on time: 1 parameter.</summary>
    SetPreemptTimeOnBus = 0x07,

    /// <summary>Set bus-off time: 1 parameter.</summary>
    SetTimeOffBus = 0x08,

    /// <summary>Set bus transfer rate: 1 parameter.</summary>
    SetBusTransferRate = 0x09,

    /// <summary>Inquire installed devices ID 0 to 7: 8 bytes, one LUN bit mask per target.</summary>
    InquireInstalledDevices0To7 = 0x0A,

    /// <summary>Inquire configuration: 3 bytes (DMA channel, IRQ channel, host adapter SCSI ID).</summary>
    InquireConfiguration = 0x0B,

    /// <summary>Inquire setup information: reply length as the parameter, 34 bytes defined.</summary>
    InquireSetupInformation = 0x0D,

    /// <summary>Echo command data: 1 parameter, echoed as the reply.</summary>
    EchoCommandData = 0x1F,

    /// <summary>Set adapter options: a count byte, then that many bytes.</summary>
    SetAdapterOptions = 0x21,

    /// <summary>Inquire installed devices ID 8 to 15: 8 bytes.</summary>
    InquireInstalledDevices8To15 = 0x23,

    /// <summary>Inquire target devices: a 16-bit mask of the targets answering at LUN 0.</summary>
    InquireTargetDevices = 0x24,

    /// <summary>Disable host adapter interrupt: 1 parameter (0 disables the line; the register still latches).</summary>
    DisableHostAdapterInterrupt = 0x25,

    /// <summary>Initialize extended mailbox: count and a 32-bit little-endian base (8-byte mailboxes).</summary>
    InitializeExtendedMailbox = 0x81,

    /// <summary>Inquire firmware version 3rd digit: 1 byte.</summary>
    InquireFirmwareVersion3rdDigit = 0x84,

    /// <summary>Inquire firmware version letter: 1 byte.</summary>
    InquireFirmwareVersionLetter = 0x85,

    /// <summary>Inquire PCI host adapter information: 4 bytes (ISA port code, IRQ, termination, reserved).</summary>
    InquirePciHostAdapterInformation = 0x86,

    /// <summary>Inquire host adapter model number: reply length as the parameter ("958D ").</summary>
    InquireHostAdapterModelNumber = 0x8B,

    /// <summary>Inquire synchronous period: reply length as the parameter, one byte per target.</summary>
    InquireSynchronousPeriod = 0x8C,

    /// <summary>Inquire extended setup information: reply length as the parameter, 14 bytes defined.</summary>
    InquireExtendedSetupInformation = 0x8D,

    /// <summary>Enable strict round-robin mode: 1 parameter (0 scan all outgoing mailboxes, 1 the next only).</summary>
    EnableStrictRoundRobinMode = 0x8F,

    /// <summary>Fetch host adapter local RAM: offset and count; the reply comes from local RAM, without CMDC.</summary>
    FetchHostAdapterLocalRam = 0x91,

    /// <summary>Modify I/O address: 1 parameter (ISA-compatible port code 0–7), without CMDC.</summary>
    ModifyIoAddress = 0x95,

    /// <summary>Set CCB format: 1 parameter (0 legacy LUN and tag byte, 1 extended 5-bit LUN).</summary>
    SetCcbFormat = 0x96,
}
