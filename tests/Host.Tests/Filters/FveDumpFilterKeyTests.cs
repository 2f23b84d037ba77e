using System.Security.Cryptography;
using System.Text;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Host.Tests.Filters.TestSupport;

namespace DumpFramework.Host.Tests.Filters;

/// <summary>How dumpfve reads its key file, and that no key material ever shows in what it reports.</summary>
[TestClass]
public sealed class FveDumpFilterKeyTests
{
    [TestMethod]
    public void A_hex_key_file_with_whitespace_and_a_raw_key_file_encrypt_identically()
    {
        var vector = Ieee1619XtsVectors.Get(10);
        string hex = vector.Key.ToUpperInvariant();
        var spaced = new StringBuilder();
        for (int i = 0; i < hex.Length; i += 2)
        {
            spaced.Append(hex, i, 2).Append(i % 32 == 30 ? "\r\n" : i % 8 == 6 ? " " : "\t");
        }

        foreach (byte[] keyFile in new[] { Encoding.ASCII.GetBytes(spaced.ToString()), vector.KeyBytes })
        {
            using var bench = FveBench.Initialized(keyFile);
            var (status, write) = bench.Write(checked((long)vector.DataUnit * 512), vector.PlaintextBytes);

            Assert.AreEqual(NtStatus.Success, status, bench.LastError);
            Assert.AreEqual(vector.Ciphertext, Convert.ToHexStringLower(bench.DataOf(write)));
        }
    }

    [TestMethod]
    [DataRow(32, 128)]
    [DataRow(64, 256)]
    public void The_key_size_picks_the_mode(int keyLength, int bits)
    {
        using var bench = FveBench.Initialized(RandomNumberGenerator.GetBytes(keyLength));

        StringAssert.Contains(bench.Loaded.Log.Messages.Single(), $"XTS-AES-{bits} ");
        Assert.IsTrue(bench.Loaded.Log.Entries.All(e => e.Source == "dump_dumpfve"));
    }

    [TestMethod]
    [DataRow(31, false, "31-byte key")]
    [DataRow(33, false, "33-byte key")]
    [DataRow(48, false, "48-byte key")]
    [DataRow(16, true, "16-byte key")]
    [DataRow(48, true, "48-byte key")]
    [DataRow(65, true, "65-byte key")]
    public void A_key_of_the_wrong_length_is_refused_at_configuration_and_at_initialization_without_revealing_it(int keyLength, bool asHex, string expected)
    {
        byte[] key = RandomNumberGenerator.GetBytes(keyLength);
        byte[] keyFile = asHex ? Encoding.ASCII.GetBytes(Convert.ToHexString(key)) : key;

        AssertRefused(keyFile, key, expected);
    }

