using System.Diagnostics;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Robustness;

/// <summary>
/// <c>read -o</c> and <c>extract -o</c> write only to a new or regular file (or standard output with <c>-o -</c>),
/// through a <c>.partial</c> file renamed over the output once complete: a device node, a FIFO, the manifest or a
/// disk of the stack is refused with exit 2 and left as it was, and a full disk leaves no <c>.partial</c> behind.
/// </summary>
[TestClass]
public sealed class OutputTargetTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    [DataRow("read")]
    [DataRow("extract")]
    public void A_device_node_or_a_fifo_as_output_is_refused_and_left_alone(string command)
    {
        using var files = new StackFiles("output-node-" + command);
        string manifest = DumpSmallCrashDump(files);
        string fifo = SpecialFiles.Fifo(Path.Combine(files.Folder, "out.fifo"));
        foreach (var (output, kind) in new[] { ("/dev/null", "is a character device"), (fifo, "is a pipe or FIFO") })
        {
            var (code, text, error) = SpecialFiles.WithinSeconds(30, () => CliRun.Invoke(command, "-m", manifest, "-o", output), $"{command} -o {output}");
            Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
            StringAssert.Contains(error, $"--output: {output} {kind}; read and extract write only to a new or regular file (or - for standard output)");
            Assert.IsFalse(File.Exists(output + ".partial"), "a refused output left a partial file");
        }

        Assert.AreEqual(Hardware.BlockDevices.FileNodeKind.CharacterDevice, Hardware.BlockDevices.FileNode.Inspect("/dev/null").Kind);
        Assert.AreEqual(Hardware.BlockDevices.FileNodeKind.Fifo, Hardware.BlockDevices.FileNode.Inspect(fifo).Kind);
    }

    [TestMethod]
    [DataRow("read")]
    [DataRow("extract")]
    public void The_manifest_or_a_disk_of_the_stack_as_output_is_refused_and_unchanged(string command)
    {
        using var files = new StackFiles("output-input-" + command);
        string manifest = DumpSmallCrashDump(files);
        string manifestText = File.ReadAllText(manifest);
        long diskLength = new FileInfo(files.Disk()).Length;

        // Also through another name for the same file: a hard link.
        string alias = Path.Combine(files.Folder, "alias.yaml");
        SpecialFiles.Run("ln", manifest, alias);
        foreach (var (output, what) in new[] { (manifest, "the manifest"), (alias, "the manifest"), (files.Disk(), "a disk of the stack") })
        {
            var (code, text, error) = CliRun.Invoke(command, "-m", manifest, "-o", output);
            Assert.AreEqual(ExitCodes.InvalidInput, code, text + error);
            StringAssert.Contains(error, $"--output: {output} is {what}");
        }

        Assert.AreEqual(manifestText, File.ReadAllText(manifest));
        Assert.AreEqual(diskLength, new FileInfo(files.Disk()).Length);
    }

    [TestMethod]
    public void An_existing_regular_output_is_replaced_whole_and_no_partial_file_remains()
    {
        using var files = new StackFiles("output-replace");
        string manifest = DumpSmallCrashDump(files);
        string output = Path.Combine(files.Folder, "MEMORY.DMP");
        File.WriteAllText(output, "an older file");
        File.WriteAllText(output + ".partial", "a leftover from a killed run");
        var (code, text, error) = CliRun.Invoke("extract", "-m", manifest, "-o", output);
        Assert.AreEqual(ExitCodes.Success, code, text + error);
        Assert.IsFalse(File.Exists(output + ".partial"));
        Assert.AreEqual(ExitCodes.Success, CliRun.Invoke("verify", output, "--synthetic-memory", "4 MiB").ExitCode);
    }

    [TestMethod]
    public void A_full_disk_fails_the_extract_and_removes_its_partial_file()
    {
        using var files = new StackFiles("output-enospc");
        string manifest = DumpSmallCrashDump(files);
        string small = Path.Combine(files.Folder, "small");
        Directory.CreateDirectory(small);
        if (!TryRun("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small))
        {
            Assert.Inconclusive("mounting a 1 MiB tmpfs needs root; the full-disk case is not exercised here");
        }

        try
        {
            string output = Path.Combine(small, "MEMORY.DMP");
            var (code, text, error) = CliRun.Invoke("extract", "-m", manifest, "-o", output);
            Assert.AreEqual(ExitCodes.OperationFailed, code, text + error);
            StringAssert.Contains(error, "extract FAILED:");
            Assert.IsFalse(error.Contains("   at ", StringComparison.Ordinal), error);
            Assert.AreEqual(0, Directory.GetFileSystemEntries(small).Length, "the failed extract left " + string.Join(", ", Directory.GetFileSystemEntries(small)));
        }
        finally
        {
            TryRun("umount", small);
        }
    }

    private static bool TryRun(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    internal static string DumpSmallCrashDump(StackFiles files)
    {
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 32 * MiB);
        var (code, text, error) = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "4 MiB");
        Assert.AreEqual(ExitCodes.Success, code, text + error);
        return manifest;
    }
}
