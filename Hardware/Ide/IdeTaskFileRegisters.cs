namespace DumpFramework.Hardware.Ide;

/// <summary>
/// One device's copy of the task file. Both devices on a channel latch every command-block write; each keeps the
/// previous (HOB) value of Features, Sector Count and LBA Low/Mid/High for 48-bit commands, and its own Status and
/// Error.
/// </summary>
internal sealed class IdeTaskFileRegisters
{
    public byte Features;
    public byte HobFeatures;
    public byte SectorCount;
    public byte HobSectorCount;
    public byte LbaLow;
    public byte HobLbaLow;
    public byte LbaMid;
    public byte HobLbaMid;
    public byte LbaHigh;
    public byte HobLbaHigh;
    public byte Device;
    public byte Status;
    public byte Error;

    /// <summary>Latches a write to registers 1–6, pushing the old value of 1–5 into the HOB copy.</summary>
    public void Latch(int register, byte value)
    {
        switch (register)
        {
            case IdeCommandRegister.Features:
                HobFeatures = Features;
                Features = value;
                break;
            case IdeCommandRegister.SectorCount:
                HobSectorCount = SectorCount;
                SectorCount = value;
                break;
            case IdeCommandRegister.LbaLow:
                HobLbaLow = LbaLow;
                LbaLow = value;
                break;
            case IdeCommandRegister.LbaMid:
                HobLbaMid = LbaMid;
                LbaMid = value;
                break;
            case IdeCommandRegister.LbaHigh:
                HobLbaHigh = LbaHigh;
                LbaHigh = value;
                break;
            case IdeCommandRegister.Device:
                Device = value;
                break;
            default:
                break;
        }
    }

    /// <summary>Reads register 1–6 as the host sees it: the HOB copies when Device Control HOB is set.</summary>
    public byte Read(int register, bool hob) => register switch
    {
        IdeCommandRegister.Error => Error,
        IdeCommandRegister.SectorCount => hob ? HobSectorCount : SectorCount,
        IdeCommandRegister.LbaLow => hob ? HobLbaLow : LbaLow,
        IdeCommandRegister.LbaMid => hob ? HobLbaMid : LbaMid,
        IdeCommandRegister.LbaHigh => hob ? HobLbaHigh : LbaHigh,
        IdeCommandRegister.Device => Device,
        _ => 0,
    };

    /// <summary>The 28-bit LBA of a non-EXT command (Device bits 3:0 are LBA 27:24).</summary>
    public long Lba28 => ((long)(Device & 0x0F) << 24) | ((long)LbaHigh << 16) | ((long)LbaMid << 8) | LbaLow;

    /// <summary>The 48-bit LBA of an EXT command (current bytes 23:0, HOB bytes 47:24).</summary>
    public long Lba48 => ((long)HobLbaHigh << 40) | ((long)HobLbaMid << 32) | ((long)HobLbaLow << 24) | ((long)LbaHigh << 16) | ((long)LbaMid << 8) | LbaLow;

    /// <summary>Stores an LBA into the address registers (the failing sector after an error, or READ NATIVE MAX).</summary>
    public void StoreLba(long lba, bool ext)
    {
        LbaLow = (byte)lba;
        LbaMid = (byte)(lba >> 8);
        LbaHigh = (byte)(lba >> 16);
        if (ext)
        {
            HobLbaLow = (byte)(lba >> 24);
            HobLbaMid = (byte)(lba >> 32);
            HobLbaHigh = (byte)(lba >> 40);
        }
        else
        {
            Device = (byte)((Device & 0xF0) | (int)((lba >> 24) & 0x0F));
        }
    }

    /// <summary>Loads the ATA disk signature after a reset or EXECUTE DEVICE DIAGNOSTIC.</summary>
    public void LoadSignature()
    {
        SectorCount = HobSectorCount = 1;
        LbaLow = HobLbaLow = 1;
        LbaMid = HobLbaMid = 0;
        LbaHigh = HobLbaHigh = 0;
        Features = HobFeatures = 0;
        Device = 0;
        Error = AtaErrorBits.DiagnosticPassed;
    }
}
