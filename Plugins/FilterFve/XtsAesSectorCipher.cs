using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace DumpFramework.Plugins.FilterFve;

/// <summary>
/// XTS-AES (IEEE 1619-2007) over data units of one volume sector (512 or 4096 bytes), in place. Data unit i (the
/// volume-relative sector number) is encrypted with tweak T₀ = E_K2(i as a 128-bit little-endian number) and
/// T_j = T₀ ⊗ αʲ for its 16-byte block j, C_j = E_K1(P_j ⊕ T_j) ⊕ T_j. All tweaks of a run of sectors are computed
/// first (one ECB call under K2 for the T₀s),
/// so the data itself goes through one XOR, one ECB call under K1 and one XOR: the BCL's AES-NI path does the work.
/// Nothing is allocated per call.
/// </summary>
internal sealed class XtsAesSectorCipher : IDisposable
{
    /// <summary>The smallest data unit: a 512-byte sector.</summary>
    public const int MinimumSectorSize = 512;

    /// <summary>The largest data unit: a 4096-byte (4Kn) sector.</summary>
    public const int MaximumSectorSize = 4096;

    private const int BlockSize = 16;

    // x^128 + x^7 + x^2 + x + 1: the low byte folded back when the tweak's top bit shifts out.
    private const ulong ReductionPolynomial = 0x87;

    private readonly Aes _dataCipher;
    private readonly Aes _tweakCipher;
    private readonly byte[] _tweaks;
    private readonly byte[] _initialTweaks;
    private bool _disposed;

    /// <summary>Prepares both key schedules.</summary>
    /// <param name="key">Key 1 (data) followed by key 2 (tweak): 32 or 64 bytes.</param>
    /// <param name="sectorSize">The data unit: the volume's sector size, a power of two from 512 to 4096 bytes.</param>
    /// <param name="sectorsPerRun">How many sectors one internal run covers (the tweak buffers are sized for it).</param>
    public XtsAesSectorCipher(ReadOnlySpan<byte> key, int sectorSize, int sectorsPerRun)
    {
        if (!IsSupportedSectorSize(sectorSize))
        {
            throw new ArgumentOutOfRangeException(nameof(sectorSize), sectorSize, $"An XTS data unit here is a sector of {MinimumSectorSize} to {MaximumSectorSize} bytes (a power of two).");
        }

        if (key.Length is not (FveKeyFile.Xts128KeyLength or FveKeyFile.Xts256KeyLength))
        {
            throw new ArgumentException($"An XTS-AES key is {FveKeyFile.Xts128KeyLength} or {FveKeyFile.Xts256KeyLength} bytes long, not {key.Length}.", nameof(key));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sectorsPerRun);
        int half = key.Length / 2;
        _dataCipher = CreateAes(key[..half]);
        _tweakCipher = CreateAes(key[half..]);
        SectorSize = sectorSize;
        _tweaks = new byte[sectorsPerRun * sectorSize];
        _initialTweaks = new byte[sectorsPerRun * BlockSize];
        KeyBits = half * 8;

        // The first one-shot call creates and caches the native cipher contexts; do it now, not in crash mode.
        Span<byte> warmUp = stackalloc byte[BlockSize];
        _dataCipher.EncryptEcb(warmUp, warmUp, PaddingMode.None);
        _dataCipher.DecryptEcb(warmUp, warmUp, PaddingMode.None);
        _tweakCipher.EncryptEcb(warmUp, warmUp, PaddingMode.None);
        CryptographicOperations.ZeroMemory(warmUp);
    }

    /// <summary>128 for XTS-AES-128, 256 for XTS-AES-256.</summary>
    public int KeyBits { get; }

    /// <summary>The data unit in bytes: one sector of the volume.</summary>
    public int SectorSize { get; }

    /// <summary>Whether <paramref name="sectorSize"/> can be a data unit: a power of two from 512 to 4096 bytes, the
    /// logical sector sizes Windows volumes have (512n and 512e disks, 4Kn disks).</summary>
    public static bool IsSupportedSectorSize(int sectorSize) =>
        sectorSize is >= MinimumSectorSize and <= MaximumSectorSize && int.IsPow2(sectorSize);

