using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Scsi;

/// <summary>READ, WRITE, VERIFY and SYNCHRONIZE CACHE, validated in tgt's <c>sbc_rw</c> order.</summary>
public sealed partial class ScsiDiskTarget
{
    private ScsiCommandResult ReadWrite(ReadOnlySpan<byte> cdb, IScsiDataTransfer data, bool write)
    {
        ulong lba;
        ulong count;
        byte flags = 0;
        switch (cdb[0])
        {
            case ScsiOpcodes.Read6 or ScsiOpcodes.Write6:
                lba = ((ulong)(cdb[1] & 0x1F) << 16) | ((ulong)cdb[2] << 8) | cdb[3];
                count = cdb[4] == 0 ? 256UL : cdb[4];
                break;
            case ScsiOpcodes.Read10 or ScsiOpcodes.Write10:
                flags = cdb[1];
                lba = ReadBe32(cdb, 2);
                count = ReadBe16(cdb, 7);
                break;
            case ScsiOpcodes.Read12 or ScsiOpcodes.Write12:
                flags = cdb[1];
                lba = ReadBe32(cdb, 2);
                count = ReadBe32(cdb, 6);
                break;
            default:
                flags = cdb[1];
                lba = ReadBe64(cdb, 2);
                count = ReadBe32(cdb, 10);
                break;
        }

        // RDPROTECT/WRPROTECT: no protection information on this disk.
        if ((flags & 0xE0) != 0)
        {
            return IllegalRequest(0x24, 0x00, 1, 7);
        }

        if (write && _device.IsReadOnly)
        {
            return CheckCondition(SenseData.Create(SenseKey.DataProtect, 0x27, 0x00));
        }

        if (!InRange(lba, count))
        {
            return CheckCondition(SenseData.Create(SenseKey.IllegalRequest, 0x21, 0x00, lba));
        }

        if (count == 0)
        {
            return ScsiCommandResult.Good(0);
        }

        long offset = (long)lba * BlockSize;
        long transferLength = (long)count * BlockSize;
        bool forceUnitAccess = (flags & 0x08) != 0;
        var result = write ? WriteBlocks(offset, transferLength, forceUnitAccess, data) : ReadBlocks(offset, transferLength, data);
        if (result.Status == Abstractions.Scsi.ScsiStatus.Good && Options.RecoveredErrorCount > 0)
        {
            Options.RecoveredErrorCount--;
            var sense = write ? SenseData.Create(SenseKey.RecoveredError, 0x0C, 0x01, lba) : SenseData.Create(SenseKey.RecoveredError, 0x18, 0x00, lba);
            return CheckCondition(sense, result.TransferredBytes);
        }

        return result;
    }

    /// <summary>Data-in of whole blocks, chunk by chunk; a shorter initiator buffer gets what fits (the residual
    /// tells the transport).</summary>
    private ScsiCommandResult ReadBlocks(long offset, long transferLength, IScsiDataTransfer data)
    {
        long limit = Math.Min(transferLength, Math.Max(data.Length, 0));
        long done = 0;
        while (done < limit)
        {
            int blocks = (int)Math.Min(_chunk.Length, RoundUpToBlock(limit - done));
            var chunk = _chunk.AsSpan(0, blocks);
            var failure = ReadDevice(offset + done, chunk, done);
            if (failure is { } error)
            {
                return error;
            }

            int push = (int)Math.Min(blocks, limit - done);
            if (!data.TryWriteToInitiator(done, chunk[..push]))
            {
                return TransferFailed(done);
            }

            done += push;
        }

        return ScsiCommandResult.Good(done);
    }

