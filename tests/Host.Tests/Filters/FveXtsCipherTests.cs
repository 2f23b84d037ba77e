using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using Aes = System.Security.Cryptography.Aes;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Tests.Filters.TestSupport;

namespace DumpFramework.Host.Tests.Filters;

/// <summary>
/// dumpfve's XTS-AES sector cipher, the real built plugin's internal class reached by reflection in the plugin's own
/// load context, against the tests' own <see cref="ReferenceXtsAes"/>: random keys of both sizes, every supported
/// sector size, one sector and runs longer than the cipher's internal run, sector numbers crossing 2³² and ending at
/// 2⁶⁴ − 1 (beyond any offset a write through the filter can name), both directions.
/// </summary>
[TestClass]
public sealed class FveXtsCipherTests
{
    private const string CipherTypeName = "DumpFramework.Plugins.FilterFve.XtsAesSectorCipher";

    // The filter's own internal run: 128 KiB of sectors.
    private const int FilterRunBytes = 128 * 1024;

    private delegate void SectorTransform(Span<byte> data, ulong firstSector);

    private delegate void Whitening(Span<byte> run, ReadOnlySpan<byte> initialTweaks, int sectorSize);

    [TestMethod]
    [DataRow(512, 128)]
    [DataRow(512, 256)]
    [DataRow(1024, 128)]
    [DataRow(1024, 256)]
    [DataRow(2048, 128)]
    [DataRow(2048, 256)]
    [DataRow(4096, 128)]
    [DataRow(4096, 256)]
    public void Encryption_and_decryption_match_the_reference_for_random_keys_run_lengths_and_sector_numbers(int sectorSize, int keyBits)
    {
        using var plugin = LoadedPlugin.Load(FilterUnderTest.BuiltInPlugin("FilterFve"));
        Type cipherType = CipherType(plugin);
        foreach (int sectorsPerRun in new[] { 1, 3, FilterRunBytes / sectorSize })
        {
            byte[] key = RandomNumberGenerator.GetBytes(keyBits / 4);
            using var cipher = new PluginCipher(cipherType, key, sectorSize, sectorsPerRun);
            using var reference = new ReferenceXtsAes(key, sectorSize);
            foreach (int sectors in new[] { 1, 2, sectorsPerRun + 1, (2 * sectorsPerRun) + 3 }.Distinct())
            {
                ulong anywhere = (ulong)Random.Shared.NextInt64() * 2 % (ulong.MaxValue - (ulong)sectors);
                foreach (ulong first in new[] { 0UL, (1UL << 32) - 1, anywhere, ulong.MaxValue - (ulong)(sectors - 1) })
                {
                    string what = $"{keyBits}-bit key {Convert.ToHexStringLower(key)}, {sectorSize}-byte sectors, {sectorsPerRun} per run, {sectors} from {first}";
                    byte[] plaintext = RandomNumberGenerator.GetBytes(sectors * sectorSize);
                    byte[] expected = reference.Encrypt(plaintext, first);
                    byte[] data = (byte[])plaintext.Clone();

                    cipher.Encrypt(data, first);

                    AssertSame(expected, data, "encryption, " + what);
                    cipher.Decrypt(data, first);
                    AssertSame(plaintext, data, "decryption of its own ciphertext, " + what);

                    // Decryption on its own: random bytes as ciphertext, deciphered by both.
                    byte[] ciphertext = RandomNumberGenerator.GetBytes(sectors * sectorSize);
                    byte[] deciphered = (byte[])ciphertext.Clone();
                    cipher.Decrypt(deciphered, first);
                    AssertSame(reference.Decrypt(ciphertext, first), deciphered, "decryption, " + what);
                }
            }
        }
    }

    [TestMethod]
    [DataRow(512)]
    [DataRow(4096)]
    public void Encrypting_and_decrypting_allocate_nothing_beyond_the_bcls_own_ecb_calls(int sectorSize)
    {
        // The BCL's one-shot Aes.EncryptEcb/DecryptEcb allocate a few bytes per call on some platforms (64 on Linux
        // with OpenSSL, .NET 10): the cipher makes two per run of sectors (T₀s under K2, data under K1) and may add
        // nothing of its own, whatever the data length.
        byte[] block = new byte[16];
        using var bcl = Aes.Create();
        bcl.Key = RandomNumberGenerator.GetBytes(32);
        bcl.EncryptEcb(block, block, PaddingMode.None);
        long beforeBcl = GC.GetAllocatedBytesForCurrentThread();
        bcl.EncryptEcb(block, block, PaddingMode.None);
        long perEcbCall = GC.GetAllocatedBytesForCurrentThread() - beforeBcl;

        using var plugin = LoadedPlugin.Load(FilterUnderTest.BuiltInPlugin("FilterFve"));
        using var cipher = new PluginCipher(CipherType(plugin), RandomNumberGenerator.GetBytes(64), sectorSize, FilterRunBytes / sectorSize);
        const int runs = 3;
        byte[] data = RandomNumberGenerator.GetBytes(runs * FilterRunBytes);
        cipher.Encrypt(data, 1);
        cipher.Decrypt(data, 1);

        long before = GC.GetAllocatedBytesForCurrentThread();
        cipher.Encrypt(data, 12345);
        cipher.Decrypt(data, 12345);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.IsTrue(allocated <= 2 * runs * 2 * perEcbCall, $"one encryption and one decryption of {runs} runs allocated {allocated} bytes; the BCL's ECB calls account for {2 * runs * 2 * perEcbCall}");
    }

