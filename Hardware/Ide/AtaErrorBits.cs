namespace DumpFramework.Hardware.Ide;

/// <summary>Bits of the ATA Error register.</summary>
internal static class AtaErrorBits
{
    public const byte InterfaceCrc = 0x80;
    public const byte Uncorrectable = 0x40;
    public const byte MediaChanged = 0x20;
    public const byte IdNotFound = 0x10;
    public const byte MediaChangeRequest = 0x08;
    public const byte Aborted = 0x04;
    public const byte Track0NotFound = 0x02;
    public const byte AddressMarkNotFound = 0x01;

    /// <summary>The Error value after reset or EXECUTE DEVICE DIAGNOSTIC: device 0 passed.</summary>
    public const byte DiagnosticPassed = 0x01;
}
