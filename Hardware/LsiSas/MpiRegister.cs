namespace DumpFramework.Hardware.LsiSas;

/// <summary>System interface register offsets (identical in the I/O and memory BARs) and their bits.</summary>
internal static class MpiRegister
{
    public const int Doorbell = 0x00;
    public const int WriteSequence = 0x04;
    public const int HostDiagnostic = 0x08;
    public const int TestBaseAddress = 0x0C;
    public const int HostInterruptStatus = 0x30;
    public const int HostInterruptMask = 0x34;
    public const int RequestQueue = 0x40;
    public const int ReplyQueue = 0x44;
    public const int HighPriorityRequestQueue = 0x48;

    /// <summary>Doorbell bits 31:28: IOC state.</summary>
    public const int DoorbellStateShift = 28;

    /// <summary>Doorbell bit 27: a handshake is in progress.</summary>
    public const uint DoorbellActive = 0x0800_0000;

    /// <summary>Doorbell bits 26:24: WhoInit.</summary>
    public const int DoorbellWhoInitShift = 24;

    /// <summary>Doorbell bits 15:0: fault code or handshake reply word.</summary>
    public const uint DoorbellDataMask = 0x0000_FFFF;

    /// <summary>Doorbell write bits 31:24: the doorbell function.</summary>
    public const int DoorbellFunctionShift = 24;

    /// <summary>Doorbell write bits 23:16: handshake request length in dwords.</summary>
    public const int DoorbellAddDwordsShift = 16;

    /// <summary>HIS bit 0: doorbell interrupt (DI).</summary>
    public const uint HisDoorbellInterrupt = 0x0000_0001;

    /// <summary>HIS bit 3: reply interrupt (RI).</summary>
    public const uint HisReplyInterrupt = 0x0000_0008;

    /// <summary>HIS bit 31: the IOC has not yet consumed the last doorbell write.</summary>
    public const uint HisIopDoorbellStatus = 0x8000_0000;

    /// <summary>HIM bit 0: doorbell interrupt masked.</summary>
    public const uint HimDoorbellMask = 0x0000_0001;

    /// <summary>HIM bit 3: reply interrupt masked.</summary>
    public const uint HimReplyMask = 0x0000_0008;

    /// <summary>HostDiagnostic: RESET_ADAPTER (hard reset).</summary>
    public const uint DiagResetAdapter = 0x0000_0004;

    /// <summary>HostDiagnostic: DIAG_RW_ENABLE.</summary>
    public const uint DiagRwEnable = 0x0000_0010;

    /// <summary>HostDiagnostic: RESET_HISTORY (set by a hard reset, cleared by the host).</summary>
    public const uint DiagResetHistory = 0x0000_0020;

    /// <summary>HostDiagnostic: DRWE, the register is unlocked.</summary>
    public const uint DiagWriteEnable = 0x0000_0080;

    /// <summary>Mask of the WriteSequence key nibble.</summary>
    public const uint WriteSequenceKeyMask = 0x0000_000F;

    /// <summary>Reply Post FIFO: the empty value.</summary>
    public const uint ReplyQueueEmpty = 0xFFFF_FFFF;

    /// <summary>Reply descriptor bit 31: address reply.</summary>
    public const uint AddressReplyFlag = 0x8000_0000;
}
