using System.Buffers.Binary;
using System.Text;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Faults;

namespace DumpFramework.Hardware.Scsi;

/// <summary>
/// A SCSI direct-access disk (SPC-3/SBC-3 subset, modelled on tgt's sbc/spc) over a raw block device: the disk behind
/// the SAS and VMware controller models. Errors come back as CHECK CONDITION with fixed-format sense, never as
/// exceptions; data moves through the transport's <see cref="IScsiDataTransfer"/> in chunks of a reused buffer.
/// </summary>
/// <remarks>Commands are executed one at a time (a lock serialises callers).</remarks>
public sealed partial class ScsiDiskTarget : IScsiTarget
{
    private const int ChunkBytes = 256 * 1024;

    private readonly IBlockDevice _device;
    private readonly byte[] _chunk;
    private readonly Lock _lock = new();
    private readonly byte[] _vendor;
    private readonly byte[] _product;
    private readonly byte[] _revision;
    private readonly byte[] _serial;
    private readonly ulong _naaIdentifier;
    private readonly bool _defaultWriteCacheEnabled;
    private readonly DiskFaultSchedule _faults;
    private bool _resetUnitAttentionPending;
    private byte[]? _pendingSense;

    /// <summary>Creates a disk over a raw device; block size and capacity are the device's.</summary>
    /// <param name="device">The raw device (not disposed by the target).</param>
    /// <param name="options">Identity, cache policy and fault injection; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An identity string is too long or not printable ASCII.</exception>
    public ScsiDiskTarget(IBlockDevice device, ScsiDiskTargetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        Options = options ?? new ScsiDiskTargetOptions();
        BlockSize = device.LogicalBlockSize;
        PhysicalBlockSize = Options.PhysicalBlockSize ?? Math.Max(device.PhysicalBlockSize, BlockSize);
        if (PhysicalBlockSize < BlockSize || PhysicalBlockSize % BlockSize != 0 || !System.Numerics.BitOperations.IsPow2(PhysicalBlockSize / BlockSize))
        {
            throw new ArgumentException($"A {PhysicalBlockSize}-byte physical block is not a power-of-two multiple of the {BlockSize}-byte logical block.", nameof(options));
        }

        _faults = new DiskFaultSchedule(Options.Faults);

        // Power-on is a reset: the first command meets the unit attention.
        _resetUnitAttentionPending = Options.UnitAttentionOnReset;
        BlockCount = device.Length / BlockSize;
        if (BlockCount == 0)
        {
            throw new ArgumentException($"'{device.Path}' is smaller than one {BlockSize}-byte block.", nameof(device));
        }

        _vendor = Identity(Options.Vendor, 8, nameof(ScsiDiskTargetOptions.Vendor));
        _product = Identity(Options.Product, 16, nameof(ScsiDiskTargetOptions.Product));
        _revision = Identity(Options.Revision, 4, nameof(ScsiDiskTargetOptions.Revision));
        string serial = Options.SerialNumber ?? $"DF{Fnv1a(Encoding.UTF8.GetBytes(device.Path)) & 0xFFFF_FFFF_FFFF:X12}";
        _serial = Identity(serial, 64, nameof(ScsiDiskTargetOptions.SerialNumber), pad: false);
        if (_serial.Length == 0)
        {
            throw new ArgumentException("The serial number cannot be empty.", nameof(options));
        }

        // NAA 3 (locally assigned) keeps 60 bits of a hash of the identity: stable across runs for the same disk.
        _naaIdentifier = (0x3UL << 60) | (Fnv1a([.. _vendor, .. _product, .. _serial]) & 0x0FFF_FFFF_FFFF_FFFF);
        _defaultWriteCacheEnabled = Options.WriteCacheEnabled;
        WriteCacheEnabled = Options.WriteCacheEnabled;
        _chunk = new byte[Math.Max(ChunkBytes / BlockSize, 1) * BlockSize];
        Description = $"{Encoding.ASCII.GetString(_vendor).TrimEnd()} {Encoding.ASCII.GetString(_product).TrimEnd()} {Encoding.ASCII.GetString(_revision).TrimEnd()}, "
            + $"{FormatCapacity(device.Length)}, {BlockSize}-byte blocks";
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>The options, whose fault counters the target counts down.</summary>
    public ScsiDiskTargetOptions Options { get; }

    /// <summary>The raw device.</summary>
    public IBlockDevice Device => _device;

    /// <summary>The logical block size in bytes.</summary>
    public int BlockSize { get; }

    /// <summary>The physical block size in bytes (4096 on a 512e disk).</summary>
    public int PhysicalBlockSize { get; }

    /// <summary>The capacity in logical blocks.</summary>
    public long BlockCount { get; }

    /// <summary>The current WCE bit of the caching mode page (MODE SELECT may change it).</summary>
    public bool WriteCacheEnabled { get; private set; }

    /// <inheritdoc />
    public ScsiDataDirection GetDataDirection(ReadOnlySpan<byte> cdb)
    {
        if (cdb.IsEmpty)
        {
            return ScsiDataDirection.None;
        }

        return cdb[0] switch
        {
            ScsiOpcodes.RequestSense or ScsiOpcodes.Inquiry or ScsiOpcodes.ModeSense6 or ScsiOpcodes.ModeSense10
                or ScsiOpcodes.ReadCapacity10 or ScsiOpcodes.ReportLuns
                or ScsiOpcodes.Read6 or ScsiOpcodes.Read10 or ScsiOpcodes.Read12 or ScsiOpcodes.Read16 => ScsiDataDirection.In,
            ScsiOpcodes.ServiceActionIn16 when cdb.Length > 1 && (cdb[1] & 0x1F) == ScsiOpcodes.ReadCapacity16ServiceAction => ScsiDataDirection.In,
            ScsiOpcodes.Write6 or ScsiOpcodes.Write10 or ScsiOpcodes.Write12 or ScsiOpcodes.Write16
                or ScsiOpcodes.ModeSelect6 or ScsiOpcodes.ModeSelect10 => ScsiDataDirection.Out,
            ScsiOpcodes.Verify10 or ScsiOpcodes.Verify16 when cdb.Length > 1 && (cdb[1] & 0x06) != 0 => ScsiDataDirection.Out,
            _ => ScsiDataDirection.None,
        };
    }

    /// <inheritdoc />
    public long GetTransferLength(ReadOnlySpan<byte> cdb)
    {
        if (cdb.IsEmpty || ScsiOpcodes.GetCdbLength(cdb[0]) is var length && (length == 0 || cdb.Length < length))
        {
            return -1;
        }

        return cdb[0] switch
        {
            ScsiOpcodes.Read6 or ScsiOpcodes.Write6 or ScsiOpcodes.Read10 or ScsiOpcodes.Write10 or ScsiOpcodes.Read12 or ScsiOpcodes.Write12
                or ScsiOpcodes.Read16 or ScsiOpcodes.Write16 => BlockRange(cdb) is { } blocks ? blocks.Count * BlockSize : -1,
            ScsiOpcodes.Verify10 or ScsiOpcodes.Verify16 => (cdb[1] & 0x06) != 0 && BlockRange(cdb) is { } blocks ? blocks.Count * BlockSize : 0,
            ScsiOpcodes.Inquiry => ReadBe16(cdb, 3),
            ScsiOpcodes.RequestSense or ScsiOpcodes.ModeSense6 or ScsiOpcodes.ModeSelect6 => cdb[4],
            ScsiOpcodes.ModeSense10 or ScsiOpcodes.ModeSelect10 => ReadBe16(cdb, 7),
            ScsiOpcodes.ReadCapacity10 => 8,
            ScsiOpcodes.ServiceActionIn16 => ReadBe32(cdb, 10),
            ScsiOpcodes.ReportLuns => ReadBe32(cdb, 6),
            _ => 0,
        };
    }

    /// <inheritdoc />
    public ScsiCommandResult Execute(byte lun, ReadOnlySpan<byte> cdb, IScsiDataTransfer data)
    {
        ArgumentNullException.ThrowIfNull(data);
        lock (_lock)
        {
            return ExecuteLocked(lun, cdb, data);
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
        lock (_lock)
        {
            _pendingSense = null;
            if (Options.UnitAttentionOnReset)
            {
                _resetUnitAttentionPending = true;
            }
        }
    }

    private ScsiCommandResult ExecuteLocked(byte lun, ReadOnlySpan<byte> cdb, IScsiDataTransfer data)
    {
        if (cdb.IsEmpty)
        {
            return IllegalRequest(0x20, 0x00, 0);
        }

        byte opcode = cdb[0];
        _faults.CountCommand();

        // Sense is kept for a following REQUEST SENSE only (contingent allegiance); any other command drops it.
        if (opcode != ScsiOpcodes.RequestSense)
        {
            _pendingSense = null;
        }

        if (Options.BusyCount > 0)
        {
            Options.BusyCount--;
            return new ScsiCommandResult(ScsiStatus.Busy, 0, ReadOnlyMemory<byte>.Empty);
        }

        int cdbLength = ScsiOpcodes.GetCdbLength(opcode);
        if (cdbLength > 0)
        {
            if (cdb.Length < cdbLength)
            {
                return IllegalRequest(0x24, 0x00, cdb.Length - 1);
            }

            // tgt rejects the NACA and LINK bits of the control byte: no ACA, no linked commands.
            byte control = cdb[cdbLength - 1];
            if ((control & 0x04) != 0)
            {
                return IllegalRequest(0x24, 0x00, cdbLength - 1, 2);
            }

            if ((control & 0x01) != 0)
            {
                return IllegalRequest(0x24, 0x00, cdbLength - 1, 0);
            }
        }

        if (lun != 0)
        {
            return opcode switch
            {
                ScsiOpcodes.Inquiry => Inquiry(cdb, data, lunSupported: false),
                ScsiOpcodes.RequestSense => SendData(SenseData.Create(SenseKey.IllegalRequest, 0x25, 0x00), cdb[4], data),
                _ => CheckCondition(SenseData.Create(SenseKey.IllegalRequest, 0x25, 0x00)),
            };
        }

        if (opcode is not ScsiOpcodes.Inquiry and not ScsiOpcodes.ReportLuns && TakeUnitAttention())
        {
            var attention = SenseData.Create(SenseKey.UnitAttention, 0x29, 0x00);

            // SPC: REQUEST SENSE reports the unit attention as parameter data with GOOD status (tgt differs).
            return opcode == ScsiOpcodes.RequestSense ? SendData(attention, cdb[4], data) : CheckCondition(attention);
        }

        bool readsOrWrites = BlockRange(cdb) is not null;
        var fault = _faults.Take(BlockRange(cdb), out long faultLba);
        switch (fault?.Kind)
        {
            case DiskFaultKind.Busy:
                return new ScsiCommandResult(ScsiStatus.Busy, 0, ReadOnlyMemory<byte>.Empty);
            case DiskFaultKind.QueueFull:
                return new ScsiCommandResult(ScsiStatus.TaskSetFull, 0, ReadOnlyMemory<byte>.Empty);
            case DiskFaultKind.NotReady:
                return CheckCondition(SenseData.Create(SenseKey.NotReady, 0x04, 0x01));
            case DiskFaultKind.MediumError:
                // Unrecovered read error / write error at the first bad block; nothing of the command is done.
                return CheckCondition(SenseData.Create(SenseKey.MediumError, IsWrite(opcode) ? (byte)0x0C : (byte)0x11, 0x00, faultLba >= 0 ? (ulong)faultLba : null));
        }

        if (opcode is not ScsiOpcodes.Inquiry and not ScsiOpcodes.RequestSense and not ScsiOpcodes.ReportLuns
            && Options.NotReadyBecomingReadyCount > 0)
        {
            Options.NotReadyBecomingReadyCount--;
            return CheckCondition(SenseData.Create(SenseKey.NotReady, 0x04, 0x01));
        }

        var result = Dispatch(cdb, data);
        if (fault?.Kind == DiskFaultKind.RecoveredError && result.Status == ScsiStatus.Good)
        {
            // The work is done; the disk only reports that it had to recover (read: 18/00 recovered data with error
            // correction, write: 0C/01 recovered with auto reallocation, anything else: 17/00 recovered data).
            (byte asc, byte ascq) = !readsOrWrites ? ((byte)0x17, (byte)0x00) : IsWrite(opcode) ? ((byte)0x0C, (byte)0x01) : ((byte)0x18, (byte)0x00);
            return CheckCondition(SenseData.Create(SenseKey.RecoveredError, asc, ascq, faultLba >= 0 ? (ulong)faultLba : null), result.TransferredBytes);
        }

        return result;
    }

    private static bool IsWrite(byte opcode) => opcode is ScsiOpcodes.Write6 or ScsiOpcodes.Write10 or ScsiOpcodes.Write12 or ScsiOpcodes.Write16;

    /// <summary>The blocks a READ, WRITE or VERIFY touches (first LBA, count), for LBA-range faults.</summary>
    private static (long First, long Count)? BlockRange(ReadOnlySpan<byte> cdb)
    {
        (ulong lba, ulong count) = cdb[0] switch
        {
            ScsiOpcodes.Read6 or ScsiOpcodes.Write6 => (((ulong)(cdb[1] & 0x1F) << 16) | ((ulong)cdb[2] << 8) | cdb[3], cdb[4] == 0 ? 256UL : cdb[4]),
            ScsiOpcodes.Read10 or ScsiOpcodes.Write10 or ScsiOpcodes.Verify10 => (ReadBe32(cdb, 2), ReadBe16(cdb, 7)),
            ScsiOpcodes.Read12 or ScsiOpcodes.Write12 => (ReadBe32(cdb, 2), ReadBe32(cdb, 6)),
            ScsiOpcodes.Read16 or ScsiOpcodes.Write16 or ScsiOpcodes.Verify16 => (ReadBe64(cdb, 2), ReadBe32(cdb, 10)),
            _ => (ulong.MaxValue, 0UL),
        };
        return lba > long.MaxValue ? null : ((long)lba, (long)count);
    }

    private ScsiCommandResult Dispatch(ReadOnlySpan<byte> cdb, IScsiDataTransfer data)
    {
        byte opcode = cdb[0];
        return opcode switch
        {
            ScsiOpcodes.TestUnitReady => ScsiCommandResult.Good(0),
            ScsiOpcodes.RequestSense => RequestSense(cdb, data),
            ScsiOpcodes.Inquiry => Inquiry(cdb, data, lunSupported: true),
            ScsiOpcodes.ModeSense6 => ModeSense(cdb, data, tenByte: false),
            ScsiOpcodes.ModeSense10 => ModeSense(cdb, data, tenByte: true),
            ScsiOpcodes.ModeSelect6 => ModeSelect(cdb, data, tenByte: false),
            ScsiOpcodes.ModeSelect10 => ModeSelect(cdb, data, tenByte: true),
            ScsiOpcodes.StartStopUnit or ScsiOpcodes.PreventAllowMediumRemoval => ScsiCommandResult.Good(0),
            ScsiOpcodes.ReadCapacity10 => ReadCapacity10(cdb, data),
            ScsiOpcodes.ServiceActionIn16 => ServiceActionIn16(cdb, data),
            ScsiOpcodes.Read6 or ScsiOpcodes.Read10 or ScsiOpcodes.Read12 or ScsiOpcodes.Read16 => ReadWrite(cdb, data, write: false),
            ScsiOpcodes.Write6 or ScsiOpcodes.Write10 or ScsiOpcodes.Write12 or ScsiOpcodes.Write16 => ReadWrite(cdb, data, write: true),
            ScsiOpcodes.Verify10 or ScsiOpcodes.Verify16 => Verify(cdb, data),
            ScsiOpcodes.SynchronizeCache10 or ScsiOpcodes.SynchronizeCache16 => SynchronizeCache(cdb),
            ScsiOpcodes.ReportLuns => ReportLuns(cdb, data),
            _ => IllegalRequest(0x20, 0x00, 0),
        };
    }

    private bool TakeUnitAttention()
    {
        if (_resetUnitAttentionPending)
        {
            _resetUnitAttentionPending = false;
            return true;
        }

        if (Options.UnitAttentionCount > 0)
        {
            Options.UnitAttentionCount--;
            return true;
        }

        return false;
    }

    private ScsiCommandResult RequestSense(ReadOnlySpan<byte> cdb, IScsiDataTransfer data)
    {
        // DESC = 1 asks for descriptor format, which this disk does not produce.
        if ((cdb[1] & 0x01) != 0)
        {
            return IllegalRequest(0x24, 0x00, 1, 0);
        }

        var sense = _pendingSense ?? SenseData.Create(SenseKey.NoSense, 0x00, 0x00);
        _pendingSense = null;
        return SendData(sense, cdb[4], data);
    }

    /// <summary>Data-in of a reply: min(allocation length, reply, initiator buffer) bytes (SPC truncation).</summary>
    private static ScsiCommandResult SendData(ReadOnlySpan<byte> reply, long allocationLength, IScsiDataTransfer data)
    {
        int count = (int)Math.Min(Math.Min(reply.Length, allocationLength), Math.Max(data.Length, 0));
        if (count > 0 && !data.TryWriteToInitiator(0, reply[..count]))
        {
            return TransferFailed(0);
        }

        return ScsiCommandResult.Good(count);
    }

    /// <summary>The transport's DMA failed: the command is aborted; the controller maps this to its own status.</summary>
    private static ScsiCommandResult TransferFailed(long transferred) =>
        new(ScsiStatus.CheckCondition, transferred, SenseData.Create(SenseKey.AbortedCommand, 0x4B, 0x00), DataTransferFailed: true);

    private ScsiCommandResult CheckCondition(byte[] sense, long transferred = 0)
    {
        _pendingSense = sense;
        return new ScsiCommandResult(ScsiStatus.CheckCondition, transferred, sense);
    }

    private ScsiCommandResult IllegalRequest(byte asc, byte ascq, int cdbByte, int? bit = null) =>
        CheckCondition(SenseData.CreateIllegalRequest(asc, ascq, inCdb: true, cdbByte, bit));

    private ScsiCommandResult InvalidParameter(byte asc, int parameterByte) =>
        CheckCondition(SenseData.CreateIllegalRequest(asc, 0x00, inCdb: false, parameterByte));

    private static byte[] Identity(string? value, int length, string name, bool pad = true)
    {
        value ??= string.Empty;
        if (value.Length > length || value.Any(c => c is < ' ' or > '~'))
        {
            throw new ArgumentException($"{name} '{value}' must be at most {length} printable ASCII characters.", name);
        }

        return Encoding.ASCII.GetBytes(pad ? value.PadRight(length) : value);
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 0xCBF2_9CE4_8422_2325;
        foreach (byte value in bytes)
        {
            hash = (hash ^ value) * 0x0000_0100_0000_01B3;
        }

        return hash;
    }

    private static string FormatCapacity(long bytes) => bytes switch
    {
        >= 1L << 40 => $"{bytes / (double)(1L << 40):0.##} TiB",
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        _ => $"{bytes / 1024.0:0.##} KiB",
    };

    private static ushort ReadBe16(ReadOnlySpan<byte> cdb, int offset) => BinaryPrimitives.ReadUInt16BigEndian(cdb[offset..]);

    private static uint ReadBe32(ReadOnlySpan<byte> cdb, int offset) => BinaryPrimitives.ReadUInt32BigEndian(cdb[offset..]);

    private static ulong ReadBe64(ReadOnlySpan<byte> cdb, int offset) => BinaryPrimitives.ReadUInt64BigEndian(cdb[offset..]);
}
