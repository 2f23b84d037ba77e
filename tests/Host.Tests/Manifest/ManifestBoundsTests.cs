using System.Diagnostics;
using System.Globalization;
using System.Text;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Manifest;

/// <summary>
/// Manifests a hostile user writes (issue 13's reproducers): each is refused with exit 2 and a <c>file:line:col</c>
/// message, never a stack trace, a hang or an exhausted memory; and a block map of 150,000 extents is checked by a
/// sort and one sweep.
/// </summary>
[TestClass]
public sealed class ManifestBoundsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("      image: disk.img", "      image: \"a\\0b\"", 8, 14, "'image' must be a file path, and a path cannot contain a NUL character")]
    [DataRow("port: diskdump", "port: {name: diskdump, settings: {[a, b]: 1}}", 2, 35, "a key in 'settings' must be a name, not a list")]
    [DataRow("port: diskdump", "port: {name: diskdump, settings: {{a: 1}: 1}}", 2, 35, "a key in 'settings' must be a name, not a mapping")]
    [DataRow("port: diskdump", "port: diskdump\n[a]: 1", 3, 1, "a key in the manifest must be a name, not a list")]
    [DataRow("  offset: 1 MiB", "  : 1 MiB", 11, 3, "the keys and values of the mapping that starts here do not pair up")]
    [DataRow("      size: 64 MiB", "      size: 9 TiB", 9, 13, "'size' of an image to create must be at most 8 TiB")]
    public void A_hostile_value_is_refused_at_its_position(string find, string replace, int line, int column, string message)
    {
        string path = Write(ManifestErrorTests.Valid.Replace("\r\n", "\n", StringComparison.Ordinal).Replace(find, replace, StringComparison.Ordinal));
        AssertRefused(path, $"{path}:{line}:{column}: ", message);
    }

    [TestMethod]
    [DataRow("[", "]")]
    [DataRow("{a: ", "}")]
    public void Yaml_nested_100000_deep_is_refused_at_the_level_past_the_bound(string open, string close)
    {
        // The root mapping is the first level, so the 64th bracket opens the 65th.
        string text = "stack: " + string.Concat(Enumerable.Repeat(open, 100_000)) + "t" + string.Concat(Enumerable.Repeat(close, 100_000));
        string path = Write(text);
        int column = "stack: ".Length + ((BoundedYamlParser.MaxDepth - 1) * open.Length) + 1;
        AssertRefused(path, $"{path}:1:{column}: ", $"lists and mappings nest more than {BoundedYamlParser.MaxDepth} deep here");
    }

    [TestMethod]
    public void Block_style_nesting_is_bounded_too()
    {
        var text = new StringBuilder("stack:\n");
        for (int level = 1; level <= 100; level++)
        {
            text.Append(' ', level).Append("k:\n");
        }

        string path = Write(text.ToString());
        AssertRefused(path, $"{path}:", $"nest more than {BoundedYamlParser.MaxDepth} deep");
    }

    [TestMethod]
    public void A_manifest_past_the_size_bound_is_refused_before_it_is_parsed()
    {
        string path = Write(string.Empty);
        using (var file = File.OpenWrite(path))
        {
            file.SetLength(ManifestFile.MaxBytes + 1L);
        }

        AssertRefused(path, $"{path}:1:1: ", "the manifest is larger than 8 MiB");
    }

    [TestMethod]
    public void A_manifest_of_more_values_than_the_bound_is_refused_where_the_bound_is_crossed()
    {
        // Short scalars: a million values fit in a few megabytes.
        string path = Write("stack: [" + string.Concat(Enumerable.Repeat("a,", BoundedYamlParser.MaxNodes)) + "a]\n");
        AssertRefused(path, $"{path}:1:", "the manifest holds more than 1,000,000 values");
    }

    [TestMethod]
    [DataRow("/dev/zero", "a character device")]
    [DataRow("/dev/null", "a character device")]
    public void A_device_as_the_manifest_is_refused_without_reading_it(string device, string kind)
    {
        Assert.IsTrue(OperatingSystem.IsLinux() && File.Exists(device), $"{device} is missing; these tests run on Linux");
        AssertRefused(device, $"{device}:1:1: ", $"the manifest path is {kind}, not a regular file");
    }

    [TestMethod]
    public void A_folder_as_the_manifest_is_refused()
    {
        string folder = Path.GetDirectoryName(Write(string.Empty))!;
        AssertRefused(folder, $"{folder}:1:1: ", "the manifest path is a directory, not a regular file");
    }

    [TestMethod]
    public void A_fifo_as_the_manifest_is_refused_without_waiting_for_a_writer()
    {
        string fifo = Path.Combine(Path.GetDirectoryName(Write(string.Empty))!, "fifo.yaml");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Assert.AreEqual(0, mkfifo.ExitCode, "mkfifo failed");
        }

        // Opening a FIFO for reading waits for a writer: run it aside, and release it if it does block.
        var validate = Task.Run(() => CliRun.Invoke("validate", fifo));
        if (!validate.Wait(TimeSpan.FromSeconds(60)))
        {
            using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            Assert.Fail("validate blocked on the FIFO until a writer opened it");
        }

        var (code, output, error) = validate.Result;
        Assert.AreEqual(ExitCodes.InvalidInput, code, output + error);
        StringAssert.StartsWith(error, $"{fifo}:1:1: the manifest path is a FIFO (named pipe), not a regular file");
    }

    [TestMethod]
    public void A_block_map_of_150000_extents_validates_and_an_overlap_among_them_is_named_at_its_line()
    {
        const int Count = 150_000;

        // Listed backwards, so the check cannot rely on file order; 4 KiB each, 4 KiB apart.
        var text = new StringBuilder(ManifestErrorTests.Valid.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("size: 64 MiB", "size: 2 GiB", StringComparison.Ordinal)
            .Replace("length: 32 MiB", "length: 1536 MiB", StringComparison.Ordinal));
        text.Append("\n  extents:\n");
        for (int index = Count - 1; index >= 0; index--)
        {
            text.Append(CultureInfo.InvariantCulture, $"    - {{offset: {(1 << 20) + (index * 8192L)}, length: 4096}}\n");
        }

        string valid = Write(text.ToString());
        var (code, output, error) = CliRun.Invoke("validate", valid, "--synthetic-memory", ManifestErrorTests.SyntheticMemory);
        Assert.AreEqual(ExitCodes.Success, code, error);
        StringAssert.Contains(output, "valid (dump_storport -> dump_LSI_SAS)");

        // One more extent, 512 bytes into the 6th one (listed 5 lines from the end).
        text.Append(CultureInfo.InvariantCulture, $"    - {{offset: {(1 << 20) + (5 * 8192) + 512}, length: 512}}\n");
        string overlapping = Write(text.ToString());
        int lastLine = text.ToString().Count(c => c == '\n');
        (code, output, error) = CliRun.Invoke("validate", overlapping, "--synthetic-memory", ManifestErrorTests.SyntheticMemory);
        Assert.AreEqual(ExitCodes.InvalidInput, code, output + error);
        StringAssert.StartsWith(error, $"{overlapping}:{lastLine}:7: extent ");
        StringAssert.Contains(error, $"overlaps another extent (1064 KiB + 4 KiB, line {lastLine - 6})");
    }

    [TestMethod]
    public void The_overlap_check_makes_n_log_n_comparisons_for_150000_extents()
    {
        const int Count = 150_000;
        var random = new Random(13);

        // Disjoint extents in shuffled order: the worst case for a check that stops at the first overlap.
        var extents = Enumerable.Range(0, Count).Select(i => ((1L << 20) + (i * 8192L), 4096L)).OrderBy(_ => random.Next()).ToList();
        var counting = new CountingComparer();
        Assert.IsNull(ExtentOverlap.Find(extents, counting));

        // Sorting costs about n log2 n comparisons and the sweep n; every pair would be n²/2 (over 11 billion).
        double bound = 3 * Count * Math.Log2(Count);
        Assert.IsLessThan((long)bound, counting.Comparisons, $"{counting.Comparisons} comparisons for {Count} extents");
        Assert.IsGreaterThanOrEqualTo(Count - 1L, counting.Comparisons, "the comparisons did not go through the comparer");
    }

    [TestMethod]
    [DataRow(new long[] { 0, 512, 512, 512 }, null, null, DisplayName = "adjacent extents do not overlap")]
    [DataRow(new long[] { 512, 512, 512, 512 }, 0, 1, DisplayName = "the same extent twice overlaps itself")]
    [DataRow(new long[] { 4096, 512, 0, 8192 }, 0, 1, DisplayName = "an extent inside another")]
    [DataRow(new long[] { 0, 1024, 8192, 512, 512, 512 }, 0, 2, DisplayName = "the earlier-listed extent is named first")]
    [DataRow(new long[] { 0, 4096, 1024, 512, 8192, 512 }, 0, 1, DisplayName = "an extent reaching past the next")]
    [DataRow(new long[] { long.MaxValue - 1024, 1024, 0, long.MaxValue - 1024 }, null, null, DisplayName = "ends near long.MaxValue do not wrap")]
    public void Overlaps_are_found_by_position(long[] pairs, int? first, int? second)
    {
        var extents = pairs.Chunk(2).Select(p => (p[0], p[1])).ToList();
        (int, int)? expected = first is null ? null : (first.Value, second!.Value);
        Assert.AreEqual(expected, ExtentOverlap.Find(extents));
    }

    private static void AssertRefused(string path, string prefix, string message)
    {
        var (code, output, error) = CliRun.Invoke("validate", path, "--synthetic-memory", ManifestErrorTests.SyntheticMemory);
        Assert.AreEqual(ExitCodes.InvalidInput, code, output + error);
        StringAssert.StartsWith(error, prefix);
        StringAssert.Contains(error, message);
        Assert.IsFalse(error.Contains("   at ", StringComparison.Ordinal), "a stack trace:\n" + error);
        Assert.AreEqual(1, error.TrimEnd('\n').Split('\n').Length, "one line, the refusal:\n" + error);
    }

    private string Write(string text)
    {
        string folder = Path.Combine(Path.GetTempPath(), "dumpstack-tests", TestContext.TestName + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "stack.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private sealed class CountingComparer : IComparer<long>
    {
        public long Comparisons { get; private set; }

        public int Compare(long x, long y)
        {
            Comparisons++;
            return x.CompareTo(y);
        }
    }
}
