namespace DumpFramework.Host.CrashDump;

/// <summary>Byte offsets of DUMP_HEADER64 fields (dump-format reference §3; Windows SDK mindumpdef.h alignment).</summary>
internal static class DumpHeader64Offsets
{
    /// <summary>Size of the header; page data (type 1) or the bitmap header (types 5/6) starts here.</summary>
    public const int HeaderSize = 0x2000;

    public const int Signature = 0x000;
    public const int ValidDump = 0x004;
    public const int MajorVersion = 0x008;
    public const int MinorVersion = 0x00C;
    public const int DirectoryTableBase = 0x010;
    public const int PfnDataBase = 0x018;
    public const int PsLoadedModuleList = 0x020;
    public const int PsActiveProcessHead = 0x028;
    public const int MachineImageType = 0x030;
    public const int NumberProcessors = 0x034;
    public const int BugCheckCode = 0x038;
    public const int BugCheckParameter1 = 0x040;
    public const int KdDebuggerDataBlock = 0x080;

    /// <summary>PHYSICAL_MEMORY_DESCRIPTOR64 (700-byte buffer).</summary>
    public const int PhysicalMemoryBlock = 0x088;
    public const int PhysicalMemoryBlockSize = 700;
    public const int NumberOfRuns = 0x088;
    public const int NumberOfPages = 0x090;
    public const int FirstRun = 0x098;
    public const int RunSize = 16;

    /// <summary>Runs that fit wholly in the 700-byte descriptor: (700 − 16) / 16.</summary>
    public const int MaxRuns = (PhysicalMemoryBlockSize - 16) / RunSize;

    /// <summary>3000-byte buffer holding the AMD64 CONTEXT (0x4D0 bytes) of the crashing CPU.</summary>
    public const int ContextRecord = 0x348;
    public const int ContextRecordSize = 3000;
    public const int Exception = 0xF00;
    public const int DumpType = 0xF98;
    public const int RequiredDumpSpace = 0xFA0;
    public const int SystemTime = 0xFA8;
    public const int Comment = 0xFB0;
    public const int CommentSize = 128;
    public const int SystemUpTime = 0x1030;
    public const int ProductType = 0x1040;
    public const int SuiteMask = 0x1044;
    public const int Attributes = 0x1050;
    public const int BootId = 0x1054;

    /// <summary>IMAGE_FILE_MACHINE_AMD64.</summary>
    public const uint MachineAmd64 = 0x8664;
}