    [TestMethod]
    public void Hex_text_with_an_odd_number_of_digits_is_refused_without_revealing_it()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);

        AssertRefused(Encoding.ASCII.GetBytes(Convert.ToHexString(key)[..63] + "\n"), key, "odd number of digits (63)");
    }

    [TestMethod]
    public void A_key_whose_data_and_tweak_halves_are_equal_is_refused()
    {
        byte[] half = RandomNumberGenerator.GetBytes(16);
        byte[] key = [.. half, .. half];

        AssertRefused(key, key, "equal");
    }

    [TestMethod]
    public void A_missing_key_file_setting_is_refused_at_configuration()
    {
        var error = Assert.ThrowsExactly<DriverSettingException>(() => FveBench.Load(keyFileContents: null));

        Assert.AreEqual("key_file", error.Key);
        StringAssert.Contains(error.Message, "dump_dumpfve: setting 'key_file' is missing");
    }

    [TestMethod]
    public void An_unreadable_key_file_is_reported_with_its_path()
    {
        using var bench = FveBench.Load(RandomNumberGenerator.GetBytes(32));
        File.Delete(bench.KeyFilePath);

        Assert.AreEqual(NtStatus.InvalidParameter, bench.Initialize());
        StringAssert.Contains(bench.LastError, bench.KeyFilePath);
        StringAssert.Contains(bench.LastError, "cannot be read");
    }

    [TestMethod]
    public void A_wrong_key_decrypts_to_garbage()
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(4 * 512);
        byte[] ciphertext;
        using (var right = FveBench.Initialized(RandomNumberGenerator.GetBytes(32)))
        {
            var (status, write) = right.Write(8 * 512, plaintext);
            Assert.AreEqual(NtStatus.Success, status, right.LastError);
            ciphertext = right.DataOf(write);
        }

        using var wrong = FveBench.Initialized(RandomNumberGenerator.GetBytes(32));
        byte[] decrypted = (byte[])ciphertext.Clone();
        Assert.AreEqual(NtStatus.Success, wrong.Read(8 * 512, decrypted), wrong.LastError);

        CollectionAssert.AreNotEqual(plaintext, decrypted);
        for (int sector = 0; sector < 4; sector++)
        {
            // Not even one 16-byte block may come out right by accident.
            for (int block = 0; block < 32; block++)
            {
                int at = sector * 512 + block * 16;
                Assert.IsFalse(plaintext.AsSpan(at, 16).SequenceEqual(decrypted.AsSpan(at, 16)), $"block {block} of sector {sector} decrypted correctly under the wrong key");
            }
        }
    }

    [TestMethod]
    public void The_right_key_reads_back_what_was_written()
    {
        byte[] key = RandomNumberGenerator.GetBytes(64);
        byte[] plaintext = RandomNumberGenerator.GetBytes(8 * 4096);
        using var bench = FveBench.Initialized(key);

        var (status, write) = bench.Write(123 * 512, plaintext);
        byte[] onDisk = bench.DataOf(write);
        byte[] readBack = (byte[])onDisk.Clone();
        var readStatus = bench.Read(123 * 512, readBack);

        Assert.AreEqual(NtStatus.Success, status, bench.LastError);
        CollectionAssert.AreNotEqual(plaintext, onDisk);
        Assert.AreEqual(NtStatus.Success, readStatus, bench.LastError);
        CollectionAssert.AreEqual(plaintext, readBack);
    }

    // Refused when the stack is configured (so validate refuses it), and, should the file change afterwards, again when
    // the filter initializes: critical, so the stack stops rather than write plaintext.
    private static void AssertRefused(byte[] keyFile, byte[] key, string expected)
    {
        var error = Assert.ThrowsExactly<DriverSettingException>(() => FveBench.Load(keyFile));
        Assert.AreEqual("key_file", error.Key);
        StringAssert.Contains(error.Message, expected);
        StringAssert.Contains(error.Message, "fvek.key");
        AssertNoKeyMaterial(key, [error.Message]);

        using var bench = FveBench.Load(RandomNumberGenerator.GetBytes(32));
        File.WriteAllBytes(bench.KeyFilePath, keyFile);
        var status = bench.Initialize();

        Assert.AreEqual(NtStatus.InvalidParameter, status);
        Assert.IsTrue(bench.Data.Flags.HasFlag(FilterFlags.Critical), "a keyless dumpfve must stop the stack, not let plaintext through");
        Assert.IsNotNull(bench.LastError);
        StringAssert.Contains(bench.LastError, expected);
        StringAssert.Contains(bench.LastError, bench.KeyFilePath);
        Assert.AreEqual(0, bench.Memory.Buffers.Count, "nothing should be allocated for a filter that cannot work");
        AssertNoKeyMaterial(key, [bench.LastError, .. bench.Loaded.Log.Messages]);
    }

    private static void AssertNoKeyMaterial(byte[] key, IEnumerable<string> texts)
    {
        foreach (string text in texts)
        {
            // No run of four key bytes, in hex (either case) or as raw characters.
            for (int i = 0; i + 4 <= key.Length; i++)
            {
                string hex = Convert.ToHexString(key, i, 4);
                Assert.IsFalse(text.Contains(hex, StringComparison.OrdinalIgnoreCase), $"key bytes {i}..{i + 3} appear in hex in: {text}");
                Assert.IsFalse(text.Contains(Encoding.Latin1.GetString(key, i, 4), StringComparison.Ordinal), $"key bytes {i}..{i + 3} appear raw in: {text}");
            }
        }
    }
}
