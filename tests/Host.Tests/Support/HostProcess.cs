using System.Diagnostics;
using System.Text;

namespace DumpFramework.Host.Tests.Support;

/// <summary>
/// The real built <c>dumpstack</c> (the apphost beside the tests, with the built plugins under plugins/) run as its
/// own process, for what only a process shows: signals, two processes on one image, files changed underneath.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private HostProcess(IEnumerable<string> arguments)
    {
        // A test run started in the background by a non-interactive shell inherits SIGINT ignored, and so would
        // dumpstack (.NET keeps an inherited SIG_IGN for SIGINT): env(1) restores the default disposition first.
        bool restoreSignals = SigIntIgnored();
        var start = new ProcessStartInfo(restoreSignals ? "env" : Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (restoreSignals)
        {
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add(Executable);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string Executable => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "dumpstack.exe" : "dumpstack");

    public int Id => _process.Id;

    public string Output => Text(_output);

    public string Error => Text(_error);

    public static HostProcess Start(params string[] arguments) => new(arguments);

    /// <summary>Runs to the end (at most <paramref name="seconds"/>) and returns the exit code.</summary>
    public static (int ExitCode, string Output, string Error) Run(int seconds, params string[] arguments)
    {
        using var process = Start(arguments);
        int code = process.WaitForExit(seconds);
        return (code, process.Output, process.Error);
    }

    /// <summary>Waits until standard output holds <paramref name="text"/>; fails the test if the process ends or time runs out first.</summary>
    public void WaitForOutput(string text, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                Assert.Fail($"dumpstack never printed '{text}' (exited: {_process.HasExited}):\n{Output}\n{Error}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Sends a signal with kill(1), e.g. INT, TERM, HUP.</summary>
    public void Signal(string name) => SpecialFiles.Run("kill", "-" + name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Waits for the exit (failing the test after <paramref name="seconds"/>, the process killed) and returns the exit code.</summary>
    public int WaitForExit(int seconds = 120)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"dumpstack did not exit within {seconds} s:\n{Output}\n{Error}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    // SigIgn in /proc/self/status: a hex mask, bit n-1 for signal n (SIGINT is 2).
    private static bool SigIntIgnored()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out ulong mask)
            && (mask & 0x2) != 0;
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
