using System.Security.Cryptography;

namespace DumpFramework.Host.Tests.Filters.TestSupport;

/// <summary>
/// The tests' own XTS-AES, written from IEEE Std 1619-2007 §5.3 and nothing of the plugin's: one AES block at a time
/// (the BCL's ECB primitive on 16 bytes), the tweak multiplied by α byte by byte as the standard's §5.2 describes it
/// (shift left across the 16 little-endian bytes, 0x87 folded into byte 0 when bit 127 falls out). Slow and plain, so
/// that a mistake in the plugin's batched, 64-bit implementation cannot hide behind the same mistake here.
/// </summary>
internal sealed class ReferenceXtsAes : IDisposable
{
    private const int BlockSize = 16;
    private readonly Aes _key1;
    private readonly Aes _key2;

    /// <param name="key">Key 1 followed by key 2 (32 or 64 bytes).</param>
    /// <param name="dataUnitSize">Bytes per data unit (a multiple of 16).</param>
    public ReferenceXtsAes(byte[] key, int dataUnitSize)
    {
        Assert.IsTrue(key.Length is 32 or 64, "an XTS-AES key is 32 or 64 bytes");
        Assert.AreEqual(0, dataUnitSize % BlockSize, "whole AES blocks per data unit");
        _key1 = Aes.Create();
        _key1.Key = key[..(key.Length / 2)];
        _key2 = Aes.Create();
        _key2.Key = key[(key.Length / 2)..];
        DataUnitSize = dataUnitSize;
    }

    public int DataUnitSize { get; }

    /// <summary>Encrypts whole data units, the first numbered <paramref name="firstUnit"/>, into a new array.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, ulong firstUnit) => Transform(plaintext, firstUnit, encrypt: true);

    /// <summary>Decrypts whole data units, the first numbered <paramref name="firstUnit"/>, into a new array.</summary>
    public byte[] Decrypt(ReadOnlySpan<byte> ciphertext, ulong firstUnit) => Transform(ciphertext, firstUnit, encrypt: false);

    public void Dispose()
    {
        _key1.Dispose();
        _key2.Dispose();
    }

    private byte[] Transform(ReadOnlySpan<byte> input, ulong firstUnit, bool encrypt)
    {
        Assert.AreEqual(0, input.Length % DataUnitSize, "whole data units");
        byte[] output = new byte[input.Length];
        for (int unit = 0; unit < input.Length / DataUnitSize; unit++)
        {
            // The data unit's sequence number as 16 bytes, least significant first, encrypted under key 2.
            byte[] tweak = new byte[BlockSize];
            ulong number = firstUnit + (ulong)unit;
            for (int b = 0; b < 8; b++)
            {
                tweak[b] = (byte)(number >> (8 * b));
            }

            tweak = _key2.EncryptEcb(tweak, PaddingMode.None);
            for (int j = 0; j < DataUnitSize / BlockSize; j++)
            {
                int at = (unit * DataUnitSize) + (j * BlockSize);
                byte[] block = new byte[BlockSize];
                for (int b = 0; b < BlockSize; b++)
                {
                    block[b] = (byte)(input[at + b] ^ tweak[b]);
                }

                block = encrypt ? _key1.EncryptEcb(block, PaddingMode.None) : _key1.DecryptEcb(block, PaddingMode.None);
                for (int b = 0; b < BlockSize; b++)
                {
                    output[at + b] = (byte)(block[b] ^ tweak[b]);
                }

                MultiplyByAlpha(tweak);
            }
        }

        return output;
    }

    // IEEE 1619 §5.2: T ← T ⊗ α, byte 0 least significant; the carry out of byte 15 folds back as 0x87 into byte 0.
    private static void MultiplyByAlpha(byte[] tweak)
    {
        int carryIn = 0;
        for (int b = 0; b < BlockSize; b++)
        {
            int carryOut = tweak[b] >> 7;
            tweak[b] = (byte)((tweak[b] << 1) | carryIn);
            carryIn = carryOut;
        }

        if (carryIn != 0)
        {
            tweak[0] ^= 0x87;
        }
    }
}