    /// <summary>Encrypts whole sectors in place.</summary>
    /// <param name="data">A whole number of sectors.</param>
    /// <param name="firstSector">The data unit sequence number of the first sector.</param>
    public void EncryptSectors(Span<byte> data, ulong firstSector) => Transform(data, firstSector, encrypt: true);

    /// <summary>Decrypts whole sectors in place.</summary>
    /// <param name="data">A whole number of sectors.</param>
    /// <param name="firstSector">The data unit sequence number of the first sector.</param>
    public void DecryptSectors(Span<byte> data, ulong firstSector) => Transform(data, firstSector, encrypt: false);

    /// <summary>Destroys the key schedules and the key-derived tweaks.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _dataCipher.Dispose();
        _tweakCipher.Dispose();
        CryptographicOperations.ZeroMemory(_tweaks);
        CryptographicOperations.ZeroMemory(_initialTweaks);
    }

    private static Aes CreateAes(ReadOnlySpan<byte> key)
    {
        var aes = Aes.Create();
        byte[] copy = key.ToArray();
        try
        {
            aes.Key = copy;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }

        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.None;
        return aes;
    }

    private void Transform(Span<byte> data, ulong firstSector, bool encrypt)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (data.Length % SectorSize != 0)
        {
            throw new ArgumentException($"XTS data units here are {SectorSize}-byte sectors; {data.Length} bytes is not a whole number of them.", nameof(data));
        }

        int sectorsPerRun = _tweaks.Length / SectorSize;
        ulong sector = firstSector;
        while (!data.IsEmpty)
        {
            int sectors = Math.Min(sectorsPerRun, data.Length / SectorSize);
            Span<byte> run = data[..(sectors * SectorSize)];
            Span<byte> tweaks = _tweaks.AsSpan(0, run.Length);
            ComputeTweaks(sector, sectors, tweaks);
            Xor(run, tweaks);
            if (encrypt)
            {
                _dataCipher.EncryptEcb(run, run, PaddingMode.None);
            }
            else
            {
                _dataCipher.DecryptEcb(run, run, PaddingMode.None);
            }

            Xor(run, tweaks);
            data = data[run.Length..];
            sector += (ulong)sectors;
        }
    }

    private void ComputeTweaks(ulong firstSector, int sectors, Span<byte> tweaks)
    {
        // T₀ of every sector in one call: the data unit numbers as 128-bit little-endian blocks, encrypted under K2.
        Span<byte> initial = _initialTweaks.AsSpan(0, sectors * BlockSize);
        for (int i = 0; i < sectors; i++)
        {
            Span<byte> block = initial.Slice(i * BlockSize, BlockSize);
            BinaryPrimitives.WriteUInt64LittleEndian(block, firstSector + (ulong)i);
            BinaryPrimitives.WriteUInt64LittleEndian(block[8..], 0);
        }

        _tweakCipher.EncryptEcb(initial, initial, PaddingMode.None);

        // T_j = T₀ ⊗ αʲ in GF(2¹²⁸), little-endian: a 128-bit left shift with the carry folded into the low byte.
        for (int i = 0; i < sectors; i++)
        {
            ulong low = BinaryPrimitives.ReadUInt64LittleEndian(initial[(i * BlockSize)..]);
            ulong high = BinaryPrimitives.ReadUInt64LittleEndian(initial[(i * BlockSize + 8)..]);
            Span<byte> sectorTweaks = tweaks.Slice(i * SectorSize, SectorSize);
            for (int j = 0; j < SectorSize / BlockSize; j++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(sectorTweaks[(j * BlockSize)..], low);
                BinaryPrimitives.WriteUInt64LittleEndian(sectorTweaks[(j * BlockSize + 8)..], high);
                ulong carry = high >> 63;
                high = (high << 1) | (low >> 63);
                low = (low << 1) ^ (ReductionPolynomial & (0 - carry));
            }
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> mask)
    {
        Span<Vector<byte>> wide = MemoryMarshal.Cast<byte, Vector<byte>>(data);
        ReadOnlySpan<Vector<byte>> wideMask = MemoryMarshal.Cast<byte, Vector<byte>>(mask);
        for (int i = 0; i < wide.Length; i++)
        {
            wide[i] ^= wideMask[i];
        }

        for (int i = wide.Length * Vector<byte>.Count; i < data.Length; i++)
        {
            data[i] ^= mask[i];
        }
    }
}
