using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Abstractions.Port;

/// <summary>
/// The dump port's routines as crashdmp calls them (DUMP_INITIALIZATION_CONTEXT: OpenRoutine, WriteRoutine,
/// FinishRoutine; Windows 8+ adds reads for resume), plus a cache flush of its own. Everything is synchronous and
/// polled. Byte offsets are absolute on the disk: the host adds the partition offset before calling.
/// </summary>
public interface IDumpPort
{
    /// <summary>OpenRoutine: find and initialize the adapter through the miniport (find-adapter with <c>dump=1</c>,
    /// initialize), then open the target (INQUIRY, READ CAPACITY or IDENTIFY).</summary>
    /// <returns>STATUS_SUCCESS, or why the dump cannot proceed.</returns>
    NtStatus Open();

    /// <summary>What the port learned about the disk at open; <see langword="null"/> before a successful open.</summary>
    DumpTargetInfo? Target { get; }

    /// <summary>The largest single transfer the port issues, in bytes (after the miniport's limits), known after open.</summary>
    int MaximumTransferSize { get; }

    /// <summary>WriteRoutine: a synchronous write of the MDL at a disk byte offset.</summary>
    /// <param name="diskByteOffset">Absolute byte offset on the disk, block aligned.</param>
    /// <param name="data">The data; its length is a multiple of the block size.</param>
    /// <returns>STATUS_SUCCESS only if the data reached the device.</returns>
    NtStatus Write(long diskByteOffset, Mdl data);

    /// <summary>A synchronous read into the MDL from a disk byte offset (the resume/read-back path).</summary>
    /// <param name="diskByteOffset">Absolute byte offset on the disk, block aligned.</param>
    /// <param name="data">Where the data goes.</param>
    /// <returns>STATUS_SUCCESS only if all the data arrived.</returns>
    NtStatus Read(long diskByteOffset, Mdl data);

    /// <summary>Makes everything written so far durable: SYNCHRONIZE CACHE on SCSI, FLUSH CACHE (EXT) on ATA, and
    /// nothing else. The host flushes after the dump pages and again after the valid header, so the header never
    /// vouches for data still in the device's cache.</summary>
    /// <remarks>The default body calls <see cref="Finish"/>, which is what a port written before this member
    /// existed did to flush; such a port then also shuts the device down before the header is written.</remarks>
    /// <returns>STATUS_SUCCESS only if the device reported its cache flushed; otherwise the dump is not durable.</returns>
    NtStatus Flush() => Finish();

    /// <summary>FinishRoutine: the end-of-dump shutdown (storport SRB_FUNCTION_SHUTDOWN, ATA STANDBY IMMEDIATE). The
    /// host calls it once, last, after the final <see cref="Flush"/>; nothing is written afterwards.</summary>
    /// <returns>STATUS_SUCCESS unless the port was never opened (a device that refuses the shutdown loses nothing,
    /// its cache is already flushed).</returns>
    NtStatus Finish();

    /// <summary>The port's counters.</summary>
    DumpPortStatistics Statistics { get; }

    /// <summary>A description of the last failure, naming the layer (port, miniport, device) and the cause.</summary>
    string? LastError { get; }
}
