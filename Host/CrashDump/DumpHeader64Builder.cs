using System.Buffers.Binary;

namespace DumpFramework.Host.CrashDump;

/// <summary>
/// Builds the 0x2000-byte DUMP_HEADER64 the way nt!IoFillDumpHeader does: fill with 'PAGE', then zero the context
/// buffer (and for bitmap dumps the memory descriptor), then store the fields. "Never a false valid": write
/// <see cref="DumpHeaderState.Incomplete"/> at offset 0 first, the body next, and <see cref="DumpHeaderState.Final"/>
/// last, so a dump interrupted anywhere is rejected on the next boot instead of being read as a short or stale one.
/// </summary>
internal static class DumpHeader64Builder
{
    /// <summary>Builds the header.</summary>
    /// <param name="destination">At least 0x2000 bytes; exactly the first 0x2000 are written.</param>
    /// <param name="parameters">Header values.</param>
    /// <param name="layout">The dump's layout (runs, type, sizes).</param>
    /// <param name="state">Incomplete (written first) or final (written last).</param>
    /// <exception cref="ArgumentException">The destination is too small, or a parameter cannot go into a valid header.</exception>
    public static void Build(Span<byte> destination, CrashDumpParameters parameters, CrashDumpLayout layout, DumpHeaderState state)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(layout);
        Validate(destination, parameters, layout);
        var header = destination[..DumpHeader64Offsets.HeaderSize];

        FillWithPage(header);
        header.Slice(DumpHeader64Offsets.ContextRecord, DumpHeader64Offsets.ContextRecordSize).Clear();

        WriteUInt32(header, DumpHeader64Offsets.Signature, DumpSignatures.Page);
        WriteUInt32(header, DumpHeader64Offsets.ValidDump, state == DumpHeaderState.Final ? DumpSignatures.ValidDump64 : DumpSignatures.IncompleteValidDump);
        WriteUInt32(header, DumpHeader64Offsets.MajorVersion, parameters.MajorVersion);
        WriteUInt32(header, DumpHeader64Offsets.MinorVersion, parameters.MinorVersion);
        WriteUInt64(header, DumpHeader64Offsets.DirectoryTableBase, parameters.DirectoryTableBase);
        WriteUInt64(header, DumpHeader64Offsets.PfnDataBase, parameters.PfnDataBase);
        WriteUInt64(header, DumpHeader64Offsets.PsLoadedModuleList, parameters.PsLoadedModuleList);
        WriteUInt64(header, DumpHeader64Offsets.PsActiveProcessHead, parameters.PsActiveProcessHead);
        WriteUInt32(header, DumpHeader64Offsets.MachineImageType, DumpHeader64Offsets.MachineAmd64);
        WriteUInt32(header, DumpHeader64Offsets.NumberProcessors, parameters.NumberProcessors);
        WriteUInt32(header, DumpHeader64Offsets.BugCheckCode, parameters.BugCheckCode);
        WriteUInt64(header, DumpHeader64Offsets.BugCheckParameter1, parameters.BugCheckParameter1);
        WriteUInt64(header, DumpHeader64Offsets.BugCheckParameter1 + 8, parameters.BugCheckParameter2);
        WriteUInt64(header, DumpHeader64Offsets.BugCheckParameter1 + 16, parameters.BugCheckParameter3);
        WriteUInt64(header, DumpHeader64Offsets.BugCheckParameter1 + 24, parameters.BugCheckParameter4);
        WriteUInt64(header, DumpHeader64Offsets.KdDebuggerDataBlock, parameters.KdDebuggerDataBlock);

        WritePhysicalMemoryBlock(header, layout);
        WriteContext(header.Slice(DumpHeader64Offsets.ContextRecord, AmdContextOffsets.Size), parameters.Registers);
        WriteException(header[DumpHeader64Offsets.Exception..], parameters);

