namespace DumpFramework.Abstractions.Port;

/// <summary>Counters a dump port keeps so that every retry and reset is reported.</summary>
public sealed class DumpPortStatistics
{
    /// <summary>Requests (SRBs or IRBs) started on the miniport, including resubmissions.</summary>
    public long RequestsStarted { get; set; }

    /// <summary>Requests resubmitted after a BUSY completion.</summary>
    public long BusyResubmits { get; set; }

    /// <summary>Requests retried after UNIT ATTENTION, NOT READY (becoming ready) or a reset.</summary>
    public long Retries { get; set; }

    /// <summary>Completions with RECOVERED ERROR treated as success.</summary>
    public long RecoveredErrors { get; set; }

    /// <summary>Requests that timed out (in stall time).</summary>
    public long Timeouts { get; set; }

    /// <summary>Bus, device or channel resets the port issued or saw.</summary>
    public long Resets { get; set; }

    /// <summary>Times the port re-initialized the adapter because it stopped answering.</summary>
    public long AdapterReinitializations { get; set; }

    /// <summary>Bytes written to the disk.</summary>
    public long BytesWritten { get; set; }

    /// <summary>Bytes read from the disk.</summary>
    public long BytesRead { get; set; }

    /// <summary>Polls of the miniport's interrupt routine.</summary>
    public long Polls { get; set; }
}
