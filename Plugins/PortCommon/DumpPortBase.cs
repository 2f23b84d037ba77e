using System.Globalization;
using System.Text;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>
/// What a polled dump port does the same way whatever the bus: checks a caller's transfer before any device access,
/// splits it into requests within the miniport's limits handing the dumped pages themselves to the miniport (zero
/// copy), bounces through common buffer 0 only what the adapter cannot address, counts the bytes, and records every
/// failure as LastError and in the log. A port supplies Open's protocol, one request (<see cref="Issue"/>), what the
/// adapter can address, the cache flush and the end-of-dump shutdown.
/// </summary>
internal abstract class DumpPortBase : IDumpPort
{
    /// <summary>The smallest logical block a port handles.</summary>
    protected const int MinimumBlockSize = 512;

    /// <summary>The largest logical block a port handles.</summary>
    protected const int MaximumBlockSize = 0x10000;

    /// <summary>The end of 32-bit physical addressing.</summary>
    protected const ulong FourGiB = 1UL << 32;

    /// <summary>Creates the port's shared state.</summary>
    /// <param name="context">The stack context prepared by the host.</param>
    /// <param name="log">The dump log.</param>
    /// <param name="settings">Load name and tunables.</param>
    protected DumpPortBase(DumpStackContext context, IDumpLog log, PortSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(settings);
        Context = context;
        Settings = settings;
        Diagnostics = new PortDiagnostics(settings.LoadName, context, log);
    }

    /// <inheritdoc/>
    public DumpTargetInfo? Target { get; private set; }

    /// <inheritdoc/>
    public int MaximumTransferSize { get; private set; }

    /// <inheritdoc/>
    public DumpPortStatistics Statistics { get; } = new();

    /// <inheritdoc/>
    public string? LastError { get; private set; }

    /// <summary>The stack context.</summary>
    protected DumpStackContext Context { get; }

    /// <summary>Load name and tunables.</summary>
    protected PortSettings Settings { get; }

    /// <summary>Log and failure wording.</summary>
    protected PortDiagnostics Diagnostics { get; }

    /// <summary>The common buffer that bounces data the adapter cannot address.</summary>
    protected IDmaBuffer BounceBuffer => Context.CommonBuffers[0];

    /// <summary>The most pieces one request may carry (NumberOfPhysicalBreaks + 1); unlimited until the port says.</summary>
    protected int MaximumSegments { get; set; } = int.MaxValue;

    /// <summary>"block" or "sector", for messages.</summary>
    protected abstract string UnitName { get; }

    /// <inheritdoc/>
    public NtStatus Open()
    {
        Target = null;
        MaximumTransferSize = 0;
        DumpTargetInfo? target = null;
        var result = Context.CommonBuffers.Count == 0 || BounceBuffer.Length < MinimumBlockSize
            ? Diagnostics.Failure(NtStatus.InsufficientResources, "the stack context provides no usable common buffer")
            : OpenTarget(out target);
        if (!result.IsSuccess)
        {
            return Fail(result);
        }

        Target = target!;
        Diagnostics.Record(DumpLogLevel.Information, DescribeOpened(Target));
        return NtStatus.Success;
    }

    /// <inheritdoc/>
    public NtStatus Write(long diskByteOffset, Mdl data) => Transfer(write: true, diskByteOffset, data);

    /// <inheritdoc/>
    public NtStatus Read(long diskByteOffset, Mdl data) => Transfer(write: false, diskByteOffset, data);

    /// <inheritdoc/>
    public NtStatus Flush()
    {
        if (Target is null)
        {
            return NotOpen(nameof(Flush));
        }

        // A failed flush fails the dump: the data may still sit in the device's cache.
        var flushed = FlushCache();
        return flushed.IsSuccess ? NtStatus.Success : Fail(flushed);
    }

    /// <inheritdoc/>
    public NtStatus Finish()
    {
        if (Target is null)
        {
            return NotOpen(nameof(Finish));
        }

        var finished = ShutDown();
        return finished.IsSuccess ? NtStatus.Success : Fail(finished);
    }

    /// <summary>Opens the adapter and the target and applies the transfer limits (<see cref="ApplyTransferLimit"/>).</summary>
    /// <param name="target">What the port learned about the disk.</param>
    /// <returns>Success, or why the dump cannot proceed.</returns>
    protected abstract PortRequestResult OpenTarget(out DumpTargetInfo? target);

    /// <summary>The Information log entry for a successful Open.</summary>
    /// <param name="target">The opened disk.</param>
    /// <returns>The entry.</returns>
    protected abstract string DescribeOpened(DumpTargetInfo target);

