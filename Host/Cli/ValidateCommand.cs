using System.CommandLine;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Cli;

/// <summary>
/// <c>dumpstack validate MANIFEST</c>: builds the same dump plan as <c>dump</c> (default memory and options unless
/// given) and prepares the stack as far as <c>dump</c> does before it touches a disk (drivers bound, filters
/// initialized), so it refuses exactly what <c>dump</c> would, and writes nothing.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var manifest = new Argument<FileInfo>("manifest") { Description = "The stack manifest (YAML)." };
        var command = new Command("validate", "Check a manifest and the dump it describes (with the given memory and dump options, else the defaults) and assemble its stack without writing anything. Errors are reported as file:line:col: message.")
        {
            manifest,
        };
        DumpInputs.AddAll(command);
        command.SetAction(parse => CommandHost.Run(parse, host => Run(new DumpRequest(parse.GetValue(manifest)!.FullName, DumpInputs.BindMemory(parse), DumpInputs.BindOptions(parse)), host)));
        return command;
    }

    public static int Run(DumpRequest request, CommandHost host)
    {
        var manifest = StackManifestLoader.Load(request.ManifestPath!);
        var catalog = host.LoadPlugins();
        var (memory, plan) = CommandHost.OpenAndPlan(manifest, request.Memory, request.Options);

        using var session = DumpSession.Prepare(manifest, plan.Target, catalog, memory);
        var stack = session.Stack;
        host.Output.WriteLine($"{manifest.FilePath}: valid ({stack.Binding.Alias} -> {stack.Miniport.LoadName}{string.Concat(stack.Filters.Select(f => ", filter " + f.LoadName))})");
        return ExitCodes.Success;
    }
}