    /// <summary>Data-out of whole blocks; data beyond the transfer length is ignored (tgt clamps), a buffer too
    /// short for the transfer is a data phase error and nothing is written.</summary>
    private ScsiCommandResult WriteBlocks(long offset, long transferLength, bool forceUnitAccess, IScsiDataTransfer data)
    {
        if (data.Length < transferLength)
        {
            return CheckCondition(SenseData.Create(SenseKey.AbortedCommand, 0x4B, 0x00));
        }

        long done = 0;
        while (done < transferLength)
        {
            int take = (int)Math.Min(_chunk.Length, transferLength - done);

            // Bytes in a DMA buffer stream to the medium in place, whole blocks at a time; the rest is staged.
            ReadOnlySpan<byte> bytes;
            int inPlace = data.MapForRead(done, (int)Math.Min(int.MaxValue, transferLength - done), out var mapped) / BlockSize * BlockSize;
            if (inPlace > 0)
            {
                take = inPlace;
                bytes = mapped[..inPlace];
            }
            else if (data.TryReadFromInitiator(done, _chunk.AsSpan(0, take)))
            {
                bytes = _chunk.AsSpan(0, take);
            }
            else
            {
                return TransferFailed(done);
            }

            var failure = WriteDevice(offset + done, bytes, done);
            if (failure is { } error)
            {
                return error;
            }

            done += take;
        }

        // Write-through when FUA is set or the write cache is disabled (tgt bs_rdwr: fdatasync after pwrite).
        if (forceUnitAccess || !WriteCacheEnabled)
        {
            var failure = FlushDevice(offset, done);
            if (failure is { } error)
            {
                return error;
            }
        }

        return ScsiCommandResult.Good(done);
    }

    private ScsiCommandResult Verify(ReadOnlySpan<byte> cdb, IScsiDataTransfer data)
    {
        bool sixteen = cdb[0] == ScsiOpcodes.Verify16;
        ulong lba = sixteen ? ReadBe64(cdb, 2) : ReadBe32(cdb, 2);
        ulong count = sixteen ? ReadBe32(cdb, 10) : ReadBe16(cdb, 7);
        int byteCheck = (cdb[1] >> 1) & 0x03;
        if ((cdb[1] & 0xE0) != 0)
        {
            return IllegalRequest(0x24, 0x00, 1, 7);
        }

        if (byteCheck is 2 or 3)
        {
            return IllegalRequest(0x24, 0x00, 1, 2);
        }

        if (!InRange(lba, count))
        {
            return CheckCondition(SenseData.Create(SenseKey.IllegalRequest, 0x21, 0x00, lba));
        }

        // BYTCHK = 0: the medium is "verified" without I/O, as tgt does.
        if (byteCheck == 0 || count == 0)
        {
            return ScsiCommandResult.Good(0);
        }

        long offset = (long)lba * BlockSize;
        long transferLength = (long)count * BlockSize;
        if (data.Length < transferLength)
        {
            return CheckCondition(SenseData.Create(SenseKey.AbortedCommand, 0x4B, 0x00));
        }

        // BYTCHK = 1: compare the data-out with the medium; half the chunk holds each side.
        int half = Math.Max(_chunk.Length / 2 / BlockSize, 1) * BlockSize;
        if (half * 2 > _chunk.Length)
        {
            return CompareBlockByBlock(offset, transferLength, data);
        }

        long done = 0;
        while (done < transferLength)
        {
            int take = (int)Math.Min(half, transferLength - done);
            var medium = _chunk.AsSpan(0, take);
            var received = _chunk.AsSpan(half, take);
            if (!data.TryReadFromInitiator(done, received))
            {
                return TransferFailed(done);
            }

            var failure = ReadDevice(offset + done, medium, done);
            if (failure is { } error)
            {
                return error;
            }

            int mismatch = medium.CommonPrefixLength(received);
            if (mismatch < take)
            {
                return CheckCondition(SenseData.Create(SenseKey.Miscompare, 0x1D, 0x00, (ulong)(done + mismatch)), done + take);
            }

            done += take;
        }

        return ScsiCommandResult.Good(done);
    }

