using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DumpFramework.Bench;

/// <summary>What one child process cost: wall time from spawn to reap, CPU and its peak resident set (wait4's rusage).</summary>
internal readonly record struct ChildCost(int ExitCode, double Seconds, double UserSeconds, double SystemSeconds, long PeakRssBytes);

/// <summary>
/// Runs a command as a child process with posix_spawn and reaps it with wait4, so the wall time is the whole process
/// (start-up included) and the peak RSS is the kernel's ru_maxrss of that child alone. The bench never starts children
/// through System.Diagnostics.Process, whose SIGCHLD handling would reap them first.
/// </summary>
internal static unsafe partial class ChildProcess
{
    private const int OpenWriteOnly = 0x1;
    private const int OpenCreate = 0x40;
    private const int OpenTruncate = 0x200;

    /// <summary>Runs <paramref name="arguments"/> (the first is the program, looked up on PATH) with stdout and stderr
    /// to <paramref name="outputPath"/>, waits for it and returns its cost.</summary>
    public static ChildCost Run(IReadOnlyList<string> arguments, string outputPath)
    {
        var argv = ToNative(arguments);
        var envp = ToNative([.. Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => $"{e.Key}={e.Value}")]);
        byte* actions = stackalloc byte[256];
        nint path = Marshal.StringToCoTaskMemUTF8(outputPath);
        try
        {
            Check(PosixSpawnFileActionsInit(actions), "posix_spawn_file_actions_init");
            Check(PosixSpawnFileActionsAddOpen(actions, 1, path, OpenWriteOnly | OpenCreate | OpenTruncate, 0x1A4), "posix_spawn_file_actions_addopen");
            Check(PosixSpawnFileActionsAddDup2(actions, 1, 2), "posix_spawn_file_actions_adddup2");
            var clock = Stopwatch.StartNew();
            int pid;
            Check(PosixSpawnp(&pid, argv[0], actions, null, argv, envp), "posix_spawnp " + arguments[0]);
            int status;
            Rusage usage;
            while (Wait4(pid, &status, 0, &usage) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != 4)
                {
                    throw new InvalidOperationException($"wait4 failed with errno {errno}");
                }
            }

            clock.Stop();
            int exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F);
            return new ChildCost(exitCode, clock.Elapsed.TotalSeconds, usage.UserSeconds, usage.SystemSeconds, usage.MaxRssKiB * 1024);
        }
        finally
        {
            _ = PosixSpawnFileActionsDestroy(actions);
            Marshal.FreeCoTaskMem(path);
            Free(argv);
            Free(envp);
        }
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{what} failed with error {result}");
        }
    }

    private static nint* ToNative(IReadOnlyList<string> strings)
    {
        var array = (nint*)NativeMemory.AllocZeroed((nuint)(strings.Count + 1), (nuint)sizeof(nint));
        for (int i = 0; i < strings.Count; i++)
        {
            array[i] = Marshal.StringToCoTaskMemUTF8(strings[i]);
        }

        return array;
    }

    private static void Free(nint* array)
    {
        for (nint* item = array; *item != 0; item++)
        {
            Marshal.FreeCoTaskMem(*item);
        }

        NativeMemory.Free(array);
    }

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int PosixSpawnFileActionsInit(byte* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    private static partial int PosixSpawnFileActionsAddOpen(byte* actions, int descriptor, nint path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static partial int PosixSpawnFileActionsAddDup2(byte* actions, int from, int to);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int PosixSpawnFileActionsDestroy(byte* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawnp")]
    private static partial int PosixSpawnp(int* pid, nint file, byte* actions, byte* attributes, nint* argv, nint* envp);

    [LibraryImport("libc", EntryPoint = "wait4", SetLastError = true)]
    private static partial int Wait4(int pid, int* status, int options, Rusage* usage);

    // struct rusage on x86_64/arm64 Linux: two timevals, then 14 longs (ru_maxrss first, in KiB).
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSec;
        public long UserMicros;
        public long SystemSec;
        public long SystemMicros;
        public long MaxRssKiB;
        private fixed long _rest[13];

        public readonly double UserSeconds => UserSec + (UserMicros / 1e6);

        public readonly double SystemSeconds => SystemSec + (SystemMicros / 1e6);
    }
}
