namespace DumpFramework.Host.CrashDump;

/// <summary>Offsets inside the AMD64 CONTEXT record (relative to its start, dump-format reference §3.3).</summary>
internal static class AmdContextOffsets
{
    public const int Size = 0x4D0;
    public const int ContextFlags = 0x30;
    public const int MxCsr = 0x34;
    public const int SegCs = 0x38;
    public const int SegDs = 0x3A;
    public const int SegEs = 0x3C;
    public const int SegFs = 0x3E;
    public const int SegGs = 0x40;
    public const int SegSs = 0x42;
    public const int EFlags = 0x44;
    public const int Rax = 0x78;
    public const int Rcx = 0x80;
    public const int Rdx = 0x88;
    public const int Rbx = 0x90;
    public const int Rsp = 0x98;
    public const int Rbp = 0xA0;
    public const int Rsi = 0xA8;
    public const int Rdi = 0xB0;
    public const int R8 = 0xB8;
    public const int Rip = 0xF8;
    public const int FltSaveControlWord = 0x100;
    public const int FltSaveMxCsr = 0x118;
    public const int FltSaveMxCsrMask = 0x11C;

    /// <summary>CONTEXT_AMD64 | CONTROL | INTEGER | SEGMENTS | FLOATING_POINT | DEBUG_REGISTERS.</summary>
    public const uint FullContextFlags = 0x0010001F;
}
