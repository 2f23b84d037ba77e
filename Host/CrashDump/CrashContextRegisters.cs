namespace DumpFramework.Host.CrashDump;

/// <summary>
/// Register values for the AMD64 CONTEXT in the dump header (the crashing CPU). A bench dumping a raw memory image has
/// no CPU state; the defaults are the honest "unknown" (zero general registers) with the selectors and control values
/// a 64-bit Windows kernel runs with, because WinDbg-style readers expect non-zero segment registers.
/// </summary>
internal sealed record CrashContextRegisters
{
    public ulong Rax { get; init; }
    public ulong Rcx { get; init; }
    public ulong Rdx { get; init; }
    public ulong Rbx { get; init; }
    public ulong Rsp { get; init; }
    public ulong Rbp { get; init; }
    public ulong Rsi { get; init; }
    public ulong Rdi { get; init; }
    public ulong R8 { get; init; }
    public ulong R9 { get; init; }
    public ulong R10 { get; init; }
    public ulong R11 { get; init; }
    public ulong R12 { get; init; }
    public ulong R13 { get; init; }
    public ulong R14 { get; init; }
    public ulong R15 { get; init; }

    /// <summary>Instruction pointer; 0 = unknown.</summary>
    public ulong Rip { get; init; }

    /// <summary>RFLAGS; default 0x202 (reserved bit 1 and IF), the usual kernel value.</summary>
    public uint EFlags { get; init; } = 0x202;

    /// <summary>Kernel code selector, 0x10 on x64 Windows.</summary>
    public ushort SegCs { get; init; } = 0x10;

    /// <summary>Kernel stack selector, 0x18.</summary>
    public ushort SegSs { get; init; } = 0x18;

    /// <summary>Data selector, 0x2B.</summary>
    public ushort SegDs { get; init; } = 0x2B;

    /// <summary>Data selector, 0x2B.</summary>
    public ushort SegEs { get; init; } = 0x2B;

    /// <summary>FS selector, 0x53.</summary>
    public ushort SegFs { get; init; } = 0x53;

    /// <summary>GS selector, 0x2B.</summary>
    public ushort SegGs { get; init; } = 0x2B;

    /// <summary>MXCSR; default 0x1F80 (all SSE exceptions masked, the power-on value). Written to both copies.</summary>
    public uint MxCsr { get; init; } = 0x1F80;

    /// <summary>x87 control word; default 0x027F (the FNINIT value Windows uses).</summary>
    public ushort FpuControlWord { get; init; } = 0x027F;
}
