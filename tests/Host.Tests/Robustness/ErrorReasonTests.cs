using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Robustness;

/// <summary>A failure keeps its reason: what the failing driver logged reaches the terminal, not only its NTSTATUS.</summary>
[TestClass]
public sealed class ErrorReasonTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    [DataRow("dump")]
    [DataRow("validate")]
    public void A_filter_that_fails_to_initialize_is_reported_with_its_own_log_line(string command)
    {
        using var files = new StackFiles("filter-reason-" + command);
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB, filters: "filters: [{name: failinit, settings: {critical: \"true\"}}]");
        string[] arguments = command == "dump" ? ["dump", "-m", manifest, "--synthetic-memory", "4 MiB"] : ["validate", manifest, "--synthetic-memory", "4 MiB"];
        var (code, text, error) = CliRun.InvokeWith(TestPaths.PluginsWithTestDrivers, arguments);
        Assert.AreEqual(ExitCodes.OperationFailed, code, text + error);
        StringAssert.Contains(error, "dump_failinit: initialization failed with 0xC0000001: the test filter refuses to start;");
        Assert.IsFalse(File.Exists(files.Disk()), "a stack that failed to initialize created its disk image");
    }
}
