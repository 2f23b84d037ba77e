using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Plugins.FilterFve;

/// <summary>
/// BitLocker's dump filter: every dump write is XTS-AES encrypted into one of the filter's two pre-allocated buffers
/// (used in turn: the host may run the cipher of one write while the port writes the one before), which replaces the write's data (the MDL substitution real filters do), and every read through the stack is decrypted
/// in place.
/// </summary>
/// <remarks>
/// <para>Data unit and tweak: the data unit is one sector of the volume, as BitLocker encrypts it: the dump disk's
/// logical sector size, which the filter learns at <see cref="Initialize"/> from the extension's DISK_GEOMETRY
/// (<see cref="DiskGeometry.BytesPerSector"/>): 512 bytes on a 512n or 512e disk, 4096 on a 4Kn disk. Its sequence
/// number is the sector's index from the start of the encrypted volume, as libbde and dislocker number XTS sectors.
/// Offsets handed to filters are relative to the dump partition (<see cref="FilterExtension.PartitionOffset"/>), so
/// for a write at partition-relative offset <c>o</c> the disk byte offset is <c>d = PartitionOffset + o</c> and its
/// first sector's number is <c>(d − volume_offset) / sector size</c>, used as a 128-bit little-endian number. A
/// volume_offset that is not a whole number of sectors fails initialization; a write or read that starts before the
/// volume, is not sector-aligned or is not a whole number of sectors fails.</para>
/// <para>The filter sets <see cref="FilterFlags.Critical"/> before anything else in <see cref="Initialize"/>, so a
/// missing or bad key stops the stack instead of letting a dump go out in plaintext. Key material never appears in
/// <see cref="LastError"/>, the dump log or an exception.</para>
/// </remarks>
public sealed class FveDumpFilter : IDumpFilter, IDisposable
{
    /// <summary>The page size the substitute buffer is counted in.</summary>
    public const int PageSize = 4096;

    /// <summary>The largest substitute buffer the filter allocates, in pages (16 MiB, far above what dump stacks
    /// write at once); a larger MaxPagesPerWrite is lowered to it.</summary>
    public const int MaximumPagesPerWrite = 4096;

    // Tweaks are computed for at most this many bytes of sectors at a time: big enough that the per-call cost of the
    // AES one-shots vanishes, small enough that the tweak buffers stay small whatever MaxPagesPerWrite is.
    private const int RunBytes = 128 * 1024;

    private readonly IDmaAllocator _allocator;
    private readonly FveSettings _settings;
    private readonly IDumpLog? _log;
    private readonly string _loadName;
    private XtsAesSectorCipher? _cipher;
    private IDmaBuffer? _buffer;
    private IDmaBuffer? _otherBuffer;
    private long _volumeOffset;
    private int _sectorSize = XtsAesSectorCipher.MinimumSectorSize;

    internal FveDumpFilter(IDmaAllocator allocator, FveSettings settings, IDumpLog? log, string loadName)
    {
        _allocator = allocator;
        _settings = settings;
        _log = log;
        _loadName = loadName;
    }

    /// <summary>Why the last call failed (never containing key material), or <see langword="null"/> after a success
    /// of <see cref="Initialize"/>. Failures are also recorded in the dump log.</summary>
    public string? LastError { get; private set; }

