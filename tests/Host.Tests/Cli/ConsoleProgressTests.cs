using DumpFramework.Host.Cli;

namespace DumpFramework.Host.Tests.Cli;

[TestClass]
public sealed class ConsoleProgressTests
{
    [TestMethod]
    public void Redirected_progress_prints_a_line_each_time_it_passes_a_5_percent_mark_even_in_steps_that_miss_the_multiples()
    {
        using var output = new StringWriter();
        var progress = new ConsoleProgress(output, interactive: false);
        for (long done = 6; done <= 96; done += 6)
        {
            progress.Progress(done, 100);
        }

        progress.Progress(100, 100);
        progress.Complete();
        var printed = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => int.Parse(line["Dumping physical memory to disk: ".Length..].TrimEnd('%', '\r'), System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(1, 16).Select(i => i * 6).Append(100).ToArray(), printed);
    }

    [TestMethod]
    public void Redirected_progress_in_small_steps_prints_the_start_and_every_5_percent_once()
    {
        using var output = new StringWriter();
        var progress = new ConsoleProgress(output, interactive: false);
        for (long done = 1; done <= 1000; done++)
        {
            progress.Progress(done, 1000);
        }

        var printed = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(21, printed);
        Assert.AreEqual("Dumping physical memory to disk: 0%", printed[0].TrimEnd('\r'));
        Assert.AreEqual("Dumping physical memory to disk: 5%", printed[1].TrimEnd('\r'));
        Assert.AreEqual("Dumping physical memory to disk: 100%", printed[^1].TrimEnd('\r'));
    }
}
