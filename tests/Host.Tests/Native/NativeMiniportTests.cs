using System.Security.Cryptography;
using System.Text;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Native;

/// <summary>
/// Native (C) miniports built by CMake (Native/) and run through the real host: the C LSI sample dumps byte-identical
/// to the managed LSI_SAS stack; a library goes through the pinning rule; and a miniport that dereferences NULL, loops
/// forever, relies on a routine dump mode refuses, or touches its registers directly fails the dump with the cause,
/// exit 1, while the host goes on (the next dump in the same process succeeds).
/// </summary>
[TestClass]
public sealed class NativeMiniportTests
{
    private const long MiB = 1 << 20;

    private static string Library(string name) => Path.Combine(AppContext.BaseDirectory, "native", "lib" + name + ".so");

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string NativeEntry(string library, string name, string links = "storport", string extra = "") =>
        $"{{native: {Library(library)}, name: {name}, links: {links}, sha256: {Sha256(Library(library))}{extra}}}";

    [TestMethod]
    [DataRow("lsisas", "storport")]
    [DataRow("lsisas_scsiport", "scsiport")]
    public void The_C_lsi_sample_dumps_byte_identical_to_the_managed_LSI_SAS_stack(string library, string links)
    {
        using var native = new StackFiles("native-lsi");
        using var managed = new StackFiles("managed-lsi");
        string nativeManifest = native.Manifest("diskdump", NativeEntry(library, "lsisas", links), "lsi-sas1068", 64 * MiB, MiB, 48 * MiB);
        string managedManifest = managed.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 48 * MiB);

        var (code, output, error) = CliRun.Invoke("dump", "-m", nativeManifest, "--synthetic-memory", "32MiB", "--seed", "7");
        Assert.AreEqual(0, code, output + error);
        StringAssert.Contains(output, $"dump_{links} -> dump_lsisas -> LSI SAS1068");
        (code, output, error) = CliRun.Invoke("dump", "-m", managedManifest, "--synthetic-memory", "32MiB", "--seed", "7");
        Assert.AreEqual(0, code, output + error);

