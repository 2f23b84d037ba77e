using System.Reflection;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Manifest;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Cli;

/// <summary>
/// The dump plan: whatever <c>dump</c> refuses as invalid input it refuses before a disk image is created or opened
/// (exit 2 leaves no new file), and <c>validate</c> builds the same plan, so the two agree on every manifest.
/// </summary>
[TestClass]
public sealed class DumpPlanTests
{
    private const string LimeToken = "{lime}";
    private const string FolderToken = "{folder}";
    private static readonly string LongComment = new('c', 128);

    public TestContext TestContext { get; set; } = null!;

    /// <summary>Refusals only the plan can tell (they need the format, the header fields or the memory): an edit of the
    /// corpus' valid manifest, extra arguments, and what the error says.</summary>
    public static IEnumerable<object[]> PlanRefusals =>
    [
        ["  length: 32 MiB", "  length: 32 MiB", new[] { "--omit-zero-pages" }, "only a bitmap dump can leave pages out; this dump is full"],
        ["  length: 32 MiB", "  length: 32 MiB\n  format: full\n  omit_zero_pages: true", Array.Empty<string>(), "'omit_zero_pages' needs a bitmap dump; this dump is full"],
        ["  length: 32 MiB", "  length: 32 MiB\n  header: {processors: 0}", Array.Empty<string>(), "NumberProcessors must be at least 1"],
        ["  length: 32 MiB", $"  length: 32 MiB\n  header: {{comment: {LongComment}}}", Array.Empty<string>(), "at most 127 characters"],
        ["  length: 32 MiB", "  length: 32 MiB", new[] { "--memory", LimeToken, "--format", "full" }, "holds at most 42"],
        ["  length: 32 MiB", "  length: 4 MiB", Array.Empty<string>(), "its block map holds only"],
        ["  length: 32 MiB", "  length: 32 MiB", new[] { "--disk", FolderToken }, "is a directory, not an image file"],
    ];

    /// <summary>The manifest-error corpus (<see cref="ManifestErrorTests"/>' rows) and the plan-level refusals.</summary>
    public static IEnumerable<object[]> Corpus =>
        typeof(ManifestErrorTests).GetMethod(nameof(ManifestErrorTests.Each_mistake_is_reported_at_its_line_and_column))!
            .GetCustomAttributes<DataRowAttribute>()
            .Select(row => new object[] { (string)row.Data[0]!, (string)row.Data[1]!, Array.Empty<string>(), (string)row.Data[4]! })
            .Concat(PlanRefusals)
            .Append(["stack: t", "stack: t", Array.Empty<string>(), string.Empty]);

    [TestMethod]
    [DynamicData(nameof(PlanRefusals))]
    public void A_dump_the_plan_refuses_exits_2_and_leaves_no_new_file(string find, string replace, string[] arguments, string message)
    {
        string folder = Folder();
        string manifest = WriteManifest(folder, find, replace);
        string[] resolved = Arguments(folder, arguments);
        var before = Snapshot(folder);
        var (code, output, error) = CliRun.Invoke(["dump", "-m", manifest, .. resolved]);
        Assert.AreEqual(ExitCodes.InvalidInput, code, output + error);
        StringAssert.Contains(error, message);
        Assert.IsFalse(File.Exists(Path.Combine(folder, "disk.img")), "the missing disk image was created");
        CollectionAssert.AreEquivalent(before, Snapshot(folder), "a refused dump left a new file");
        Assert.IsFalse(output.Contains('%', StringComparison.Ordinal), "it started writing before refusing:\n" + output);
    }

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void Validate_refuses_exactly_what_dump_refuses(string find, string replace, string[] arguments, string message)
    {
        string folder = Folder();
        string manifest = WriteManifest(folder, find, replace);
        var validate = CliRun.Invoke(["validate", manifest, .. Arguments(folder, arguments)]);
        var dump = CliRun.Invoke(["dump", "-m", manifest, .. Arguments(folder, arguments)]);
        Assert.AreEqual(validate.ExitCode, dump.ExitCode, $"validate:\n{validate.Output}{validate.Error}\ndump:\n{dump.Output}{dump.Error}");
        Assert.AreEqual(validate.Error, dump.Error);
        StringAssert.Contains(dump.Error, message);
        if (message.Length == 0)
        {
            Assert.AreEqual(ExitCodes.Success, dump.ExitCode, dump.Error);
            StringAssert.Contains(validate.Output, ": valid (dump_storport -> dump_LSI_SAS)");
        }
        else
        {
            Assert.AreNotEqual(ExitCodes.Success, dump.ExitCode);
            Assert.IsFalse(File.Exists(Path.Combine(folder, "disk.img")), "a refused dump created its disk image");
        }
    }

    private string Folder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dumpstack-tests", TestContext.TestName + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string WriteManifest(string folder, string find, string replace)
    {
        string text = ManifestErrorTests.Valid.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.IsTrue(text.Contains(find, StringComparison.Ordinal), "test data does not match the base manifest");
        string path = Path.Combine(folder, "stack.yaml");
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
        return path;
    }

    // The corpus' memory unless the row names its own; a LiME capture of 50 separate ranges where it asks for one.
    private static string[] Arguments(string folder, string[] arguments)
    {
        if (arguments.Contains(LimeToken))
        {
            string lime = Path.Combine(folder, "capture.lime");
            if (!File.Exists(lime))
            {
                var ranges = Enumerable.Range(0, 50).Select(i => new PhysicalRange(((ulong)i * 0x200000) + 0x100000, 0x40000)).ToList();
                using var source = new SyntheticMemory(ranges, 12);
                LimeMemoryImage.WriteFrom(source, lime);
            }

            arguments = [.. arguments.Select(a => a == LimeToken ? lime : a)];
        }

        string[] memory = arguments.Contains("--memory") ? [] : ["--synthetic-memory", ManifestErrorTests.SyntheticMemory];
        return [.. memory, .. arguments.Select(a => a == FolderToken ? folder : a)];
    }

    private static List<string> Snapshot(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
