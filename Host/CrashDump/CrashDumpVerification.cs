namespace DumpFramework.Host.CrashDump;

/// <summary>The result of <see cref="CrashDumpVerifier"/>.</summary>
internal sealed class CrashDumpVerification
{
    /// <summary>Every finding, in the order found.</summary>
    public required IReadOnlyList<CrashDumpFinding> Findings { get; init; }

    /// <summary>Whether no check failed (warnings allowed).</summary>
    public bool IsValid => !Findings.Any(static f => f.Severity == CrashDumpFindingSeverity.Error);

    /// <summary>Whether the header still carries the incomplete marker (the dump was interrupted).</summary>
    public bool IsIncomplete { get; init; }

    /// <summary>DumpType as stored, if the header could be read.</summary>
    public uint? DumpType { get; init; }

    /// <summary>RequiredDumpSpace as stored, if the header could be read.</summary>
    public ulong? RequiredDumpSpace { get; init; }

    /// <summary>Pages the header says the file stores (0 when the page list could not be worked out).</summary>
    public ulong PagesInDump { get; init; }

    /// <summary>Stored pages that lie past the end of the file.</summary>
    public ulong MissingPages { get; init; }

    /// <summary>Pages compared with the source memory.</summary>
    public ulong PagesCompared { get; init; }

    /// <summary>Compared pages whose content differs.</summary>
    public ulong MismatchedPages { get; init; }

    /// <summary>Pages the source memory could not provide.</summary>
    public ulong UnreadableSourcePages { get; init; }

    /// <summary>Physical address of the lowest page that differs from the source.</summary>
    public ulong? FirstMismatchPageAddress { get; init; }

    /// <summary>Physical address of the first differing byte in that page.</summary>
    public ulong? FirstMismatchByteAddress { get; init; }

    /// <summary>The errors.</summary>
    public IEnumerable<CrashDumpFinding> Errors => Findings.Where(static f => f.Severity == CrashDumpFindingSeverity.Error);

    /// <summary>The warnings.</summary>
    public IEnumerable<CrashDumpFinding> Warnings => Findings.Where(static f => f.Severity == CrashDumpFindingSeverity.Warning);

    /// <summary>Whether any finding came from <paramref name="check"/> with <paramref name="severity"/>.</summary>
    /// <param name="check">The check.</param>
    /// <param name="severity">The severity.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool Has(CrashDumpCheck check, CrashDumpFindingSeverity severity = CrashDumpFindingSeverity.Error) =>
        Findings.Any(f => f.Check == check && f.Severity == severity);

    /// <inheritdoc/>
    public override string ToString() =>
        Findings.Count == 0 ? "valid, no findings" : string.Join(Environment.NewLine, Findings);
}
