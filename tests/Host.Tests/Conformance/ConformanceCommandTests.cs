using System.Xml.Linq;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Conformance;

/// <summary><c>dumpstack conformance</c>: the table, the exit codes, JUnit XML, child processes and the random campaign.</summary>
[TestClass]
public sealed class ConformanceCommandTests
{
    [TestMethod]
    public void The_table_lists_each_scenario_with_its_result_and_the_junit_file_is_well_formed()
    {
        using var files = new StackFiles("conformance-cli");
        string junit = Path.Combine(files.Folder, "results.xml");
        var (code, output, error) = CliRun.Invoke("conformance", "-m", TestPaths.Stack("lsi-sas"), "--scenario", "clean-full-dump", "hung-controller", "--junit", junit);
        Assert.AreEqual(ExitCodes.Success, code, output + error);
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"clean-full-dump\s+pass\s+\d+\.\d"));
        StringAssert.Contains(output, "2 passed, 0 failed, 0 not applicable");

        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.AreEqual("2", (string?)suite.Attribute("tests"));
        Assert.AreEqual("0", (string?)suite.Attribute("failures"));
        var cases = suite.Elements("testcase").ToList();
        Assert.AreEqual("clean-full-dump", (string?)cases[0].Attribute("name"));
        Assert.IsNull(cases[0].Element("failure"));
        Assert.AreEqual("hung-controller", (string?)cases[1].Attribute("name"));
        Assert.IsNull(cases[1].Element("failure"));
        Assert.AreEqual("0", (string?)suite.Attribute("skipped"));
    }

    [TestMethod]
    public void An_unknown_scenario_or_a_bad_job_count_is_invalid_input()
    {
        var unknown = CliRun.Invoke("conformance", "-m", TestPaths.Stack("lsi-sas"), "--scenario", "clean-ful-dump");
        Assert.AreEqual(ExitCodes.InvalidInput, unknown.ExitCode);
        StringAssert.Contains(unknown.Error, "unknown scenario 'clean-ful-dump'");
        StringAssert.Contains(unknown.Error, "clean-full-dump");

        var jobs = CliRun.Invoke("conformance", "-m", TestPaths.Stack("lsi-sas"), "--jobs", "0");
        Assert.AreEqual(ExitCodes.InvalidInput, jobs.ExitCode);
        StringAssert.Contains(jobs.Error, "--jobs");
    }

    [TestMethod]
    public void Scenarios_run_in_child_processes_with_jobs_report_as_in_process()
    {
        string[] scenarios = ["clean-full-dump", "selection-timeout", "power-cut-mid-dump"];
        var (code, output, error) = CliRun.Invoke(["conformance", "-m", TestPaths.Stack("vmscsi"), "--jobs", "2", "--scenario", .. scenarios]);
        Assert.AreEqual(ExitCodes.Success, code, output + error);
        foreach (string scenario in scenarios)
        {
            StringAssert.Matches(output, new System.Text.RegularExpressions.Regex($@"{scenario}\s+pass"), output);
        }

        StringAssert.Contains(output, "3 passed, 0 failed");
    }

    [TestMethod]
    public void A_short_random_campaign_counts_no_host_crash_and_no_false_valid_dump()
    {
        var (code, output, error) = CliRun.Invoke("conformance", "-m", TestPaths.Stack("lsi-sas"), "--random", "12", "--seed", "7");
        Assert.AreEqual(ExitCodes.Success, code, output + error);
        StringAssert.Contains(output, "random fault schedules: 12 drawn (seed 7)");
        StringAssert.Contains(output, "host crashes: 0");
        StringAssert.Contains(output, "false valid dumps: 0");
    }
}
