namespace DumpFramework.Hardware.BusLogic;

/// <summary>
/// The MultiMaster host adapter's four I/O ports and their bits (VirtualBox DevBusLogic, Linux BusLogic.h). The PCI I/O
/// BAR decodes 32 bytes and mirrors the four registers in it, as the device decodes only the low two address bits.
/// </summary>
internal static class BusLogicRegisters
{
    /// <summary>Bytes the PCI I/O BAR decodes.</summary>
    public const int IoBarLength = 32;

    /// <summary>Bytes the PCI memory BAR decodes (nothing behind it: drivers use the I/O ports).</summary>
    public const int MemoryBarLength = 32;

    /// <summary>Write: control. Read: status.</summary>
    public const int ControlStatus = 0;

    /// <summary>Write: command and parameter bytes. Read: data in (reply bytes).</summary>
    public const int CommandDataIn = 1;

    /// <summary>Read: the latched interrupt causes (the BT-958 also lets a driver write it).</summary>
    public const int Interrupt = 2;

    /// <summary>Read: the undocumented geometry register (bit 7: extended translation).</summary>
    public const int Geometry = 3;

    /// <summary>Control bit 7: hard reset (diagnostics and a SCSI bus reset).</summary>
    public const byte ControlHardReset = 0x80;

    /// <summary>Control bit 6: soft reset (the host adapter only).</summary>
    public const byte ControlSoftReset = 0x40;

    /// <summary>Control bit 5: reset the interrupt register (acknowledge).</summary>
    public const byte ControlInterruptReset = 0x20;

    /// <summary>Control bit 4: reset the SCSI bus.</summary>
    public const byte ControlScsiBusReset = 0x10;

    /// <summary>Status bit 7 DACT: diagnostics are running.</summary>
    public const byte StatusDiagnosticActive = 0x80;

    /// <summary>Status bit 6 DFAIL: diagnostics failed.</summary>
    public const byte StatusDiagnosticFailure = 0x40;

    /// <summary>Status bit 5 INREQ: mailboxes not initialized yet.</summary>
    public const byte StatusInitializationRequired = 0x20;

    /// <summary>Status bit 4 HARDY: ready for a command.</summary>
    public const byte StatusHostAdapterReady = 0x10;

    /// <summary>Status bit 3 CPRBSY: the command/parameter register holds a byte not yet taken.</summary>
    public const byte StatusCommandParameterBusy = 0x08;

    /// <summary>Status bit 2 DIRRDY: a reply byte waits in data in.</summary>
    public const byte StatusDataInReady = 0x04;

    /// <summary>Status bit 0 CMDINV: the last opcode or parameter was invalid.</summary>
    public const byte StatusCommandInvalid = 0x01;

    /// <summary>Interrupt bit 7 INTV: some cause is latched.</summary>
    public const byte InterruptValid = 0x80;

    /// <summary>Interrupt bit 3 RSTS: a SCSI bus reset by another device.</summary>
    public const byte InterruptScsiResetState = 0x08;

    /// <summary>Interrupt bit 2 CMDC: a host adapter command completed.</summary>
    public const byte InterruptCommandComplete = 0x04;

    /// <summary>Interrupt bit 1 OMBR: an outgoing mailbox became free.</summary>
    public const byte InterruptOutgoingMailboxAvailable = 0x02;

    /// <summary>Interrupt bit 0 IMBL: an incoming mailbox was loaded.</summary>
    public const byte InterruptIncomingMailboxLoaded = 0x01;

    /// <summary>Geometry bit 7: extended translation (255 heads / 63 sectors above 2 GB) enabled.</summary>
    public const byte GeometryExtendedTranslation = 0x80;

    /// <summary>Status after a reset once diagnostics passed: ready, mailboxes required (0x30).</summary>
    public const byte StatusAfterReset = StatusHostAdapterReady | StatusInitializationRequired;
}
