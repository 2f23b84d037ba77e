namespace DumpFramework.Hardware.LsiSas;

/// <summary>IOC states as they appear in Doorbell bits 31:28.</summary>
internal enum MpiIocState : uint
{
    Reset = 0x0,
    Ready = 0x1,
    Operational = 0x2,
    Fault = 0x4,
}
