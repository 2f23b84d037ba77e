using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Cli;

[TestClass]
public sealed class ShowCommandTests
{
    [TestMethod]
    [DataRow("lsi-sas", "dump_storport", "dump_LSI_SAS", "transient load dump_diskdump unloaded", "lsi-sas1068")]
    [DataRow("lsi-sas-fve", "dump_storport", "dump_LSI_SAS", "dump_dumpfve", "lsi-sas1068")]
    [DataRow("vmscsi", "dump_scsiport", "dump_vmscsi", "transient load dump_diskdump unloaded", "buslogic-bt958")]
    [DataRow("pvscsi", "dump_storport", "dump_pvscsi", "transient load dump_diskdump unloaded", "pvscsi")]
    [DataRow("atapi", "dump_ataport", "dump_atapi", "transient load dump_dumpata unloaded", "piix-ide")]
    public void Show_draws_each_sample_stack_with_dump_names(string stack, string port, string miniport, string extra, string controller)
    {
        var (code, output, error) = CliRun.Invoke("show", TestPaths.Stack(stack));
        Assert.AreEqual(ExitCodes.Success, code, error);
        string[] lines = output.Split('\n');
        int portLine = Array.FindIndex(lines, l => l.TrimStart().StartsWith(port, StringComparison.Ordinal));
        int miniportLine = Array.FindIndex(lines, l => l.TrimStart().StartsWith(miniport, StringComparison.Ordinal));
        int controllerLine = Array.FindIndex(lines, l => l.TrimStart().StartsWith(controller, StringComparison.Ordinal));
        Assert.IsTrue(portLine > 0 && miniportLine > portLine && controllerLine > miniportLine, "stack not drawn top to bottom:\n" + output);
        StringAssert.Contains(output, extra);
        StringAssert.Contains(lines[portLine], "bound as " + port);
    }

    [TestMethod]
    public void Plugins_lists_every_builtin_driver()
    {
        var (code, output, error) = CliRun.Invoke("plugins");
        Assert.AreEqual(ExitCodes.Success, code, error);
        foreach (string name in new[] { "dump_diskdump", "dump_dumpata", "dump_atapi", "dump_LSI_SAS", "dump_vmscsi", "dump_pvscsi", "dump_dumpfve" })
        {
            StringAssert.Contains(output, name);
        }

        StringAssert.Contains(output, "exports scsiport,storport");
        StringAssert.Contains(output, "links storport");
    }

    [TestMethod]
    public void Plugins_lists_each_plugins_declared_settings()
    {
        var (code, output, error) = CliRun.Invoke("plugins");
        Assert.AreEqual(ExitCodes.Success, code, error);
        StringAssert.Contains(output, "setting transfer_mode: ");
        StringAssert.Contains(output, "Values: pio (single-sector READ/WRITE SECTORS) | pio-multiple");
        StringAssert.Contains(output, "Default: dma.");
        StringAssert.Contains(output, "setting key_file: ");
        StringAssert.Contains(output, "(XTS-AES-256). Required.");
        StringAssert.Contains(output, "setting volume_offset: ");
        foreach (string key in new[] { "poll_interval_microseconds", "retry_limit", "busy_resubmit_limit", "busy_delay_microseconds", "not_ready_delay_microseconds" })
        {
            // Both dump ports declare the same five.
            Assert.AreEqual(2, output.Split('\n').Count(line => line.Contains($"setting {key}: ", StringComparison.Ordinal)), key);
        }
    }
}
