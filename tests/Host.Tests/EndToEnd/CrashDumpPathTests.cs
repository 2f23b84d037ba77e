using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Cli;
using DumpFramework.Host.CrashDump;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>Windows-format crash dumps written through a real stack, extracted as SMSS would, and verified strictly.</summary>
[TestClass]
public sealed class CrashDumpPathTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    [DataRow("full", false)]
    [DataRow("bitmap", false)]
    [DataRow("bitmap", true)]
    public void A_crash_dump_round_trips_through_the_stack_and_verifies_page_by_page(string format, bool omitZeroPages)
    {
        using var files = new StackFiles("crash-" + format);
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 96 * MiB, MiB, 80 * MiB);
        var (code, output, error) = CliRun.InvokeWith(TestPaths.Plugins, ["dump", "-m", manifest, "--synthetic-memory", "48 MiB", "--seed", "4", "--format", format, .. (omitZeroPages ? new[] { "--omit-zero-pages" } : [])]);
        Assert.AreEqual(ExitCodes.Success, code, error);
        StringAssert.Contains(output, format == "full" ? "complete memory dump (DumpType 1)" : "bitmap dump (DumpType 5)");

        string dump = Path.Combine(files.Folder, "MEMORY.DMP");
        Assert.AreEqual(ExitCodes.Success, CliRun.InvokeWith(TestPaths.Plugins, "extract", "-m", manifest, "-o", dump).ExitCode);
        var verify = CliRun.Invoke("verify", dump, "--synthetic-memory", "48 MiB", "--seed", "4");
        Assert.AreEqual(ExitCodes.Success, verify.ExitCode, verify.Output + verify.Error);

        using var stream = File.OpenRead(dump);
        using var memory = new SyntheticMemory(48 * MiB, 4);
        var result = CrashDumpVerifier.Verify(stream, memory.TryRead);
        Assert.IsTrue(result.IsValid, result.ToString());
        ulong allPages = (ulong)(memory.Ranges.Sum(r => (long)r.Length) / 4096);
        ulong zeroPages = (ulong)memory.Ranges.Sum(r => Enumerable.Range(0, (int)(r.Length / 4096)).Count(p => memory.IsGeneratedZeroPage(r.BaseAddress + (ulong)p * 4096)));
        Assert.AreEqual(omitZeroPages ? allPages - zeroPages : allPages, result.PagesInDump);
        Assert.IsTrue(zeroPages > 0, "the synthetic memory should contain zero pages");
        Assert.AreEqual(result.PagesInDump, result.PagesCompared);
    }

    [TestMethod]
    public void A_fragmented_block_map_is_followed_on_write_and_extract()
    {
        using var files = new StackFiles("crash-extents");
        string extents = """
            extents:
                - {offset: 40 MiB, length: 9 MiB}
                - {offset: 2 MiB, length: 7 MiB}
                - {offset: 20 MiB, length: 10 MiB}
            """;
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 60 * MiB);
        string text = File.ReadAllText(manifest);
        Assert.IsTrue(text.Contains("  length: 62914560", StringComparison.Ordinal));
        File.WriteAllText(manifest, text.Replace("  length: 62914560", "  length: 62914560\n  " + extents.Replace("\n", "\n  ", StringComparison.Ordinal), StringComparison.Ordinal));
        var (code, _, error) = CliRun.InvokeWith(TestPaths.Plugins, ["dump", "-m", manifest, "--synthetic-memory", "20 MiB", "--seed", "6", "--format", "full"]);
        Assert.AreEqual(ExitCodes.Success, code, error);

        // Nothing lands between the extents: the gap 9..20 MiB stays zero.
        using (var image = File.OpenRead(files.Disk()))
        {
            var gap = new byte[11 * MiB];
            image.Position = 9 * MiB;
            image.ReadExactly(gap);
            Assert.AreEqual(-1, gap.AsSpan().IndexOfAnyExcept((byte)0));
        }

        string dump = Path.Combine(files.Folder, "MEMORY.DMP");
        Assert.AreEqual(ExitCodes.Success, CliRun.InvokeWith(TestPaths.Plugins, "extract", "-m", manifest, "-o", dump).ExitCode);
        Assert.AreEqual(ExitCodes.Success, CliRun.Invoke("verify", dump, "--synthetic-memory", "20 MiB", "--seed", "6").ExitCode);
    }

    [TestMethod]
    public void A_block_map_too_small_for_the_dump_is_refused_before_anything_is_written()
    {
        using var files = new StackFiles("crash-small");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 16 * MiB);
        var (code, output, error) = CliRun.InvokeWith(TestPaths.Plugins, ["dump", "-m", manifest, "--synthetic-memory", "20 MiB", "--seed", "6", "--format", "full"]);
        // Known before the first write, so refused by the dump's plan as invalid input: no disk image is created.
        Assert.AreEqual(ExitCodes.InvalidInput, code, output + error);
        StringAssert.Contains(error, "RequiredDumpSpace");
        Assert.IsFalse(output.Contains("dump written", StringComparison.Ordinal));
        Assert.IsFalse(File.Exists(files.Disk()), "a refused dump created its disk image");
    }

    [TestMethod]
    public void LiME_input_with_more_than_42_ranges_needs_the_bitmap_form_and_round_trips_in_it()
    {
        using var files = new StackFiles("crash-lime");
        var ranges = Enumerable.Range(0, 50).Select(i => new PhysicalRange((ulong)i * 0x200000 + 0x100000, 0x40000)).ToList();
        string lime = Path.Combine(files.Folder, "capture.lime");
        using (var source = new SyntheticMemory(ranges, 12))
        {
            LimeMemoryImage.WriteFrom(source, lime);
        }

        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 32 * MiB);
        var full = CliRun.InvokeWith(TestPaths.Plugins, ["dump", "-m", manifest, "--memory", lime, "--seed", "1", "--format", "full"]);
        Assert.AreEqual(ExitCodes.InvalidInput, full.ExitCode);
        StringAssert.Contains(full.Error, "50");
        StringAssert.Contains(full.Error, "bitmap");

        var bitmap = CliRun.InvokeWith(TestPaths.Plugins, ["dump", "-m", manifest, "--memory", lime, "--seed", "1", "--format", "bitmap"]);
        Assert.AreEqual(ExitCodes.Success, bitmap.ExitCode, bitmap.Error);
        string dump = Path.Combine(files.Folder, "MEMORY.DMP");
        Assert.AreEqual(ExitCodes.Success, CliRun.InvokeWith(TestPaths.Plugins, "extract", "-m", manifest, "-o", dump).ExitCode);
        var verify = CliRun.Invoke("verify", dump, "--memory", lime, "--seed", "1");
        Assert.AreEqual(ExitCodes.Success, verify.ExitCode, verify.Output + verify.Error);
        StringAssert.Contains(verify.Output, "pages compared 3200, mismatched 0");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(40)]
    [DataRow(82)]
    public void A_dump_cut_short_at_any_write_never_verifies_as_complete(int failAt)
    {
        using var files = new StackFiles("crash-cut");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 32 * MiB, MiB, 24 * MiB, filters: $"filters: [{{name: failwrite, settings: {{fail_at: \"{failAt}\"}}}}]");
        var dump = CliRun.InvokeWith(TestPaths.PluginsWithTestDrivers, ["dump", "-m", manifest, "--synthetic-memory", "10 MiB", "--seed", "2", "--format", "full"]);
        Assert.AreEqual(ExitCodes.OperationFailed, dump.ExitCode);
        StringAssert.Contains(dump.Error, "dump FAILED");

        // SMSS refuses it...
        string extracted = Path.Combine(files.Folder, "MEMORY.DMP");
        var extract = CliRun.InvokeWith(TestPaths.PluginsWithTestDrivers, "extract", "-m", manifest, "-o", extracted);
        Assert.AreEqual(ExitCodes.OperationFailed, extract.ExitCode);
        Assert.IsFalse(File.Exists(extracted));

        // ...and the raw region, taken as a dump file, reads as incomplete.
        string raw = Path.Combine(files.Folder, "raw.dmp");
        using (var image = File.OpenRead(files.Disk()))
        using (var copy = File.Create(raw))
        {
            image.Position = MiB;
            var region = new byte[24 * MiB];
            image.ReadExactly(region);
            copy.Write(region);
        }

        using var stream = File.OpenRead(raw);
        var result = CrashDumpVerifier.Verify(stream);
        Assert.IsFalse(result.IsValid);
    }

    [TestMethod]
    public void A_crash_dump_through_dumpfve_extracts_through_the_read_direction()
    {
        using var files = new StackFiles("crash-fve");
        File.WriteAllText(Path.Combine(files.Folder, "fvek.hex"), "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 48 * MiB, filters: "filters: [{name: dumpfve, settings: {key_file: fvek.hex, volume_offset: 1 MiB}}]");
        Assert.AreEqual(ExitCodes.Success, CliRun.InvokeWith(TestPaths.Plugins, ["dump", "-m", manifest, "--synthetic-memory", "24 MiB", "--seed", "8", "--format", "bitmap", "--omit-zero-pages"]).ExitCode);
        using (var image = File.OpenRead(files.Disk()))
        {
            var head = new byte[8];
            image.Position = MiB;
            image.ReadExactly(head);
            Assert.AreNotEqual("PAGEDU64", System.Text.Encoding.ASCII.GetString(head), "the header went out in plaintext");
        }

        string dump = Path.Combine(files.Folder, "MEMORY.DMP");
        Assert.AreEqual(ExitCodes.Success, CliRun.InvokeWith(TestPaths.Plugins, "extract", "-m", manifest, "-o", dump).ExitCode);
        var verify = CliRun.Invoke("verify", dump, "--synthetic-memory", "24 MiB", "--seed", "8");
        Assert.AreEqual(ExitCodes.Success, verify.ExitCode, verify.Output + verify.Error);
    }

    [TestMethod]
    public void Header_fields_given_on_the_command_line_land_in_the_header()
    {
        using var files = new StackFiles("crash-cli-header");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 32 * MiB, MiB, 24 * MiB, extra: "");
        var (code, _, error) = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "8MiB", "--bugcheck", "0xD1,0x1,0x2,0x3,0xfffff80012345678", "--directory-table-base", "0x1aa000");
        Assert.AreEqual(ExitCodes.Success, code, error);
        string dump = Path.Combine(files.Folder, "MEMORY.DMP");
        Assert.AreEqual(ExitCodes.Success, CliRun.Invoke("extract", "-m", manifest, "-o", dump).ExitCode);
        var header = new byte[DumpHeader64Offsets.HeaderSize];
        using (var file = File.OpenRead(dump))
        {
            file.ReadExactly(header);
        }

        Assert.AreEqual(0xD1u, BitConverter.ToUInt32(header, DumpHeader64Offsets.BugCheckCode));
        Assert.AreEqual(0x1UL, BitConverter.ToUInt64(header, DumpHeader64Offsets.BugCheckParameter1));
        Assert.AreEqual(0xfffff80012345678UL, BitConverter.ToUInt64(header, DumpHeader64Offsets.BugCheckParameter1 + 24));
        Assert.AreEqual(0x1aa000UL, BitConverter.ToUInt64(header, DumpHeader64Offsets.DirectoryTableBase));

        var omit = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "8MiB", "--omit-zero-pages");
        Assert.AreEqual(ExitCodes.InvalidInput, omit.ExitCode);
        StringAssert.Contains(omit.Error, "only a bitmap dump can leave pages out");

        var bad = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "8MiB", "--bugcheck", "D1h");
        Assert.AreEqual(ExitCodes.InvalidInput, bad.ExitCode);
        StringAssert.Contains(bad.Error, "--bugcheck");
    }
}
