using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Robustness;

/// <summary>
/// A FIFO, a pipe or a character device where a file is expected (memory, the dump disk, verify's dump file) is
/// refused by name with exit 2 before anything opens it: no hang waiting for a writer, no endless read of /dev/zero,
/// no stack trace, and nothing created.
/// </summary>
[TestClass]
public sealed class NonRegularInputTests
{
    private const long MiB = 1 << 20;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("dump")]
    [DataRow("validate")]
    public void A_fifo_or_a_character_device_as_memory_is_refused_by_name_and_nothing_is_created(string command)
    {
        using var files = new StackFiles("memory-fifo-" + command);
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB);
        string fifo = SpecialFiles.Fifo(Path.Combine(files.Folder, "memory.fifo"));
        string[] head = command == "dump" ? ["dump", "-m", manifest] : ["validate", manifest];
        foreach (var (memory, kind) in new[] { (fifo, "is a pipe or FIFO"), ("/dev/zero", "is a character device") })
        {
            var (code, text, error) = SpecialFiles.WithinSeconds(30, () => CliRun.Invoke([.. head, "--memory", memory]), $"{command} --memory {memory}");
            Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
            StringAssert.Contains(error, $"--memory: memory image {memory} {kind}, not a regular file");
            Assert.IsFalse(error.Contains("   at ", StringComparison.Ordinal), error);
            Assert.IsFalse(File.Exists(files.Disk()), "a refused dump created its disk image");
        }
    }

    [TestMethod]
    public void A_fifo_or_a_character_device_as_the_dump_disk_is_refused_by_name()
    {
        using var files = new StackFiles("disk-fifo");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB);
        string fifo = SpecialFiles.Fifo(Path.Combine(files.Folder, "disk.fifo"));
        foreach (var (disk, kind) in new[] { (fifo, "is a pipe or FIFO"), ("/dev/zero", "is a character device") })
        {
            foreach (string command in new[] { "dump", "read", "extract" })
            {
                string[] arguments = command == "dump"
                    ? ["dump", "-m", manifest, "--disk", disk, "--synthetic-memory", "4 MiB"]
                    : [command, "-m", manifest, "--disk", disk, "-o", Path.Combine(files.Folder, "out.bin")];
                var (code, text, error) = SpecialFiles.WithinSeconds(30, () => CliRun.Invoke(arguments), $"{command} --disk {disk}");
                Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
                StringAssert.Contains(error, $"--disk: {disk} {kind}, not an image file or a block device");
            }
        }

        Assert.IsFalse(File.Exists(files.Disk()), "a refused command created the manifest's disk image");
    }

    [TestMethod]
    public void A_fifo_named_as_a_disk_image_in_the_manifest_is_refused_at_its_line()
    {
        using var files = new StackFiles("manifest-disk-fifo");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB);
        SpecialFiles.Fifo(files.Disk());
        var (code, text, error) = SpecialFiles.WithinSeconds(30, () => CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "4 MiB"), "dump onto a FIFO image");
        Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
        StringAssert.StartsWith(error, manifest + ":");
        StringAssert.Contains(error, "is a pipe or FIFO, not an image file or a block device");
    }

    [TestMethod]
    public void A_fifo_or_a_character_device_as_verify_s_dump_file_or_memory_is_refused_by_name()
    {
        using var files = new StackFiles("verify-fifo");
        string fifo = SpecialFiles.Fifo(Path.Combine(files.Folder, "dump.fifo"));
        foreach (var (dump, kind) in new[] { (fifo, "is a pipe or FIFO"), ("/dev/zero", "is a character device") })
        {
            var (code, text, error) = SpecialFiles.WithinSeconds(30, () => CliRun.Invoke("verify", dump), $"verify {dump}");
            Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
            StringAssert.Contains(error, $"the dump {dump} {kind}, not a regular dump file");
        }

        string regular = Path.Combine(files.Folder, "MEMORY.DMP");
        File.WriteAllBytes(regular, new byte[8192]);
        var memory = SpecialFiles.WithinSeconds(30, () => CliRun.Invoke("verify", regular, "--memory", fifo), "verify --memory FIFO");
        Assert.AreEqual(ExitCodes.InvalidInput, memory.ExitCode, memory.Output + memory.Error);
        StringAssert.Contains(memory.Error, $"--memory: memory image {fifo} is a pipe or FIFO");
    }

    [TestMethod]
    public void An_image_path_with_a_nul_character_is_a_manifest_error_at_its_line()
    {
        using var files = new StackFiles("nul-image");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB);
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("image: disk.img", "image: \"disk\\0.img\"", StringComparison.Ordinal));
        foreach (string[] arguments in new[] { new[] { "dump", "-m", manifest, "--synthetic-memory", "4 MiB" }, ["validate", manifest] })
        {
            var (code, text, error) = CliRun.Invoke(arguments);
            Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
            StringAssert.Matches(error, new System.Text.RegularExpressions.Regex(@":\d+:\d+: 'image' must be a file path, and a path cannot contain a NUL character"));
        }

        Assert.AreEqual(1, Directory.GetFiles(files.Folder).Length, "only the manifest may be in the folder");
    }
}