    /// <summary>One read or write request of whole blocks, at most <see cref="MaximumTransferSize"/> bytes and
    /// <see cref="MaximumSegments"/> pieces.</summary>
    /// <param name="write">Direction.</param>
    /// <param name="lba">First block.</param>
    /// <param name="bytes">Length in bytes.</param>
    /// <param name="blockSize">The block size.</param>
    /// <param name="data">The data: the caller's pages, a slice of them, or the bounce buffer.</param>
    /// <returns>How the request ended.</returns>
    protected abstract PortRequestResult Issue(bool write, long lba, long bytes, int blockSize, Mdl data);

    /// <summary>Whether the adapter (as its miniport configured it) can be handed the range as it is.</summary>
    /// <param name="address">First byte.</param>
    /// <param name="length">Length in bytes.</param>
    /// <returns><see langword="false"/> to bounce it.</returns>
    protected abstract bool CanAddress(ulong address, uint length);

    /// <summary>SYNCHRONIZE CACHE or FLUSH CACHE (EXT): makes everything written so far durable.</summary>
    /// <returns>Success, or the failure (the dump is then not durable).</returns>
    protected abstract PortRequestResult FlushCache();

    /// <summary>The end-of-dump request (SRB_FUNCTION_SHUTDOWN, STANDBY IMMEDIATE), sent once, last.</summary>
    /// <returns>Success, or the failure.</returns>
    protected abstract PortRequestResult ShutDown();

    /// <summary>A port's own refusal of a transfer the device could take but the port cannot address (ATA without
    /// 48-bit commands); success by default.</summary>
    /// <param name="operation"><c>Write</c> or <c>Read</c>.</param>
    /// <param name="lba">First block.</param>
    /// <param name="blocks">Blocks.</param>
    /// <returns>Success, or the refusal.</returns>
    protected virtual PortRequestResult CheckTransfer(string operation, long lba, long blocks) => PortRequestResult.Succeeded;

    /// <summary>Sets <see cref="MaximumTransferSize"/>: the smaller of the host's limit and <paramref name="portLimit"/>,
    /// rounded down to whole blocks; fails when that is less than one block.</summary>
    /// <param name="portLimit">The miniport's and the protocol's limit in bytes.</param>
    /// <param name="blockSize">The block size.</param>
    /// <param name="limits">The limits named, for the failure message.</param>
    /// <returns>Success, or why no transfer fits.</returns>
    protected PortRequestResult ApplyTransferLimit(long portLimit, int blockSize, string limits)
    {
        long maximum = Math.Min(HostTransferLimit, portLimit);
        maximum -= maximum % blockSize;
        if (maximum < blockSize || BounceBuffer.Length < blockSize)
        {
            return Diagnostics.Failure(NtStatus.NotSupported, string.Create(CultureInfo.InvariantCulture,
                $"transfer limits allow less than one {blockSize}-byte {UnitName} (host {Context.MaximumTransferSize}, {limits}, common buffer {BounceBuffer.Length})"));
        }

        MaximumTransferSize = (int)maximum;
        return PortRequestResult.Succeeded;
    }

    /// <summary>The host's largest transfer (the common buffer size when it gives none).</summary>
    private long HostTransferLimit => Context.MaximumTransferSize > 0 ? Context.MaximumTransferSize : DumpContract.CommonBufferSize;

    /// <summary>An ASCII field of INQUIRY data, trimmed of blanks and NULs; empty when the data is too short.</summary>
    /// <param name="data">The data.</param>
    /// <param name="start">First byte.</param>
    /// <param name="length">Bytes.</param>
    /// <returns>The text.</returns>
    protected static string AsciiField(ReadOnlySpan<byte> data, int start, int length)
    {
        if (data.Length <= start)
        {
            return string.Empty;
        }

        var field = data.Slice(start, Math.Min(length, data.Length - start));
        return Encoding.ASCII.GetString(field).Trim(' ', '\0');
    }

    /// <summary>Records a failure as LastError (which names the port) and in the log (whose source already does).</summary>
    /// <param name="result">The failure.</param>
    /// <returns>Its status.</returns>
    protected NtStatus Fail(PortRequestResult result)
    {
        string message = result.Failure ?? $"{Settings.LoadName}: failed with {result.Status}.";
        LastError = message;
        Diagnostics.Record(DumpLogLevel.Error, Diagnostics.WithoutLoadName(message));
        return result.Status;
    }

    private NtStatus NotOpen(string operation) =>
        Fail(Diagnostics.Refusal(NtStatus.DeviceNotReady, $"{operation} called without a successful Open."));