    /// <summary>VERIFY compare when one block fills the whole chunk (blocks of 64 KiB or more).</summary>
    private ScsiCommandResult CompareBlockByBlock(long offset, long transferLength, IScsiDataTransfer data)
    {
        var received = new byte[BlockSize];
        for (long done = 0; done < transferLength; done += BlockSize)
        {
            if (!data.TryReadFromInitiator(done, received))
            {
                return TransferFailed(done);
            }

            long position = offset + done;
            var failure = ReadDevice(position, _chunk.AsSpan(0, BlockSize), done);
            if (failure is { } error)
            {
                return error;
            }

            int mismatch = _chunk.AsSpan(0, BlockSize).CommonPrefixLength(received);
            if (mismatch < BlockSize)
            {
                return CheckCondition(SenseData.Create(SenseKey.Miscompare, 0x1D, 0x00, (ulong)(done + mismatch)), done + BlockSize);
            }
        }

        return ScsiCommandResult.Good(transferLength);
    }

    private ScsiCommandResult SynchronizeCache(ReadOnlySpan<byte> cdb)
    {
        bool sixteen = cdb[0] == ScsiOpcodes.SynchronizeCache16;
        ulong lba = sixteen ? ReadBe64(cdb, 2) : ReadBe32(cdb, 2);
        ulong count = sixteen ? ReadBe32(cdb, 10) : ReadBe16(cdb, 7);

        // IMMED is accepted: the flush completes before the status anyway. A zero count means "to the end".
        if (!InRange(lba, count))
        {
            return CheckCondition(SenseData.Create(SenseKey.IllegalRequest, 0x21, 0x00, lba));
        }

        var failure = FlushDevice((long)lba * BlockSize, 0);
        return failure ?? ScsiCommandResult.Good(0);
    }

    /// <summary>SBC range rule: with blocks, LBA + count must not overflow nor pass the capacity; without, the LBA
    /// itself must be inside the medium.</summary>
    private bool InRange(ulong lba, ulong count) =>
        count == 0 ? lba < (ulong)BlockCount : lba < (ulong)BlockCount && count <= (ulong)BlockCount - lba;

    private long RoundUpToBlock(long bytes) => (bytes + BlockSize - 1) / BlockSize * BlockSize;

    // Raw-device calls: an I/O error becomes MEDIUM ERROR with the failing LBA (0x11/00 unrecovered read error,
    // 0x0C/00 write error), anything else a broken device raises becomes HARDWARE ERROR, so nothing escapes into
    // the controller model.
    private ScsiCommandResult? ReadDevice(long byteOffset, Span<byte> buffer, long transferred)
    {
        try
        {
            _device.Read(byteOffset, buffer);
            return null;
        }
        catch (Exception exception) when (IsDeviceFailure(exception))
        {
            return DeviceFailure(exception, byteOffset, 0x11, transferred);
        }
    }

    private ScsiCommandResult? WriteDevice(long byteOffset, ReadOnlySpan<byte> buffer, long transferred)
    {
        try
        {
            _device.Write(byteOffset, buffer);
            return null;
        }
        catch (Exception exception) when (IsDeviceFailure(exception))
        {
            return DeviceFailure(exception, byteOffset, 0x0C, transferred);
        }
    }

    private ScsiCommandResult? FlushDevice(long byteOffset, long transferred)
    {
        try
        {
            _device.Flush();
            return null;
        }
        catch (Exception exception) when (IsDeviceFailure(exception))
        {
            return DeviceFailure(exception, byteOffset, 0x0C, transferred);
        }
    }

    private static bool IsDeviceFailure(Exception exception) =>
        exception is IOException or ArgumentException or InvalidOperationException or UnauthorizedAccessException or NotSupportedException;

    private ScsiCommandResult DeviceFailure(Exception exception, long byteOffset, byte mediumAsc, long transferred) =>
        exception is IOException
            ? CheckCondition(SenseData.Create(SenseKey.MediumError, mediumAsc, 0x00, (ulong)(byteOffset / BlockSize)), transferred)
            : CheckCondition(SenseData.Create(SenseKey.HardwareError, 0x44, 0x00), transferred);
}
