using System.CommandLine;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Stack;

namespace DumpFramework.Host.Cli;

/// <summary><c>dumpstack show MANIFEST</c>: assembles the stack and draws it.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var manifest = new Argument<FileInfo>("manifest") { Description = "The stack manifest (YAML), e.g. stacks/lsi-sas.yaml." };
        var command = new Command("show", "Assemble a stack from its manifest and draw it top to bottom with its dump_ names.") { manifest };
        command.SetAction(parse => CommandHost.Run(parse, host => Run(parse.GetValue(manifest)!.FullName, host)));
        return command;
    }

    public static int Run(string manifestPath, CommandHost host)
    {
        var manifest = StackManifestLoader.Load(manifestPath);
        var catalog = host.LoadPlugins();
        using var stack = DumpStackAssembler.Assemble(manifest, catalog);
        StackDrawing.Draw(stack, host.Output);
        return ExitCodes.Success;
    }
}
