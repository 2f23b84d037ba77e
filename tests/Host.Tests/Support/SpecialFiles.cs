using System.Diagnostics;

namespace DumpFramework.Host.Tests.Support;

/// <summary>FIFOs and the like, made with the system's own tools (the tests need them as hostile inputs).</summary>
internal static class SpecialFiles
{
    /// <summary>Creates a FIFO (named pipe) at <paramref name="path"/> with mkfifo(1).</summary>
    public static string Fifo(string path)
    {
        Run("mkfifo", path);
        return path;
    }

    /// <summary>Runs a tool and fails the test unless it exits 0.</summary>
    public static void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"{tool} {string.Join(' ', arguments)}: {error}");
    }

    /// <summary>
    /// Runs <paramref name="action"/> and fails the test if it does not finish within <paramref name="seconds"/>: an
    /// input that blocks an open forever must show up as a failure, not as a test run that never ends.
    /// </summary>
    public static T WithinSeconds<T>(int seconds, Func<T> action, string what)
    {
        var task = Task.Run(action);
        Assert.IsTrue(task.Wait(TimeSpan.FromSeconds(seconds)), $"{what} did not finish within {seconds} s (blocked on a FIFO?)");
        return task.Result;
    }
}
