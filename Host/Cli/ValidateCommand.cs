using System.CommandLine;

namespace DumpFramework.Host.Cli;

/// <summary><c>dumpstack validate MANIFEST</c>: checks the manifest and that its stack assembles, writing nothing.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var manifest = new Argument<FileInfo>("manifest") { Description = "The stack manifest (YAML)." };
        var command = new Command("validate", "Check a manifest and assemble its stack without writing anything. Errors are reported as file:line:col: message.") { manifest };
        command.SetAction(parse => Run(parse.GetValue(manifest)!.FullName, parse.GetValue(CommonOptions.Plugins)!.FullName, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string manifestPath, string pluginDirectory, TextWriter output, TextWriter error) =>
        StackCommandRunner.WithStack(manifestPath, pluginDirectory, error, stack =>
        {
            output.WriteLine($"{stack.Manifest.FilePath}: valid ({stack.Binding.Alias} -> {stack.Miniport.LoadName}{string.Concat(stack.Filters.Select(f => ", filter " + f.LoadName))})");
            return ExitCodes.Success;
        });
}
