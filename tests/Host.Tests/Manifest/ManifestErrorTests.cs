using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Manifest;

[TestClass]
public sealed class ManifestErrorTests
{
    /// <summary>A valid manifest the corpus edits; <see cref="SyntheticMemory"/> fits its dump region.</summary>
    public const string Valid = """
        stack: t
        port: diskdump
        miniport: LSI_SAS
        hardware:
          controller: lsi-sas1068
          disks:
            - target: 0
              image: disk.img
              size: 64 MiB
        dump:
          offset: 1 MiB
          length: 32 MiB
        """;

    // The lines of Valid that name the SCSI stack, for rows that turn it into the ATA one.
    private const string AtaStack = "port: diskdump\nminiport: LSI_SAS\nhardware:\n  controller: lsi-sas1068";

    /// <summary>The memory the corpus is validated (and, in the agreement test, dumped) with.</summary>
    public const string SyntheticMemory = "16 MiB";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void The_valid_base_manifest_validates()
    {
        var (code, output, error) = Validate(Valid);
        Assert.AreEqual(ExitCodes.Success, code, error);
        StringAssert.Contains(output, "valid (dump_storport -> dump_LSI_SAS)");
    }

    [TestMethod]
    [DataRow("port: diskdump", "port: diskdump\nbogus: 1", 3, 1, "unknown key 'bogus' in the manifest")]
    [DataRow("    - target: 0", "    - target: zero", 7, 15, "'target' must be a whole number, not 'zero'")]
    [DataRow("port: diskdump", "port: diskdump\nport: dumpata", 3, 1, "duplicate key 'port'")]
    [DataRow("miniport: LSI_SAS\n", "", 1, 1, "missing required key 'miniport' in the manifest")]
    [DataRow("miniport: LSI_SAS", "miniport: LSI_SASX", 3, 11, "unknown miniport plugin 'LSI_SASX'")]
    [DataRow("  length: 32 MiB", "  length: 32 MiB\n---\nstack: second", 14, 1, "a manifest is one YAML document")]
    [DataRow("port: diskdump", "port: {name: diskdump, settings: {retry_limt: \"3\"}}", 2, 35, "dump_diskdump: unknown setting 'retry_limt'; known: poll_interval_microseconds, retry_limit, busy_resubmit_limit, busy_delay_microseconds, not_ready_delay_microseconds")]
    [DataRow("miniport: LSI_SAS", "miniport: diskdump", 3, 11, "'diskdump' is a port, not a miniport")]
    [DataRow("      size: 64 MiB", "      size: 4 GiBs", 9, 13, "'size' must be a size such as 4096, 512 MiB or 4 GiB, not '4 GiBs'")]
    [DataRow("  length: 32 MiB", "  length: 64 MiB", 12, 11, "the dump region (1 MiB + 64 MiB) lies outside disk 0 (64 MiB)")]
    [DataRow("  offset: 1 MiB", "  offset: 1000", 11, 11, "dump 'offset' must be a multiple of the disk's block size (512)")]
    [DataRow("controller: lsi-sas1068", "controller: aha1542", 5, 15, "unknown controller model 'aha1542'")]
    [DataRow("miniport: LSI_SAS", "miniport: atapi", 3, 11, "dump_atapi links against ataport, which the port diskdump (dump_diskdump) does not export; it exports scsiport, storport")]
    [DataRow("dump:\n", "dump:\n  disk: 3\n", 11, 9, "dump disk 3 is not one of the disks under 'hardware' (targets: 0)")]
    [DataRow("stack: t", "stack: [t", 1, 8, "malformed YAML: a flow collection ([ or {) opened here is never closed")]
    [DataRow("  disks:", "   disks:", 6, 9, "found invalid mapping")]
    [DataRow("  length: 32 MiB", "  length: 32 MiB\n  extents: [{offset: 1 MiB, length: 1 MiB}, {offset: 1 MiB, length: 1 MiB}]", 13, 45, "extent 1 MiB + 1 MiB overlaps another extent")]
    [DataRow("  offset: 1 MiB\n  length: 32 MiB", "  offset: 9223372036317904896\n  length: 1 GiB", 12, 11, "the dump region (8796093021696 MiB + 1 GiB) lies outside disk 0 (64 MiB)")]
    [DataRow("controller: lsi-sas1068", "controller: {model: lsi-sas1068, settings: {completion_latancy: 5}}", 5, 23, "unknown setting 'completion_latancy' for controller lsi-sas1068 (known: completion_latency, reset_latency, hang_request)")]
    [DataRow("controller: lsi-sas1068", "controller: {model: lsi-sas1068, settings: {uncorrectable_lba: 3}}", 5, 23, "unknown setting 'uncorrectable_lba' for controller lsi-sas1068 (known: completion_latency, reset_latency, hang_request)")]
    [DataRow("controller: lsi-sas1068", "controller: {model: pvscsi, settings: {hang_request: x}}", 5, 23, "setting 'hang_request' must be a request number, not 'x'")]
    [DataRow("port: diskdump", "port: {name: diskdump, settings: {retry_limit: many}}", 2, 48, "dump_diskdump refused its configuration: dump_diskdump: setting 'retry_limit' must be a whole number from 0 to 2147483647, not 'many'")]
    [DataRow("port: diskdump", "port: {name: diskdump, settings: {RetryLimit: \"3\"}}", 2, 35, "dump_diskdump: unknown setting 'RetryLimit'")]
    [DataRow("miniport: LSI_SAS", "miniport: {name: LSI_SAS, settings: {queue_depth: 4}}", 3, 38, "dump_LSI_SAS: unknown setting 'queue_depth'; known: none")]
    [DataRow("miniport: LSI_SAS", "miniport: LSI_SAS\nfilters: [{name: dumpfve, settings: {keyfile: k.hex}}]", 4, 38, "dump_dumpfve: unknown setting 'keyfile'; known: key_file, volume_offset")]
    [DataRow("miniport: LSI_SAS", "miniport: LSI_SAS\nfilters: [dumpfve]", 4, 11, "dump_dumpfve refused its configuration: dump_dumpfve: setting 'key_file' is missing")]
    [DataRow("miniport: LSI_SAS", "miniport: LSI_SAS\nfilters: [{name: dumpfve, settings: {key_file: k.hex, volume_offset: 1000}}]", 4, 70, "dump_dumpfve: setting 'volume_offset' must be a size that is a multiple of 512 bytes")]
    [DataRow("miniport: LSI_SAS", "miniport: LSI_SAS\nfilters: [{name: dumpfve, settings: {key_file: k.hex, volume_offset: 1 MiB}}]", 4, 48, "cannot be read")]
    [DataRow("miniport: LSI_SAS", "miniport: LSI_SAS\nfilters: [{name: dumpfve, settings: {key_file: /dev/zero}}]", 4, 48, "key_file '/dev/zero' is longer than 4096 bytes")]
    [DataRow(AtaStack, "port: dumpata\nminiport: {name: atapi, settings: {transfer_mode: udma}}\nhardware:\n  controller: piix-ide", 3, 51, "dump_atapi refused its configuration: dump_atapi: setting 'transfer_mode' must be pio, pio-multiple or dma, not 'udma'")]
    [DataRow(AtaStack, "port: dumpata\nminiport: {name: atapi, settings: {lba48: maybe}}\nhardware:\n  controller: piix-ide", 3, 43, "dump_atapi: setting 'lba48' must be true or false, not 'maybe'")]
    [DataRow(AtaStack, "port: dumpata\nminiport: {name: atapi, settings: {lba_48: \"true\"}}\nhardware:\n  controller: piix-ide", 3, 36, "dump_atapi: unknown setting 'lba_48'; known: transfer_mode, lba48")]
    [DataRow("  controller: lsi-sas1068\n  disks:\n    - target: 0", "  controller: piix-ide\n  disks:\n    - target: 2", 7, 15, "an IDE channel has target 0 (master) and 1 (slave), not 2")]
    [DataRow("      size: 64 MiB", "      size: 64 MiB\n      sector_size: 1024", 10, 20, "'sector_size' must be 512 or 4096, not 1024")]
    [DataRow("      size: 64 MiB", "      size: 64 MiB\n      sector_size: 4096\n      physical_sector_size: 512", 11, 29, "'physical_sector_size' (512) cannot be smaller than 'sector_size' (4096)")]
    [DataRow("      size: 64 MiB", "      size: 64 MiB\n      block_size: 512", 10, 7, "unknown key 'block_size'")]
    [DataRow("      size: 64 MiB", "      size: 64 MiB\n      faults: [{kind: medium_error, lba: 9-3}]", 10, 42, "'lba' must be FIRST-LAST (inclusive logical block numbers, FIRST <= LAST), not '9-3'")]
    [DataRow("      size: 64 MiB", "      size: 64 MiB\n      faults: [{kind: flaky, command: 3}]", 10, 23, "'kind' must be busy, queue_full, not_ready, recovered_error, medium_error, not 'flaky'")]
    [DataRow("      size: 64 MiB", "      size: 64 MiB\n      faults: [{kind: busy}]", 10, 16, "a fault names either 'lba' or 'command'")]
    [DataRow("  controller: lsi-sas1068\n  disks:\n    - target: 0\n      image: disk.img", "  controller: piix-ide\n  disks:\n    - target: 0\n      image: disk.img\n      faults: [{kind: busy, command: 3}]", 9, 23, "fault kind 'busy' has no equivalent on a piix-ide disk (it takes: medium_error)")]
    [DataRow("  controller: lsi-sas1068", "  controller: lsi-sas1068\n  crash_state: crashed", 6, 16, "'crash_state' must be running, power_on, faulted, hung, not 'crashed'")]
    [DataRow("controller: lsi-sas1068", "controller: {model: piix-ide, settings: {uncorrectable_lba: \"1,x\"}}", 5, 23, "setting 'uncorrectable_lba' must be a comma-separated list of sector numbers, not '1,x'")]
    public void Each_mistake_is_reported_at_its_line_and_column(string find, string replace, int line, int column, string message)
    {
        string text = Valid.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.IsTrue(text.Contains(find, StringComparison.Ordinal), "test data does not match the base manifest");
        string path = Write(text.Replace(find, replace, StringComparison.Ordinal));
        var (code, output, error) = Validate(path, isPath: true);
        Assert.AreEqual(ExitCodes.InvalidInput, code, output + error);
        StringAssert.StartsWith(error, $"{path}:{line}:{column}: ");
        StringAssert.Contains(error, message);
        Assert.AreEqual(string.Empty, output);
        Assert.IsFalse(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, "disk.img")), "a rejected manifest created its disk");
    }

    [TestMethod]
    [DataRow(31, false, "31-byte key (raw)")]
    [DataRow(48, true, "48-byte key (hex)")]
    public void A_key_file_of_the_wrong_length_is_refused_by_validate_at_its_position_without_revealing_it(int length, bool asHex, string expected)
    {
        byte[] key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);
        string text = Valid.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("miniport: LSI_SAS", "miniport: LSI_SAS\nfilters: [{name: dumpfve, settings: {key_file: fvek.key}}]", StringComparison.Ordinal);
        string path = Write(text);
        string keyFile = Path.Combine(Path.GetDirectoryName(path)!, "fvek.key");
        File.WriteAllBytes(keyFile, asHex ? System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(key)) : key);

        var (code, output, error) = Validate(path, isPath: true);

        Assert.AreEqual(ExitCodes.InvalidInput, code, output + error);
        StringAssert.StartsWith(error, $"{path}:4:48: dump_dumpfve refused its configuration: dump_dumpfve: key_file '{keyFile}' holds a {expected}");
        for (int i = 0; i + 4 <= key.Length; i++)
        {
            Assert.IsFalse(error.Contains(Convert.ToHexString(key, i, 4), StringComparison.OrdinalIgnoreCase), "key material in the message");
        }
    }

    private (int, string, string) Validate(string textOrPath, bool isPath = false) =>
        CliRun.Invoke("validate", isPath ? textOrPath : Write(textOrPath), "--synthetic-memory", SyntheticMemory);

    private string Write(string text)
    {
        string folder = Path.Combine(Path.GetTempPath(), "dumpstack-tests", TestContext.TestName + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "stack.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