        AssertSameDumpButItsTime(managed.Disk(), native.Disk());
    }

    [TestMethod]
    public void The_C_piix_sample_dumps_byte_identical_to_the_managed_atapi_stack()
    {
        // A ScsiPort miniport driving the PIIX IDE channel through diskdump, as atapi.sys did before ataport; the
        // managed atapi channel miniport under dumpata writes the same disk.
        using var native = new StackFiles("native-piix");
        using var managed = new StackFiles("managed-atapi");
        string nativeManifest = native.Manifest("diskdump", NativeEntry("piix", "piix", "scsiport"), "piix-ide", 64 * MiB, MiB, 48 * MiB);
        string managedManifest = managed.Manifest("dumpata", "{name: atapi, settings: {transfer_mode: dma, lba48: \"true\"}}", "piix-ide", 64 * MiB, MiB, 48 * MiB);

        var (code, output, error) = CliRun.Invoke("dump", "-m", nativeManifest, "--synthetic-memory", "32MiB", "--seed", "11");
        Assert.AreEqual(0, code, output + error);
        StringAssert.Contains(output, "dump_scsiport -> dump_piix -> Intel PIIX3 IDE");
        (code, output, error) = CliRun.Invoke("dump", "-m", managedManifest, "--synthetic-memory", "32MiB", "--seed", "11");
        Assert.AreEqual(0, code, output + error);

        AssertSameDumpButItsTime(managed.Disk(), native.Disk());
    }

    /// <summary>Both disks hold a valid dump at 1 MiB and are equal but for the header's SystemTime (DUMP_HEADER64 at
    /// 0xFA8), the moment each dump was taken.</summary>
    private static void AssertSameDumpButItsTime(string managedDisk, string nativeDisk)
    {
        byte[] expected = File.ReadAllBytes(managedDisk);
        byte[] actual = File.ReadAllBytes(nativeDisk);
        const int SystemTime = (int)MiB + 0xFA8;
        expected.AsSpan(SystemTime, 8).Clear();
        actual.AsSpan(SystemTime, 8).Clear();
        Assert.AreEqual("PAGEDU64", Encoding.ASCII.GetString(actual, (int)MiB, 8), "the native dump's header is not valid");
        CollectionAssert.AreEqual(expected, actual, "the two disks differ");
    }

    [TestMethod]
    public void Show_names_the_native_miniport_as_dump_name_with_its_link_and_library()
    {
        using var files = new StackFiles("native-show");
        string manifest = files.Manifest("diskdump", NativeEntry("lsisas", "lsisas"), "lsi-sas1068", 16 * MiB, MiB, 8 * MiB);
        var (code, output, error) = CliRun.Invoke("show", manifest);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "dump_lsisas");
        StringAssert.Contains(output, "native liblsisas.so");
        StringAssert.Contains(output, "links storport, isolated in a supervised process");
    }

    [TestMethod]
    public void An_unpinned_library_is_refused_unless_allowed_and_a_changed_one_always()
    {
        using var files = new StackFiles("native-pin");
        string unpinned = files.Manifest("diskdump", $"{{native: {Library("lsisas")}, name: lsisas, links: storport}}", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB);
        var (code, _, error) = CliRun.Invoke("show", unpinned);
        Assert.AreEqual(3, code, error);
        StringAssert.Contains(error, "not pinned");
        StringAssert.Contains(error, "sha256: " + Sha256(Library("lsisas")));
        (code, _, error) = CliRun.Invoke("--allow-unpinned", "show", unpinned);
        Assert.AreEqual(0, code, error);

        string changed = files.Manifest("diskdump", $"{{native: {Library("lsisas")}, name: lsisas, links: storport, sha256: {new string('0', 64)}}}", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB);
        (code, _, error) = CliRun.Invoke("--allow-unpinned", "show", changed);
        Assert.AreEqual(3, code, error);
        StringAssert.Contains(error, "none of its code was run");
    }

    [TestMethod]
    public void A_null_dereference_in_HwStartIo_fails_the_dump_with_the_signal_and_the_routine() =>
        AssertFails("null_dereference", "dump_faulty crashed: SIGSEGV at 0x0 (FaultyStartIo+", "while in HwStartIo");

    [TestMethod]
    public void An_infinite_loop_in_HwStartIo_is_ended_by_the_watchdog() =>
        AssertFails("infinite_loop", "dump_faulty hung: HwStartIo did not return within 2 s", "watchdog");

    [TestMethod]
    public void A_routine_dump_mode_refuses_fails_as_there_and_the_failure_names_the_call() =>
        AssertFails("refused_routine", "HwFindAdapter returned SP_RETURN_ERROR", "after dump_faulty called StorPortAllocatePool");

    [TestMethod]
    public void A_direct_register_dereference_is_caught_and_reported_as_such() =>
        AssertFails("direct_register", "dump_faulty crashed: SIGSEGV at 0x", "a direct dereference of the device base of access range 0x0 at offset 0x30", "while in HwInitialize");

    private static void AssertFails(string fault, params string[] expected)
    {
        using var files = new StackFiles("native-" + fault);
        string manifest = files.Manifest("diskdump", NativeEntry("faulty_" + fault, "faulty", extra: ", watchdog: 2"), "lsi-sas1068", 64 * MiB, MiB, 48 * MiB);
        var (code, output, error) = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "16MiB");
        Assert.AreEqual(1, code, output + error);
        string failure = error.Split('\n').FirstOrDefault(l => l.StartsWith("dump FAILED: ", StringComparison.Ordinal)) ?? string.Empty;
        foreach (string part in expected)
        {
            StringAssert.Contains(failure, part, error);
        }

        // The disk never holds a valid dump: no header signature where the dump begins.
        using (var disk = File.OpenRead(files.Disk()))
        {
            var signature = new byte[8];
            disk.Position = MiB;
            disk.ReadExactly(signature);
            Assert.AreNotEqual("PAGEDU64", Encoding.ASCII.GetString(signature));
        }

        // The host goes on: the next dump in this same process, through the C sample, succeeds.
        using var next = new StackFiles("native-after-" + fault);
        string good = next.Manifest("diskdump", NativeEntry("lsisas", "lsisas"), "lsi-sas1068", 64 * MiB, MiB, 48 * MiB);
        (code, output, error) = CliRun.Invoke("dump", "-m", good, "--synthetic-memory", "16MiB");
        Assert.AreEqual(0, code, output + error);
    }
}