    /// <inheritdoc/>
    public NtStatus Initialize(FilterExtension extension, FilterInitializationData data)
    {
        ArgumentNullException.ThrowIfNull(extension);
        ArgumentNullException.ThrowIfNull(data);

        // First of all: whatever fails below, a stack without this filter must not write the dump in plaintext.
        // PipelinedWrites: the cipher of one write may run on a second processor while the port writes the previous
        // one; the two substitute buffers are used in turn, so the one the port is writing is never touched.
        data.Flags |= FilterFlags.Critical | FilterFlags.PipelinedWrites;
        data.MajorVersion = data.SystemFlags.HasFlag(SystemFilterFlags.SupportRead)
            ? FilterInitializationData.MajorVersion2
            : FilterInitializationData.MajorVersion1;
        data.MinorVersion = 0;
        Release();

        // Like DiskCryptor and VeraCrypt: the buffer is sized from the pre-filled MaxPagesPerWrite, and 0 is an error.
        if (data.MaxPagesPerWrite <= 0)
        {
            return Fail(NtStatus.InvalidParameter, $"MaxPagesPerWrite is {data.MaxPagesPerWrite}: the substitute buffer needs at least one page");
        }

        if (data.MaxPagesPerWrite > MaximumPagesPerWrite)
        {
            data.MaxPagesPerWrite = MaximumPagesPerWrite;
        }

        // BitLocker's data unit is the volume's sector: the sector size the dump stack reports for the disk.
        int sectorSize = extension.Geometry.BytesPerSector;
        if (!XtsAesSectorCipher.IsSupportedSectorSize(sectorSize))
        {
            return Fail(NtStatus.InvalidParameter, Invariant($"the dump disk's sector size (Geometry.BytesPerSector) is {sectorSize} bytes: an XTS data unit is a sector of {XtsAesSectorCipher.MinimumSectorSize} to {XtsAesSectorCipher.MaximumSectorSize} bytes"));
        }

        long volumeOffset = _settings.VolumeOffset;
        if (volumeOffset % sectorSize != 0)
        {
            return Fail(NtStatus.InvalidParameter, Invariant($"{FilterFvePlugin.VolumeOffsetSetting} {volumeOffset} is not a multiple of the dump disk's {sectorSize}-byte sectors: the encrypted volume must start on a sector"));
        }

        if (!FveKeyFile.TryLoad(_settings.KeyFilePath, out byte[] key, out string keyError))
        {
            return Fail(NtStatus.InvalidParameter, keyError);
        }

        int bufferLength = data.MaxPagesPerWrite * PageSize;
        try
        {
            // Below 4 GiB: the substitute is DMA'd by whatever controller the stack drives, 32-bit PRDs included.
            _buffer = _allocator.Allocate(bufferLength, PageSize, below4GiB: true);
            _otherBuffer = _allocator.Allocate(bufferLength, PageSize, below4GiB: true);
            _cipher = new XtsAesSectorCipher(key, sectorSize, Math.Min(RunBytes, bufferLength) / sectorSize);
        }
        catch (InvalidOperationException failure)
        {
            _buffer = null;
            _otherBuffer = null;
            return Fail(NtStatus.InsufficientResources, $"cannot allocate the two {bufferLength}-byte substitute buffers: {failure.Message}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        _volumeOffset = volumeOffset;
        _sectorSize = sectorSize;
        LastError = null;
        _log?.Record(DumpLogLevel.Information, _loadName, string.Create(
            CultureInfo.InvariantCulture,
            $"XTS-AES-{_cipher.KeyBits} over {sectorSize}-byte sectors (data units); encrypted volume at disk byte {volumeOffset}; two substitute buffers of {data.MaxPagesPerWrite} pages at 0x{_buffer.PhysicalAddress:X} and 0x{_otherBuffer!.PhysicalAddress:X}"));
        return NtStatus.Success;
    }

    /// <inheritdoc/>
    public NtStatus Start(FilterExtension extension) =>
        _cipher is null ? Fail(NtStatus.DeviceNotReady, "DumpStart without a successful initialization") : NtStatus.Success;

    /// <inheritdoc/>
    public NtStatus Write(FilterExtension extension, DumpFilterWrite write)
    {
        ArgumentNullException.ThrowIfNull(extension);
        ArgumentNullException.ThrowIfNull(write);
        if (_cipher is null || _buffer is null || _otherBuffer is null)
        {
            return Fail(NtStatus.DeviceNotReady, "DumpWrite without a successful initialization");
        }

        // This write's buffer is the one the write before last used: the port may still be writing the last one's.
        (_buffer, _otherBuffer) = (_otherBuffer, _buffer);

        long length = write.Length;
        if (length % _sectorSize != 0)
        {
            return Fail(NtStatus.InvalidParameter, Invariant($"a write of {length} bytes at partition offset {write.DiskByteOffset} is not a whole number of {_sectorSize}-byte sectors"));
        }

        if (length > _buffer.Length)
        {
            return Fail(NtStatus.InvalidParameter, Invariant($"a write of {length} bytes exceeds MaxPagesPerWrite ({_buffer.Length} bytes)"));
        }

        if (!TryGetFirstSector(extension, write.DiskByteOffset, out ulong sector, out string? error))
        {
            return Fail(NtStatus.InvalidParameter, "write: " + error);
        }

        Span<byte> target = _buffer.Span[..(int)length];
        if (!write.TryRead(0, target))
        {
            target.Clear();
            return Fail(NtStatus.Unsuccessful, Invariant($"the {length} bytes to write at partition offset {write.DiskByteOffset} are not readable"));
        }

        _cipher.EncryptSectors(target, sector);
        write.Substitute(_buffer);
        return NtStatus.Success;
    }

    /// <inheritdoc/>
    public NtStatus Finish(FilterExtension extension) => NtStatus.Success;

    /// <inheritdoc/>
    public NtStatus Unload(FilterExtension extension)
    {
        Release();
        return NtStatus.Success;
    }

    /// <inheritdoc/>
    public NtStatus Read(FilterExtension extension, DumpFilterRead read)
    {
        ArgumentNullException.ThrowIfNull(extension);
        ArgumentNullException.ThrowIfNull(read);
        if (_cipher is null)
        {
            return Fail(NtStatus.DeviceNotReady, "DumpRead without a successful initialization");
        }

        Span<byte> data = read.Data;
        if (data.Length % _sectorSize != 0)
        {
            return Fail(NtStatus.InvalidParameter, Invariant($"a read of {data.Length} bytes at partition offset {read.DiskByteOffset} is not a whole number of {_sectorSize}-byte sectors"));
        }

        if (!TryGetFirstSector(extension, read.DiskByteOffset, out ulong sector, out string? error))
        {
            return Fail(NtStatus.InvalidParameter, "read: " + error);
        }

        _cipher.DecryptSectors(data, sector);
        return NtStatus.Success;
    }

    /// <summary>Zeroes the keys and the buffer, as <see cref="Unload"/> does (the crash path never unloads).</summary>
    public void Dispose() => Release();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private bool TryGetFirstSector(FilterExtension extension, long partitionOffset, out ulong sector, [NotNullWhen(false)] out string? error)
    {
        sector = 0;
        error = null;
        if (partitionOffset < 0 || partitionOffset > long.MaxValue - extension.PartitionOffset)
        {
            error = Invariant($"partition offset {partitionOffset} is outside the disk");
            return false;
        }

        long diskOffset = extension.PartitionOffset + partitionOffset;
        long volumeRelative = diskOffset - _volumeOffset;
        if (volumeRelative < 0)
        {
            error = Invariant($"disk byte {diskOffset} (partition offset {partitionOffset}) lies before the encrypted volume at disk byte {_volumeOffset}");
            return false;
        }

        if (volumeRelative % _sectorSize != 0)
        {
            error = Invariant($"disk byte {diskOffset} (partition offset {partitionOffset}) is not on a {_sectorSize}-byte sector boundary of the volume");
            return false;
        }

        sector = (ulong)(volumeRelative / _sectorSize);
        return true;
    }

    private NtStatus Fail(NtStatus status, string reason)
    {
        LastError = reason;
        _log?.Record(DumpLogLevel.Error, _loadName, reason + " (" + status + ")");
        return status;
    }

    private void Release()
    {
        _cipher?.Dispose();
        _cipher = null;
        if (_buffer is not null)
        {
            CryptographicOperations.ZeroMemory(_buffer.Span);
            _buffer = null;
        }

        if (_otherBuffer is not null)
        {
            CryptographicOperations.ZeroMemory(_otherBuffer.Span);
            _otherBuffer = null;
        }
    }
}
