namespace DumpFramework.Hardware.LsiSas;

/// <summary>MPI 1.5 message function codes (byte 3 of every request and reply header).</summary>
internal static class MpiFunction
{
    public const byte ScsiIoRequest = 0x00;
    public const byte ScsiTaskManagement = 0x01;
    public const byte IocInit = 0x02;
    public const byte IocFacts = 0x03;
    public const byte Config = 0x04;
    public const byte PortFacts = 0x05;
    public const byte PortEnable = 0x06;
    public const byte EventNotification = 0x07;

    /// <summary>Doorbell function: Message Unit Reset.</summary>
    public const byte IocMessageUnitReset = 0x40;

    /// <summary>Doorbell function: IO Unit Reset.</summary>
    public const byte IoUnitReset = 0x41;

    /// <summary>Doorbell function: start a handshake.</summary>
    public const byte Handshake = 0x42;
}