        WriteUInt32(header, DumpHeader64Offsets.DumpType, (uint)layout.DumpType);
        WriteUInt64(header, DumpHeader64Offsets.RequiredDumpSpace, (ulong)layout.RequiredDumpSpace);
        WriteUInt64(header, DumpHeader64Offsets.SystemTime, (ulong)parameters.SystemTime.ToFileTime());
        if (parameters.Comment is not null)
        {
            var comment = header.Slice(DumpHeader64Offsets.Comment, DumpHeader64Offsets.CommentSize);
            comment.Clear();
            for (int i = 0; i < parameters.Comment.Length; i++)
            {
                comment[i] = (byte)parameters.Comment[i];
            }
        }

        WriteUInt64(header, DumpHeader64Offsets.SystemUpTime, (ulong)parameters.SystemUpTime.Ticks);
        WriteUInt32(header, DumpHeader64Offsets.ProductType, parameters.ProductType);
        WriteUInt32(header, DumpHeader64Offsets.SuiteMask, parameters.SuiteMask);
        WriteUInt32(header, DumpHeader64Offsets.Attributes, parameters.Attributes);
        WriteUInt32(header, DumpHeader64Offsets.BootId, parameters.BootId);
    }

    /// <summary>Builds the header in its incomplete form (ValidDump still 'PAGE'), to be written before the body.</summary>
    /// <param name="destination">At least 0x2000 bytes.</param>
    /// <param name="parameters">Header values.</param>
    /// <param name="layout">The dump's layout.</param>
    public static void BuildIncomplete(Span<byte> destination, CrashDumpParameters parameters, CrashDumpLayout layout) =>
        Build(destination, parameters, layout, DumpHeaderState.Incomplete);

    /// <summary>Builds the header in its final form (ValidDump 'DU64'), to be written after the whole body.</summary>
    /// <param name="destination">At least 0x2000 bytes.</param>
    /// <param name="parameters">Header values.</param>
    /// <param name="layout">The dump's layout.</param>
    public static void BuildFinal(Span<byte> destination, CrashDumpParameters parameters, CrashDumpLayout layout) =>
        Build(destination, parameters, layout, DumpHeaderState.Final);

    private static void Validate(ReadOnlySpan<byte> destination, CrashDumpParameters parameters, CrashDumpLayout layout)
    {
        if (destination.Length < DumpHeader64Offsets.HeaderSize)
        {
            throw new ArgumentException($"The header needs 0x{DumpHeader64Offsets.HeaderSize:X} bytes; the destination has 0x{destination.Length:X}.", nameof(destination));
        }

        if (parameters.DumpType != layout.DumpType)
        {
            throw new ArgumentException($"The parameters ask for DumpType {(uint)parameters.DumpType} but the layout is DumpType {(uint)layout.DumpType}.", nameof(parameters));
        }

        if ((parameters.DirectoryTableBase & 0xFFF) != 0)
        {
            throw new ArgumentException($"DirectoryTableBase 0x{parameters.DirectoryTableBase:X} is not page aligned; strict readers reject it (store CR3 & ~0xFFF).", nameof(parameters));
        }

        if (layout.Bitmap is { } bitmap && parameters.DirectoryTableBase / PageRunList.PageSize >= bitmap.BitCount)
        {
            throw new ArgumentException($"DirectoryTableBase 0x{parameters.DirectoryTableBase:X} lies beyond the bitmap's 0x{bitmap.BitCount:X} pages; strict readers reject it.", nameof(parameters));
        }

        if (parameters.NumberProcessors == 0)
        {
            throw new ArgumentException("NumberProcessors must be at least 1.", nameof(parameters));
        }

        if (parameters.Comment is { } comment && (comment.Length >= DumpHeader64Offsets.CommentSize || !System.Text.Ascii.IsValid(comment) || comment.Contains('\0', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"The comment must be ASCII without NUL and at most {DumpHeader64Offsets.CommentSize - 1} characters (it is NUL-terminated in a {DumpHeader64Offsets.CommentSize}-byte field).", nameof(parameters));
        }
    }

    private static void FillWithPage(Span<byte> header)
    {
        for (int offset = 0; offset < header.Length; offset += 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[offset..], DumpSignatures.Page);
        }
    }

    private static void WritePhysicalMemoryBlock(Span<byte> header, CrashDumpLayout layout)
    {
        if (layout.IsBitmapDump)
        {
            // Windows zeroes the descriptor for bitmap dumps; the bitmap describes the pages.
            header.Slice(DumpHeader64Offsets.PhysicalMemoryBlock, DumpHeader64Offsets.PhysicalMemoryBlockSize).Clear();
            return;
        }

        // The padding at 0x8C and unused run slots keep the 'PAGE' fill, as in headers Windows builds.
        WriteUInt32(header, DumpHeader64Offsets.NumberOfRuns, (uint)layout.Runs.Count);
        WriteUInt64(header, DumpHeader64Offsets.NumberOfPages, layout.StoredPages);
        for (int i = 0; i < layout.Runs.Count; i++)
        {
            int offset = DumpHeader64Offsets.FirstRun + (i * DumpHeader64Offsets.RunSize);
            WriteUInt64(header, offset, layout.Runs[i].BasePage);
            WriteUInt64(header, offset + 8, layout.Runs[i].PageCount);
        }
    }

    private static void WriteContext(Span<byte> context, CrashContextRegisters registers)
    {
        WriteUInt32(context, AmdContextOffsets.ContextFlags, AmdContextOffsets.FullContextFlags);
        WriteUInt32(context, AmdContextOffsets.MxCsr, registers.MxCsr);
        WriteUInt16(context, AmdContextOffsets.SegCs, registers.SegCs);
        WriteUInt16(context, AmdContextOffsets.SegDs, registers.SegDs);
        WriteUInt16(context, AmdContextOffsets.SegEs, registers.SegEs);
        WriteUInt16(context, AmdContextOffsets.SegFs, registers.SegFs);
        WriteUInt16(context, AmdContextOffsets.SegGs, registers.SegGs);
        WriteUInt16(context, AmdContextOffsets.SegSs, registers.SegSs);
        WriteUInt32(context, AmdContextOffsets.EFlags, registers.EFlags);
        ReadOnlySpan<ulong> integers =
        [
            registers.Rax, registers.Rcx, registers.Rdx, registers.Rbx, registers.Rsp, registers.Rbp, registers.Rsi, registers.Rdi,
            registers.R8, registers.R9, registers.R10, registers.R11, registers.R12, registers.R13, registers.R14, registers.R15,
        ];
        for (int i = 0; i < integers.Length; i++)
        {
            WriteUInt64(context, AmdContextOffsets.Rax + (i * 8), integers[i]);
        }

        WriteUInt64(context, AmdContextOffsets.Rip, registers.Rip);
        WriteUInt16(context, AmdContextOffsets.FltSaveControlWord, registers.FpuControlWord);

        // Both MxCsr copies must agree: kdmp-parser rejects a context where they differ.
        WriteUInt32(context, AmdContextOffsets.FltSaveMxCsr, registers.MxCsr);
        WriteUInt32(context, AmdContextOffsets.FltSaveMxCsrMask, 0xFFFF);
    }

    private static void WriteException(Span<byte> record, CrashDumpParameters parameters)
    {
        // As IoFillDumpHeader: code, non-continuable, no chained record, no parameters; the information slots keep 'PAGE'.
        WriteUInt32(record, 0x00, parameters.ExceptionCode);
        WriteUInt32(record, 0x04, 1);
        WriteUInt64(record, 0x08, 0);
        WriteUInt64(record, 0x10, parameters.ExceptionAddress);
        WriteUInt32(record, 0x18, 0);
    }

    private static void WriteUInt16(Span<byte> buffer, int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(buffer[offset..], value);

    private static void WriteUInt32(Span<byte> buffer, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(buffer[offset..], value);

    private static void WriteUInt64(Span<byte> buffer, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(buffer[offset..], value);
}
