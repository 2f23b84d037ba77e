using System.Buffers.Binary;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Cli;

/// <summary>
/// Bad arguments through the real command line: each ends with a message naming what is wrong and exit code 2, never
/// a stack trace, and nothing is written.
/// </summary>
[TestClass]
public sealed class BadInputTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    [DataRow("1000", "not a whole number of 512-byte blocks")]
    [DataRow("40 MiB", "beyond the dump region")]
    public void Read_with_a_length_the_region_cannot_give_is_invalid_input(string length, string message)
    {
        using var files = new StackFiles("read-length");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 32 * MiB);
        string output = Path.Combine(files.Folder, "region.bin");
        var (code, text, error) = CliRun.Invoke("read", "-m", manifest, "-o", output, "--length", length);
        Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
        StringAssert.StartsWith(error, "--length: ");
        StringAssert.Contains(error, message);
        Assert.IsFalse(File.Exists(output) || File.Exists(output + ".partial"), "a refused read left a file");
    }

    [TestMethod]
    [DataRow("read")]
    [DataRow("extract")]
    public void An_output_in_a_missing_folder_is_invalid_input_not_a_stack_trace(string command)
    {
        using var files = new StackFiles("output-missing-" + command);
        string manifest = DumpSmallCrashDump(files);
        string output = Path.Combine(files.Folder, "no-such-folder", "out.bin");
        var (code, text, error) = CliRun.Invoke(command, "-m", manifest, "-o", output);
        Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
        StringAssert.StartsWith(error, "--output: ");
        StringAssert.Contains(error, output);
        Assert.IsFalse(error.Contains("Unhandled exception", StringComparison.Ordinal), error);
    }

    [TestMethod]
    [DataRow("read")]
    [DataRow("extract")]
    public void An_output_that_is_a_folder_is_refused_before_anything_is_read(string command)
    {
        using var files = new StackFiles("output-folder-" + command);
        string manifest = DumpSmallCrashDump(files);
        string output = Path.Combine(files.Folder, "a-folder");
        Directory.CreateDirectory(output);
        var (code, text, error) = CliRun.Invoke(command, "-m", manifest, "-o", output);
        Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
        StringAssert.StartsWith(error, "--output: ");
        StringAssert.Contains(error, "is a folder");
        Assert.IsFalse(text.Contains('%', StringComparison.Ordinal), "it read the disk before refusing the output:\n" + text);
        Assert.IsFalse(File.Exists(output + ".partial"), "a refused read left its partial file");
    }

    [TestMethod]
    public void A_raw_dump_of_a_capture_with_a_range_of_partial_pages_is_refused_before_anything_is_written()
    {
        using var files = new StackFiles("raw-odd-range");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 32 * MiB);
        string lime = Path.Combine(files.Folder, "odd.lime");
        WriteLime(lime, (0x10_0000, 0x1_0000), (0x20_0000, 1000));
        var (code, text, error) = CliRun.Invoke("dump", "-m", manifest, "--memory", lime, "--format", "raw");
        Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
        StringAssert.Contains(error, "0x200000");
        Assert.IsFalse(error.Contains("Unhandled exception", StringComparison.Ordinal), error);
        Assert.IsFalse(File.Exists(files.Disk()), "a refused dump created its disk image");
    }

    [TestMethod]
    [DataRow("1000")]
    [DataRow("4097")]
    public void A_synthetic_memory_size_that_is_not_whole_pages_is_invalid_input_naming_the_option(string size)
    {
        using var files = new StackFiles("synthetic-size");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 32 * MiB);
        var (code, text, error) = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", size);
        Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
        StringAssert.StartsWith(error, "--synthetic-memory: ");
        StringAssert.Contains(error, "4 KiB");
    }

    [TestMethod]
    public void Plugins_with_a_missing_plugin_folder_is_a_plugin_error_not_a_stack_trace()
    {
        using var files = new StackFiles("plugins-missing");
        string folder = Path.Combine(files.Folder, "no-plugins");
        var (code, _, error) = CliRun.InvokeWith(folder, "plugins");
        Assert.AreEqual(ExitCodes.PluginError, code);
        StringAssert.Contains(error, $"plugin folder {folder} does not exist");
    }

    private static string DumpSmallCrashDump(StackFiles files)
    {
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 32 * MiB);
        var (code, text, error) = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "4 MiB");
        Assert.AreEqual(ExitCodes.Success, code, text + error);
        return manifest;
    }

    // LiME: per range a 32-byte header (magic, version 1, first and last address, reserved) and the bytes.
    private static void WriteLime(string path, params (ulong Start, int Length)[] ranges)
    {
        using var file = File.Create(path);
        var header = new byte[32];
        foreach (var (start, length) in ranges)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x4C694D45);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), start);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), start + (ulong)length - 1);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), 0);
            file.Write(header);
            var data = new byte[length];
            Array.Fill(data, (byte)0x5A);
            file.Write(data);
        }
    }

    [TestMethod]
    public void A_raw_image_of_4_GiB_is_refused_by_name_for_leaving_no_hole_for_the_32_bit_buffers()
    {
        using var files = new StackFiles("raw-4gib");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 4100 * MiB, MiB, 4097 * MiB);
        // Sparse: RAM from 0 to 4 GiB, the whole 32-bit space, read as zeros; nothing of it is read before the refusal.
        string image = Path.Combine(files.Folder, "ram-4gib.raw");
        using (var file = File.Create(image))
        {
            file.SetLength(4096 * MiB);
        }

        var (code, text, error) = CliRun.Invoke("dump", "-m", manifest, "--memory", image);
        Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
        StringAssert.StartsWith(error, "error: --memory: raw memory image 'ram-4gib.raw'");
        StringAssert.Contains(error, "below 4 GiB");
        StringAssert.Contains(error, "PCI hole");
        Assert.IsFalse(error.Contains("unexpected", StringComparison.Ordinal), error);
        Assert.IsFalse(File.Exists(files.Disk()), "a refused dump created its disk image");
    }

    [TestMethod]
    public void A_folder_given_as_memory_or_as_a_dump_is_named_as_a_folder()
    {
        using var files = new StackFiles("folder-input");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB);
        var dump = CliRun.Invoke("dump", "-m", manifest, "--memory", files.Folder);
        Assert.AreEqual(Host.Cli.ExitCodes.InvalidInput, dump.ExitCode);
        StringAssert.Contains(dump.Error, "is a folder, not a file");

        var verify = CliRun.Invoke("verify", files.Folder);
        Assert.AreEqual(Host.Cli.ExitCodes.InvalidInput, verify.ExitCode);
        StringAssert.Contains(verify.Error, "is a folder, not a dump file");
    }
}
