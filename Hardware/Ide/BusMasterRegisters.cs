namespace DumpFramework.Hardware.Ide;

/// <summary>
/// The per-channel bus-master IDE registers (SFF-8038i / PIIX): BM Command at +0, BM Status at +2 and the PRD Table
/// Pointer at +4. The PRD walk itself is done by <see cref="IdeChannel"/>, which owns the device side.
/// </summary>
internal sealed class BusMasterRegisters
{
    public const int CommandOffset = 0;
    public const int StatusOffset = 2;
    public const int PrdTableOffset = 4;

    /// <summary>BM Command bit 0: Start/Stop Bus Master.</summary>
    public const byte CommandStart = 0x01;

    /// <summary>BM Command bit 3: 1 = the controller writes memory (READ DMA), 0 = it reads memory (WRITE DMA).</summary>
    public const byte CommandWritesMemory = 0x08;

    public const byte StatusActive = 0x01;
    public const byte StatusError = 0x02;
    public const byte StatusInterrupt = 0x04;
    public const byte StatusDrive0DmaCapable = 0x20;
    public const byte StatusDrive1DmaCapable = 0x40;

    public byte Command;
    public byte Status;
    public uint PrdTable;

    public bool Started => (Command & CommandStart) != 0;

    public bool WritesMemory => (Command & CommandWritesMemory) != 0;

    public bool Active => (Status & StatusActive) != 0;

    public void Reset()
    {
        Command = 0;
        Status = 0;
        PrdTable = 0;
    }

    /// <summary>A BM Status write: bits 6:5 as written, Active kept, Error and Interrupt cleared where 1s are written.</summary>
    public void WriteStatus(byte value)
    {
        byte capable = (byte)(value & (StatusDrive0DmaCapable | StatusDrive1DmaCapable));
        byte cleared = (byte)(Status & ~(value & (StatusError | StatusInterrupt)));
        Status = (byte)((cleared & (StatusActive | StatusError | StatusInterrupt)) | capable);
    }
}
