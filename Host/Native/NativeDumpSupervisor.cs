using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using DumpFramework.Host.Cli;

namespace DumpFramework.Host.Native;

/// <summary>
/// <c>dumpstack dump</c> on a stack with a native miniport: the dump runs in a child, the same <c>dumpstack dump</c>
/// with <see cref="InProcessVariable"/> set, where the miniport's shim is loaded next to the port engine and the
/// controller model (<see cref="NativeInProcess"/>), so register accesses and polls are function calls. This process
/// supervises it: it relays the child's output, and turns the shim's crash line or the watchdog's hang line into the
/// dump's failure (<c>dump FAILED: dump_x crashed: SIGSEGV at ... while in HwStartIo</c>), exit 1. The child dies before
/// the header is made valid (the port writes it valid last), so the disk never holds a valid dump after a crash.
/// </summary>
internal static partial class NativeDumpSupervisor
{
    /// <summary>Set in the child's environment: run the native miniport in this process.</summary>
    public const string InProcessVariable = "DUMPSTACK_NATIVE_IN_PROCESS";

    private const string CrashMark = "DUMPFW-CRASH: ";

    private const string ProgressPrefix = "Dumping physical memory to disk: ";

    /// <summary>Whether this process is the supervised child of a native dump.</summary>
    public static bool InChild => Environment.GetEnvironmentVariable(InProcessVariable) == "1";

    /// <summary>Runs <c>dumpstack <paramref name="arguments"/></c> as the supervised child and reports its outcome.</summary>
    public static int Run(IEnumerable<string> arguments, CommandHost host)
    {
        var (program, prefix) = NativeMiniportWorker.SelfCommand();
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[InProcessVariable] = "1";
        string name = "the native miniport";
        string? crash = null;
        string? hang = null;
        var gate = new object();
        using var signals = host.CatchSignals();
        using var child = new Process { StartInfo = start };
        bool redrawing = false;
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lock (gate)
            {
                // The child's output is a pipe, so it prints progress a line at a time; on a terminal it is redrawn
                // on one line as the host itself does.
                if (host.Interactive && line.StartsWith(ProgressPrefix, StringComparison.Ordinal))
                {
                    host.Output.Write("\r" + line);
                    redrawing = true;
                    return;
                }

                if (redrawing)
                {
                    host.Output.WriteLine();
                    redrawing = false;
                }

                host.Output.WriteLine(line);
            }
        };
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lock (gate)
            {
                if (line.StartsWith(NativeInProcess.NameMark, StringComparison.Ordinal))
                {
                    name = line[NativeInProcess.NameMark.Length..];
                }
                else if (line.StartsWith(CrashMark, StringComparison.Ordinal))
                {
                    crash ??= line[CrashMark.Length..];
                }
                else if (line.StartsWith(NativeInProcess.HangMark, StringComparison.Ordinal))
                {
                    hang ??= line[NativeInProcess.HangMark.Length..];
                }
                else
                {
                    host.Error.WriteLine(line);
                }
            }
        };
        child.Start();
        // A signal sent to this process alone (kill, a service manager) reaches the child too, which stops after the
        // write in flight and says so, exactly as a dump without a child does; Ctrl-C on a terminal reaches both anyway.
        // kill fails only when the child has already exited, which leaves nothing to stop.
        using var forward = signals.Token.Register(() => _ = SendSignal(child.Id, signals.ExitCode!.Value - 128));
        child.StandardInput.Close();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        child.WaitForExit();
        lock (gate)
        {
            if (redrawing)
            {
                host.Output.WriteLine();
            }

            if (crash is not null || hang is not null)
            {
                host.Error.WriteLine(crash is not null ? $"dump FAILED: {name} crashed: {crash}" : $"dump FAILED: {hang}");
                return ExitCodes.OperationFailed;
            }

            int code = child.ExitCode;
            if (code is >= 0 and < 64 || code == signals.ExitCode)
            {
                // Its own verdict, or a dump stopped by the signal passed on: the child has said which (130, 143, 129).
                return code;
            }

            // Killed from outside (the OOM killer, a signal the shim does not catch): a failed dump all the same.
            host.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dump FAILED: {name} crashed: the dump's process ended with exit code {code}"));
            return ExitCodes.OperationFailed;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);
}
