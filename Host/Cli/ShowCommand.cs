using System.CommandLine;
using DumpFramework.Host.Stack;

namespace DumpFramework.Host.Cli;

/// <summary><c>dumpstack show MANIFEST</c>: assembles the stack and draws it.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var manifest = new Argument<FileInfo>("manifest") { Description = "The stack manifest (YAML), e.g. stacks/lsi-sas.yaml." };
        var command = new Command("show", "Assemble a stack from its manifest and draw it top to bottom with its dump_ names.") { manifest };
        command.SetAction(parse => Run(parse.GetValue(manifest)!.FullName, parse.GetValue(CommonOptions.Plugins)!.FullName, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string manifestPath, string pluginDirectory, TextWriter output, TextWriter error) =>
        StackCommandRunner.WithStack(manifestPath, pluginDirectory, error, stack =>
        {
            StackDrawing.Draw(stack, output);
            return ExitCodes.Success;
        });
}
