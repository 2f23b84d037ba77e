using System.CommandLine;
using System.Globalization;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Native;

namespace DumpFramework.Host.Cli;

/// <summary><c>dumpstack dump</c>: writes memory to the disk through the whole stack, polled, as at a bugcheck.</summary>
internal static class DumpCommand
{
    public static readonly Option<FileInfo> Manifest = new("--manifest", "-m") { Description = "Stack manifest (default: the built-in LSI_SAS stack, disk in a new temporary folder)." };

    public static Command Create()
    {
        var command = new Command("dump", "Write a crash dump of memory (a complete memory dump unless --format or the manifest says otherwise) to the disk through filters -> port -> miniport -> controller -> disk, polled. Shows 'Dumping physical memory to disk: NN%'.")
        {
            Manifest,
        };
        DumpInputs.AddAll(command);
        command.SetAction(parse => CommandHost.Run(parse, host => Run(Bind(parse), host, [.. parse.Tokens.Select(t => t.Value)])));
        return command;
    }

    public static DumpRequest Bind(ParseResult parse) =>
        new(parse.GetValue(Manifest)?.FullName, DumpInputs.BindMemory(parse), DumpInputs.BindOptions(parse));

    /// <param name="request">What was asked.</param>
    /// <param name="host">Output, plugins, exit codes.</param>
    /// <param name="arguments">The command line as given: a stack with a native miniport dumps in a supervised child
    /// that runs it again (<see cref="NativeDumpSupervisor"/>).</param>
    public static int Run(DumpRequest request, CommandHost host, IReadOnlyList<string>? arguments = null)
    {
        StartupTrace.Mark("runtime, command line");
        // The plugin folder's metadata is read on the second core while the manifest is parsed: neither needs the other.
        // A manifest error is still the one reported when both fail.
        var builtIn = request.ManifestPath is null ? BuiltInStack.Plan() : null;
        var catalogRead = Task.Run(host.LoadPlugins);
        StackManifest manifest;
        try
        {
            manifest = builtIn is null ? StackManifestLoader.Load(request.ManifestPath!) : StackManifestLoader.Parse(builtIn.Text, builtIn.Path);
        }
        catch
        {
            // Observed, so its failure (if any) is not rethrown later; the manifest's is the one reported.
            catalogRead.ContinueWith(read => read.Exception, TaskScheduler.Default).Wait();
            throw;
        }

        StartupTrace.Mark("manifest");
        if (manifest.Miniport.Native is not null && arguments is not null && !NativeDumpSupervisor.InChild)
        {
            // The manifest is checked; the child checks the rest (plugins, pinning, memory) with the same messages.
            catalogRead.ContinueWith(read => read.Exception, TaskScheduler.Default).Wait();
            return NativeDumpSupervisor.Run(arguments, host);
        }

        var catalog = catalogRead.GetAwaiter().GetResult();
        StartupTrace.Mark("plugin catalog");
        // Everything knowable is checked here; only then is a disk image created or opened.
        var (memory, plan) = CommandHost.OpenAndPlan(manifest, request.Memory, request.Options);
        StartupTrace.Mark("memory, plan");

        builtIn?.Write();
        using var signals = host.CatchSignals();
        // One dump per process: the bound plugins stay loaded until it exits, so their precompiled code runs.
        using var session = DumpSession.Open(manifest, plan.Target, catalog, memory, collectiblePlugins: false);
        StartupTrace.Mark("session (plugins bound, hardware)");
        var (output, error) = (host.Output, host.Error);
        output.WriteLine($"stack {manifest.Name}: {string.Join(" -> ", session.Stack.LoadNames)} -> {session.Hardware.Controller.Model}");
        output.WriteLine($"memory: {session.Memory.Source.Description}; writing a {plan.Content.Description}, {ByteSize.Format(plan.Content.Length)}, to {plan.Target.DumpDiskPath} at offset {ByteSize.Format(manifest.Dump.Offset)}");
        var result = session.Dump(plan, new ConsoleProgress(output, host.Interactive), signals.Token);
        StartupTrace.Mark(StartupTrace.IsEnabled && session.Filters.Worker is { } pipeline
            ? string.Create(CultureInfo.InvariantCulture, $"dump (filter pipeline: the dumping thread waited {pipeline.DumperWaited.TotalMilliseconds:0} ms for the filters, the filter thread was idle {pipeline.WorkerIdle.TotalMilliseconds:0} ms)")
            : "dump");
        host.PrintLog(session);
        if (result.Interrupted)
        {
            // The header was never made valid: what the disk holds is no dump, as after a power cut mid-dump.
            error.WriteLine(result.Error);
            return signals.ExitCode ?? ExitCodes.OperationFailed;
        }

        var s = result.PortStatistics;
        string figures = string.Create(CultureInfo.InvariantCulture, $"{result.BytesWritten} bytes in {result.Writes} writes, {s.RequestsStarted} SRBs, {s.BusyResubmits} busy resubmits, {s.Retries} retries, {s.Timeouts} timeouts, {s.Resets} resets, {s.AdapterReinitializations} adapter re-inits, {result.Duration.TotalSeconds:0.000} s, {result.MegabytesPerSecond:0.0} MB/s");
        if (!result.Succeeded)
        {
            error.WriteLine($"dump FAILED: {result.Error}");
            error.WriteLine($"  before failing: {figures}");
            return ExitCodes.OperationFailed;
        }

        output.WriteLine($"dump written to {plan.Target.DumpDiskPath}: {figures}");
        if (plan.Content is CrashDumpContent)
        {
            string diskOption = request.Options.Disk is null ? string.Empty : $" --disk {request.Options.Disk}";
            output.WriteLine($"extract it as SMSS would: dumpstack extract -m {manifest.FilePath}{diskOption} -o MEMORY.DMP");
        }

        return ExitCodes.Success;
    }
}

/// <summary>What <c>dumpstack dump</c> was asked: the manifest (null: the built-in stack), the memory and the dump options.</summary>
internal sealed record DumpRequest(string? ManifestPath, MemoryRequest Memory, DumpOptions Options);
