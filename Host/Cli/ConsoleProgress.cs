using DumpFramework.Host.Dump;

namespace DumpFramework.Host.Cli;

/// <summary>
/// Shows "Dumping physical memory to disk: NN%" as the blue screen does: a live bar on a terminal, plain percentage
/// lines (every 5 %) when the output is redirected.
/// </summary>
internal sealed class ConsoleProgress(TextWriter output, bool interactive, string verb = "Dumping physical memory to disk") : IProgressSink
{
    private const int BarWidth = 30;
    private int _lastPercent = -1;

    public void Message(string text) => output.WriteLine(text);

    public void Progress(long done, long total)
    {
        int percent = total == 0 ? 100 : (int)(done * 100 / total);
        // Redirected: a line each time a 5 % mark is reached or passed (large steps may jump over the multiples themselves).
        if (percent == _lastPercent || (!interactive && _lastPercent >= 0 && percent / 5 == _lastPercent / 5 && percent != 100))
        {
            return;
        }

        _lastPercent = percent;
        if (interactive)
        {
            int filled = percent * BarWidth / 100;
            output.Write($"\r{verb}: {percent,3}% [{new string('#', filled)}{new string('.', BarWidth - filled)}]");
        }
        else
        {
            output.WriteLine($"{verb}: {percent}%");
        }
    }

    public void Complete()
    {
        if (interactive && _lastPercent >= 0)
        {
            output.WriteLine();
        }
    }
}
