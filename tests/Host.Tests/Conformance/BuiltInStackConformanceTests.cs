using DumpFramework.Host.Conformance;
using DumpFramework.Host.Tests.Scaffolding;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Conformance;

/// <summary>Every built-in stack passes every conformance scenario that applies to it.</summary>
[TestClass]
public sealed class BuiltInStackConformanceTests
{
    [TestMethod]
    [DynamicData(nameof(Stacks))]
    public void A_built_in_stack_passes_the_small_scenarios(string stack)
    {
        // A few quick scenarios in the unit tests; the whole catalogue runs under TestCategory Conformance.
        var outcomes = ConformanceSupport.Run(TestPaths.Stack(stack), null, "clean-full-dump", "selection-timeout", "power-cut-mid-dump", "request-never-completes", "medium-error-in-region");
        ConformanceSupport.AssertNoFailure(outcomes);
        Assert.AreEqual(ScenarioResult.Pass, outcomes[0].Result, outcomes[0].Detail);
    }

    [TestMethod]
    [DynamicData(nameof(Stacks))]
    public void A_built_in_stack_passes_the_port_limit_scenarios(string stack)
    {
        // The port settings exist on both ports: neither scenario may be "not applicable", and the built-in miniports
        // cope with one page per request and an uncached extension 8 bytes past a page.
        var outcomes = ConformanceSupport.Run(TestPaths.Stack(stack), null, "tiny-transfer-limits", "uncached-extension-minimum-alignment");
        Assert.HasCount(2, outcomes);
        foreach (var outcome in outcomes)
        {
            Assert.AreEqual(ScenarioResult.Pass, outcome.Result, $"{outcome.Scenario}: {outcome.Detail}");
        }
    }

    [TestMethod]
    [TestCategory("Conformance")]
    [DynamicData(nameof(Stacks))]
    public void A_built_in_stack_passes_every_applicable_scenario(string stack)
    {
        var outcomes = ConformanceSupport.Run(TestPaths.Stack(stack));
        ConformanceSupport.AssertNoFailure(outcomes);
        Assert.IsTrue(outcomes.Count(o => o.Result == ScenarioResult.Pass) >= 6, string.Join(Environment.NewLine, outcomes));
    }

    [TestMethod]
    public void A_scenario_whose_knob_the_controller_lacks_is_not_applicable_and_names_the_knob()
    {
        // piix-ide has no hang_request: the lost-request scenario does not apply to the ATA stack, and says why.
        var outcome = ConformanceSupport.Run(TestPaths.Stack("atapi"), null, "request-never-completes").Single();
        Assert.AreEqual(ScenarioResult.NotApplicable, outcome.Result);
        StringAssert.Contains(outcome.Detail, "the controller setting 'hang_request'");
        StringAssert.Contains(outcome.Detail, "piix-ide");
    }

    [TestMethod]
    public void Every_scenario_documents_its_windows_behaviour_and_pass_criterion_and_has_a_unique_name()
    {
        Assert.HasCount(ScenarioCatalogue.All.Count, ScenarioCatalogue.All.Select(s => s.Name).Distinct());
        foreach (var scenario in ScenarioCatalogue.All)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(scenario.WindowsBehaviour), scenario.Name);
            Assert.IsFalse(string.IsNullOrWhiteSpace(scenario.PassCriterion), scenario.Name);
            Assert.IsFalse(string.IsNullOrWhiteSpace(scenario.Expected), scenario.Name);
            Assert.MatchesRegex("^[a-z0-9]+(-[a-z0-9]+)*$", scenario.Name);
        }
    }

    [TestMethod]
    public void The_readme_documents_every_scenario()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot.Require(), "README.md"));
        foreach (var scenario in ScenarioCatalogue.All)
        {
            Assert.IsTrue(readme.Contains($"| `{scenario.Name}` |", StringComparison.Ordinal), $"README.md's Conformance kit table has no row for {scenario.Name}");
        }
    }

    public static IEnumerable<object[]> Stacks => ConformanceSupport.BuiltInStacks;
}
