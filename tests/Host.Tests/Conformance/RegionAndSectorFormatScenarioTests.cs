using DumpFramework.Host.Conformance;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Conformance;

/// <summary>The region-past-2-TiB and sector-format scenarios on the built-in stacks that can run them.</summary>
[TestClass]
public sealed class RegionAndSectorFormatScenarioTests
{
    [TestMethod]
    [DataRow("lsi-sas")]
    [DataRow("lsi-sas-fve")]
    [DataRow("pvscsi")]
    [DataRow("atapi")]
    public void A_stack_whose_controller_carries_16_byte_cdbs_passes_region_beyond_2tib(string stack)
    {
        var outcome = ConformanceSupport.Run(TestPaths.Stack(stack), null, "region-beyond-2tib").Single();
        Assert.AreEqual(ScenarioResult.Pass, outcome.Result, outcome.Detail);
    }

    [TestMethod]
    public void On_the_bt958_region_beyond_2tib_is_not_applicable_and_says_why()
    {
        var outcome = ConformanceSupport.Run(TestPaths.Stack("vmscsi"), null, "region-beyond-2tib").Single();
        Assert.AreEqual(ScenarioResult.NotApplicable, outcome.Result);
        StringAssert.Contains(outcome.Detail, "16-byte CDBs");
        StringAssert.Contains(outcome.Detail, "buslogic-bt958");
    }

    [TestMethod]
    public void A_miniport_that_truncates_lbas_to_32_bits_fails_region_beyond_2tib_naming_write_10()
    {
        // Its dump reads back identical through the same truncation: only the aliased sectors give it away.
        using var files = new StackFiles("planted-truncate-lba");
        string manifest = files.Manifest("diskdump", "{name: plantedsas, settings: {bug: truncate-lba}}", "lsi-sas1068", 64L << 20, 1L << 20, 48L << 20);
        var outcomes = ConformanceSupport.Run(manifest, TestPaths.PluginsWithTestDrivers, "clean-full-dump", "region-beyond-2tib");

        Assert.AreEqual(ScenarioResult.Pass, outcomes[0].Result, outcomes[0].Detail);
        Assert.AreEqual(ScenarioResult.Fail, outcomes[1].Result, outcomes[1].Detail);
        StringAssert.Contains(outcomes[1].Detail, "truncated to 32 bits: WRITE (10) was used past 2 TiB instead of WRITE (16)");
    }

    [TestMethod]
    [DataRow("4kn-disk")]
    [DataRow("512e-disk")]
    public void The_fve_stack_passes_the_sector_format_scenarios(string scenario)
    {
        var outcome = ConformanceSupport.Run(TestPaths.Stack("lsi-sas-fve"), null, scenario).Single();
        Assert.AreEqual(ScenarioResult.Pass, outcome.Result, outcome.Detail);
    }
}
