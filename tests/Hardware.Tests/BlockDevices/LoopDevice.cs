using System.ComponentModel;
using System.Diagnostics;

namespace DumpFramework.Hardware.Tests.BlockDevices;

/// <summary>A loop device over an image file (losetup), detached on dispose.</summary>
internal sealed class LoopDevice : IDisposable
{
    private LoopDevice(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>Attaches the image, or returns <see langword="null"/> and why (not Linux, no losetup, not root...).</summary>
    public static LoopDevice? TryAttach(string image, bool readOnly, out string reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            reason = "loop devices need Linux";
            return null;
        }

        if (!File.Exists("/dev/loop-control"))
        {
            reason = "no /dev/loop-control in this environment";
            return null;
        }

        string[] arguments = readOnly ? ["-f", "--show", "-r", image] : ["-f", "--show", image];
        var (exitCode, output, error) = Run("losetup", arguments);
        if (exitCode != 0 || string.IsNullOrWhiteSpace(output))
        {
            reason = $"losetup failed (exit {exitCode}): {error.Trim()}";
            return null;
        }

        reason = string.Empty;
        return new LoopDevice(output.Trim());
    }

    public void Dispose() => Run("losetup", ["-d", Path]);

    private static (int ExitCode, string Output, string Error) Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                return (-1, string.Empty, $"{program} timed out");
            }

            return (process.ExitCode, output.Result, error.Result);
        }
        catch (Win32Exception exception)
        {
            return (-1, string.Empty, $"cannot run {program}: {exception.Message}");
        }
    }
}
