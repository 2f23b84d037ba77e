using System.Buffers.Binary;
using System.Diagnostics;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Robustness;

/// <summary>
/// The real <c>dumpstack</c> process under what only a process meets: SIGINT/SIGTERM/SIGHUP mid-dump and mid-extract,
/// a second dump onto an image in use, and an image truncated, deleted or replaced underneath a running dump. In each
/// case the exit code is the documented one, the message says what happened, and the disk never holds a valid dump
/// that is not what was dumped. The stack is slowed (the controller answers after many polls) so there is time to act.
/// </summary>
[TestClass]
public sealed class ProcessFaultTests
{
    private const long MiB = 1 << 20;
    private const string Memory = "96 MiB";
    private const string Tenth = "Dumping physical memory to disk: 10%";

    [TestMethod]
    [DataRow("INT", 130)]
    [DataRow("TERM", 143)]
    [DataRow("HUP", 129)]
    public void A_signal_stops_the_dump_after_the_write_in_flight_and_says_no_valid_dump_is_on_the_disk(string signal, int exitCode)
    {
        using var files = new StackFiles("signal-" + signal);
        string manifest = SlowManifest(files);
        using var dump = HostProcess.Start("dump", "-m", manifest, "--synthetic-memory", Memory);
        dump.WaitForOutput(Tenth);
        dump.Signal(signal);
        Assert.AreEqual(exitCode, dump.WaitForExit(), dump.Output + dump.Error);
        StringAssert.Matches(dump.Error, new System.Text.RegularExpressions.Regex(@"dump interrupted at \d{1,2}%: the disk holds no valid dump"));
        Assert.IsFalse(dump.Error.Contains("   at ", StringComparison.Ordinal), dump.Error);
        Assert.IsFalse(HeaderIsValid(files.Disk()), "an interrupted dump left a valid header");

        var extract = CliRun.Invoke("extract", "-m", manifest, "-o", Path.Combine(files.Folder, "MEMORY.DMP"));
        Assert.AreEqual(ExitCodes.OperationFailed, extract.ExitCode, extract.Output + extract.Error);
        StringAssert.Contains(extract.Error, "no complete dump on the disk");
    }