    [TestMethod]
    [DataRow(512)]
    [DataRow(1024)]
    [DataRow(2048)]
    [DataRow(4096)]
    public void The_scalar_fallback_whitens_exactly_as_the_avx2_path(int sectorSize)
    {
        // Only one of the cipher's whitening paths runs on a given machine (AVX2 here, checked against the reference
        // above); the scalar one, for processors without AVX2, is called directly and must give the same bytes.
        if (!Avx2.IsSupported)
        {
            Assert.Inconclusive("no AVX2 here: the scalar path is the one the reference comparison above checks");
        }

        using var plugin = LoadedPlugin.Load(FilterUnderTest.BuiltInPlugin("FilterFve"));
        Type cipherType = CipherType(plugin);
        var scalar = PrivateWhitening(cipherType, "WhitenScalar");
        var avx2 = PrivateWhitening(cipherType, "WhitenAvx2");
        const int sectors = 7;
        byte[] initialTweaks = RandomNumberGenerator.GetBytes(sectors * 16);

        // T₀s with the top bits of both halves set and clear, so that both carries and the 0x87 fold happen.
        initialTweaks[7] = 0xFF;
        initialTweaks[15] = 0xFF;
        initialTweaks[16 + 7] = 0x00;
        initialTweaks[16 + 15] = 0x00;
        byte[] data = RandomNumberGenerator.GetBytes(sectors * sectorSize);
        byte[] byScalar = (byte[])data.Clone();
        byte[] byAvx2 = (byte[])data.Clone();

        scalar(byScalar, initialTweaks, sectorSize);
        avx2(byAvx2, initialTweaks, sectorSize);

        Assert.IsFalse(byScalar.AsSpan().SequenceEqual(data), "the scalar whitening changed nothing");
        AssertSame(byAvx2, byScalar, $"{sectorSize}-byte sectors");
    }

    private static Type CipherType(LoadedPlugin plugin) =>
        plugin.Entry.GetType().Assembly.GetType(CipherTypeName, throwOnError: true)!;

    private static Whitening PrivateWhitening(Type cipherType, string name)
    {
        MethodInfo method = cipherType.GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new AssertFailedException($"{CipherTypeName}.{name} is gone: update this test with the cipher's paths");
        return method.CreateDelegate<Whitening>();
    }

    private static void AssertSame(byte[] expected, byte[] actual, string what)
    {
        int same = expected.AsSpan().CommonPrefixLength(actual);
        Assert.IsTrue(same == expected.Length && actual.Length == expected.Length, $"{what}: first difference at byte {same}");
    }

    /// <summary>One instance of the plugin's cipher, its constructor and transforms bound as delegates.</summary>
    private sealed class PluginCipher : IDisposable
    {
        private readonly IDisposable _instance;

        public PluginCipher(Type cipherType, byte[] key, int sectorSize, int sectorsPerRun)
        {
            // The constructor takes a ReadOnlySpan<byte>, which reflection cannot box: a small IL shim converts the array.
            ConstructorInfo constructor = cipherType.GetConstructor([typeof(ReadOnlySpan<byte>), typeof(int), typeof(int)])
                ?? throw new AssertFailedException($"{CipherTypeName} has no (ReadOnlySpan<byte>, int, int) constructor");
            var shim = new DynamicMethod("CreateCipher", typeof(object), [typeof(byte[]), typeof(int), typeof(int)], cipherType.Module, skipVisibility: true);
            ILGenerator il = shim.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Call, typeof(ReadOnlySpan<byte>).GetMethod("op_Implicit", [typeof(byte[])])!);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Newobj, constructor);
            il.Emit(OpCodes.Ret);
            var create = shim.CreateDelegate<Func<byte[], int, int, object>>();
            _instance = (IDisposable)create(key, sectorSize, sectorsPerRun);
            Encrypt = cipherType.GetMethod("EncryptSectors")!.CreateDelegate<SectorTransform>(_instance);
            Decrypt = cipherType.GetMethod("DecryptSectors")!.CreateDelegate<SectorTransform>(_instance);
        }

        public SectorTransform Encrypt { get; }

        public SectorTransform Decrypt { get; }

        public void Dispose() => _instance.Dispose();
    }
}