    private NtStatus Invalid(string message) => Fail(Diagnostics.Refusal(NtStatus.InvalidParameter, message));

    /// <summary>Validates and splits a caller's transfer into requests within the limits, handing the caller's pages to
    /// the miniport directly (zero copy) and bouncing only what the adapter cannot address.</summary>
    private NtStatus Transfer(bool write, long diskByteOffset, Mdl? data)
    {
        string operation = write ? nameof(Write) : nameof(Read);
        if (data is null)
        {
            return Invalid($"{operation} called without an MDL.");
        }

        if (Target is not { } target)
        {
            return NotOpen(operation);
        }

        int blockSize = target.BlockSize;
        long total = data.ByteCount;
        if (diskByteOffset < 0 || diskByteOffset % blockSize != 0)
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture, $"{operation} at byte offset 0x{diskByteOffset:X}: not a non-negative multiple of the {blockSize}-byte {UnitName} size."));
        }

        if (total <= 0 || total % blockSize != 0)
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture, $"{operation} of {total} bytes at 0x{diskByteOffset:X}: the length is not a positive multiple of the {blockSize}-byte {UnitName} size."));
        }

        if (diskByteOffset > target.Capacity || total > target.Capacity - diskByteOffset)
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture, $"{operation} of {total} bytes at 0x{diskByteOffset:X} runs past the end of the disk (0x{target.Capacity:X} bytes)."));
        }

        long lba = diskByteOffset / blockSize;
        var allowed = CheckTransfer(operation, lba, total / blockSize);
        if (!allowed.IsSuccess)
        {
            return Fail(allowed);
        }

        long done = 0;
        while (done < total)
        {
            long remaining = total - done;
            long chunkBytes = DirectBytes(data, done, Math.Min(remaining, MaximumTransferSize), blockSize);
            PortRequestResult result;
            if (chunkBytes > 0)
            {
                var mdl = done == 0 && chunkBytes == total ? data : data.Slice(done, chunkBytes);
                result = Issue(write, lba, chunkBytes, blockSize, mdl);
            }
            else
            {
                // Memory the adapter cannot address (above 4 GiB, misaligned) or a block split over more
                // pieces than the miniport takes: copy through the common buffer.
                long bounce = Math.Min(remaining, Math.Min(MaximumTransferSize, BounceBuffer.Length));
                chunkBytes = bounce - (bounce % blockSize);
                result = IssueBounced(write, lba, chunkBytes, blockSize, data, done);
            }

            if (!result.IsSuccess)
            {
                return Fail(result);
            }

            if (write)
            {
                Statistics.BytesWritten += chunkBytes;
            }
            else
            {
                Statistics.BytesRead += chunkBytes;
            }

            done += chunkBytes;
            lba += chunkBytes / blockSize;
        }

        return NtStatus.Success;
    }

    private PortRequestResult IssueBounced(bool write, long lba, long bytes, int blockSize, Mdl data, long dataOffset)
    {
        var bounce = BounceBuffer;
        var memory = Context.Memory;
        if (write && !data.TryCopyTo(dataOffset, memory, bounce.Span[..(int)bytes], out ulong badAddress))
        {
            return Diagnostics.Refusal(NtStatus.InvalidParameter, string.Create(CultureInfo.InvariantCulture, $"Write: the MDL describes unreadable memory at 0x{badAddress:X}."));
        }

        var result = Issue(write, lba, bytes, blockSize, Mdl.FromBuffer(bounce, (int)bytes));
        if (result.IsSuccess && !write && !data.TryCopyFrom(dataOffset, memory, bounce.Span[..(int)bytes], out badAddress))
        {
            return Diagnostics.Refusal(NtStatus.InvalidParameter, string.Create(CultureInfo.InvariantCulture, $"Read: the MDL describes unwritable memory at 0x{badAddress:X}."));
        }

        return result;
    }

    /// <summary>How many bytes of <paramref name="data"/> from <paramref name="offset"/>, up to <paramref name="limit"/>, can go to
    /// the adapter as they are within its segment limit, rounded down to whole blocks (0: bounce them).</summary>
    private long DirectBytes(Mdl data, long offset, long limit, int blockSize)
    {
        long gathered = 0;
        for (int count = 0; gathered < limit && count < MaximumSegments; count++)
        {
            ulong address = data.GetPhysicalAddress(offset + gathered, out uint contiguous);
            uint take = (uint)Math.Min(contiguous, limit - gathered);
            if (!CanAddress(address, take))
            {
                break;
            }

            gathered += take;
        }

        return gathered - (gathered % blockSize);
    }
}