    [TestMethod]
    [DataRow("INT", 130)]
    [DataRow("TERM", 143)]
    public void A_signal_to_a_native_dump_reaches_its_supervised_child_which_stops_and_leaves_no_valid_dump(string signal, int exitCode)
    {
        // The signal goes to the process the user started (the supervisor) alone, as kill or a service manager sends it.
        using var files = new StackFiles("native-signal-" + signal);
        string library = Path.Combine(AppContext.BaseDirectory, "native", "liblsisas.so");
        string sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(library)));
        string manifest = SlowManifest(files, $"{{native: {library}, name: lsisas, links: storport, sha256: {sha256}}}");
        using var dump = HostProcess.Start("dump", "-m", manifest, "--synthetic-memory", Memory);
        dump.WaitForOutput(Tenth);
        dump.Signal(signal);
        Assert.AreEqual(exitCode, dump.WaitForExit(), dump.Output + dump.Error);
        StringAssert.Matches(dump.Error, new System.Text.RegularExpressions.Regex(@"dump interrupted at \d{1,2}%: the disk holds no valid dump"));
        Assert.IsFalse(dump.Error.Contains("crashed", StringComparison.Ordinal), dump.Error);
        Assert.IsFalse(HeaderIsValid(files.Disk()), "an interrupted native dump left a valid header");
    }

    [TestMethod]
    public void A_signal_during_extract_removes_the_partial_file_and_writes_no_output()
    {
        using var files = new StackFiles("signal-extract");
        string manifest = SlowManifest(files);
        var dump = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", Memory);
        Assert.AreEqual(ExitCodes.Success, dump.ExitCode, dump.Error);
        string output = Path.Combine(files.Folder, "MEMORY.DMP");
        using var extract = HostProcess.Start("extract", "-m", manifest, "-o", output);
        extract.WaitForOutput("Extracting dump: 10%");
        extract.Signal("INT");
        Assert.AreEqual(130, extract.WaitForExit(), extract.Output + extract.Error);
        StringAssert.Contains(extract.Error, "extract interrupted by SIGINT: nothing was written");
        Assert.IsFalse(File.Exists(output), "an interrupted extract wrote its output");
        Assert.IsFalse(File.Exists(output + ".partial"), "an interrupted extract left its .partial file");
    }

    [TestMethod]
    public void A_second_dump_onto_an_image_in_use_is_refused_naming_the_holder_and_the_first_stays_valid()
    {
        using var files = new StackFiles("two-writers");
        string manifest = SlowManifest(files);
        using var first = HostProcess.Start("dump", "-m", manifest, "--synthetic-memory", Memory, "--seed", "7");
        first.WaitForOutput(Tenth);
        var second = HostProcess.Run(60, "dump", "-m", manifest, "--synthetic-memory", "8 MiB", "--seed", "8");
        Assert.AreEqual(ExitCodes.OperationFailed, second.ExitCode, second.Output + second.Error);
        StringAssert.Contains(second.Error, $"is in use: locked by PID {first.Id} (dumpstack)");
        Assert.IsFalse(second.Output.Contains("Dumping physical memory", StringComparison.Ordinal), "the refused dump wrote:\n" + second.Output);

        Assert.AreEqual(ExitCodes.Success, first.WaitForExit(), first.Output + first.Error);
        string output = Path.Combine(files.Folder, "MEMORY.DMP");
        Assert.AreEqual(ExitCodes.Success, CliRun.Invoke("extract", "-m", manifest, "-o", output).ExitCode);
        var verify = CliRun.Invoke("verify", output, "--synthetic-memory", Memory, "--seed", "7");
        Assert.AreEqual(ExitCodes.Success, verify.ExitCode, verify.Output + verify.Error);
    }

    [TestMethod]
    public void An_image_truncated_mid_dump_fails_the_dump_and_its_header_never_becomes_valid()
    {
        using var files = new StackFiles("truncated");
        string manifest = SlowManifest(files);
        using var dump = HostProcess.Start("dump", "-m", manifest, "--synthetic-memory", Memory);
        dump.WaitForOutput(Tenth);
        // truncate(1) takes no lock: someone else's tool shrinking the image under the running dump.
        SpecialFiles.Run("truncate", "-s", "32M", files.Disk());

        Assert.AreEqual(ExitCodes.OperationFailed, dump.WaitForExit(), dump.Output + dump.Error);
        StringAssert.Contains(dump.Error, "changed size during the dump");
        Assert.IsFalse(HeaderIsValid(files.Disk()), "the truncated image's header reads valid");
        Assert.AreNotEqual(ExitCodes.Success, CliRun.Invoke("extract", "-m", manifest, "-o", Path.Combine(files.Folder, "MEMORY.DMP")).ExitCode);
    }

    [TestMethod]
    public void An_image_deleted_mid_dump_fails_the_dump()
    {
        using var files = new StackFiles("deleted");
        string manifest = SlowManifest(files);
        using var dump = HostProcess.Start("dump", "-m", manifest, "--synthetic-memory", Memory);
        dump.WaitForOutput(Tenth);
        File.Delete(files.Disk());
        Assert.AreEqual(ExitCodes.OperationFailed, dump.WaitForExit(), dump.Output + dump.Error);
        StringAssert.Contains(dump.Error, "was deleted during the dump");
        Assert.IsFalse(File.Exists(files.Disk()), "the dump re-created the deleted image");
    }

    [TestMethod]
    public void An_image_replaced_mid_dump_fails_the_dump_and_the_new_file_is_untouched()
    {
        using var files = new StackFiles("replaced");
        string manifest = SlowManifest(files);
        string other = Path.Combine(files.Folder, "other.img");
        var content = new byte[64 * 1024];
        Random.Shared.NextBytes(content);
        File.WriteAllBytes(other, content);
        using var dump = HostProcess.Start("dump", "-m", manifest, "--synthetic-memory", Memory);
        dump.WaitForOutput(Tenth);
        File.Move(other, files.Disk(), overwrite: true);
        Assert.AreEqual(ExitCodes.OperationFailed, dump.WaitForExit(), dump.Output + dump.Error);
        StringAssert.Contains(dump.Error, "was replaced by another file during the dump");
        CollectionAssert.AreEqual(content, File.ReadAllBytes(files.Disk()));
    }

    [TestMethod]
    public void Extract_to_standard_output_gives_the_same_bytes_as_extract_to_a_file()
    {
        using var files = new StackFiles("stdout");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 32 * MiB);
        Assert.AreEqual(ExitCodes.Success, CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "4 MiB").ExitCode);
        string file = Path.Combine(files.Folder, "MEMORY.DMP");
        Assert.AreEqual(ExitCodes.Success, CliRun.Invoke("extract", "-m", manifest, "-o", file).ExitCode);

        var start = new ProcessStartInfo(HostProcess.Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "extract", "-m", manifest, "-o", "-" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var bytes = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(bytes);
        Assert.IsTrue(process.WaitForExit(60_000));
        Assert.AreEqual(ExitCodes.Success, process.ExitCode, error.Result);
        StringAssert.Contains(error.Result, "extracted ");
        CollectionAssert.AreEqual(File.ReadAllBytes(file), bytes.ToArray());
    }

    [TestMethod]
    public void The_default_dump_reuses_one_per_user_folder()
    {
        string Manifest(string text)
        {
            const string Hint = "extract it as SMSS would: dumpstack extract -m ";
            return text.Split('\n').Single(l => l.StartsWith(Hint, StringComparison.Ordinal))[Hint.Length..].Replace(" -o MEMORY.DMP", string.Empty, StringComparison.Ordinal).Trim();
        }

        var first = CliRun.Invoke("dump", "--synthetic-memory", "8 MiB");
        Assert.AreEqual(ExitCodes.Success, first.ExitCode, first.Error);
        var second = CliRun.Invoke("dump", "--synthetic-memory", "8 MiB", "--seed", "2");
        Assert.AreEqual(ExitCodes.Success, second.ExitCode, second.Error);
        Assert.AreEqual(Manifest(first.Output), Manifest(second.Output));
        string folder = Path.GetDirectoryName(Manifest(first.Output))!;
        Assert.AreEqual(BuiltInStack.Folder, folder);
        CollectionAssert.AreEquivalent(
            new[] { "lsi-sas.yaml", Path.Combine("disks", "lsi-sas.img") },
            Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).ToArray());
    }

    // ValidDump of the header at the start of the dump region (1 MiB): 'DU64' only once a dump completed.
    private static bool HeaderIsValid(string image)
    {
        if (!File.Exists(image))
        {
            return false;
        }

        using var file = new FileStream(image, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (file.Length < MiB + 8)
        {
            return false;
        }

        var header = new byte[8];
        file.Position = MiB;
        file.ReadExactly(header);
        return BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)) == 0x34365544;
    }

    // A controller that answers only after 20 ms, polled every microsecond: a dump takes seconds, long enough to act mid-dump.
    private static string SlowManifest(StackFiles files, string miniport = "LSI_SAS")
    {
        string path = Path.Combine(files.Folder, "slow.yaml");
        File.WriteAllText(path, $$$"""
            stack: slow
            port: {name: diskdump, settings: {poll_interval_microseconds: "1"}}
            miniport: {{{miniport}}}
            hardware:
              controller: {model: lsi-sas1068, settings: {completion_latency: 20000}}
            # a 1 µs poll interval: the port polls the 20 ms completions thousands of times each
              disks:
                - {target: 0, image: disk.img, size: 256 MiB, sector_size: 512}
            dump:
              offset: 1 MiB
              length: 200 MiB
            """);
        return path;
    }
}
