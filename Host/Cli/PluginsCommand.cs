using System.CommandLine;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Host.Plugins;

namespace DumpFramework.Host.Cli;

/// <summary><c>dumpstack plugins</c>: lists every plugin with its base name, dump name, kind, links/exports, version and folder, and the settings it declares.</summary>
internal static class PluginsCommand
{
    public static Command Create()
    {
        var command = new Command("plugins", "List the installed port, miniport and filter plugins.");
        command.SetAction(parse => CommandHost.Run(parse, Run));
        return command;
    }

    public static int Run(CommandHost host)
    {
        var (output, error) = (host.Output, host.Error);
        using var catalog = PluginCatalog.LoadAll(host.PluginDirectory);
        output.WriteLine($"{"BASE NAME",-10} {"DUMP NAME",-15} {"KIND",-9} {"LINKS/EXPORTS",-26} {"VERSION",-8} {"CONTRACT",-9} FOLDER");
        foreach (var plugin in catalog.Plugins.OrderBy(p => p.Descriptor.Kind).ThenBy(p => p.Descriptor.BaseName, StringComparer.OrdinalIgnoreCase))
        {
            var d = plugin.Descriptor;
            string interfaces = d.Kind switch
            {
                DriverKind.Port => "exports " + string.Join(",", d.Exports.Select(e => e.ToImageName())),
                DriverKind.Miniport => "links " + d.LinksAgainst?.ToImageName(),
                _ => "-",
            };
            output.WriteLine($"{d.BaseName,-10} {d.DumpName,-15} {d.Kind.ToString().ToLowerInvariant(),-9} {interfaces,-26} {d.Version,-8} {d.ContractVersion,-9} {Path.GetRelativePath(Environment.CurrentDirectory, d.Folder)}");
            if (d.NotImplemented.Count > 0)
            {
                output.WriteLine($"{string.Empty,-10} ! not implemented yet: {string.Join(", ", d.NotImplemented)}");
            }

            foreach (var setting in d.Settings)
            {
                string values = setting.Values.Length == 0 ? string.Empty : $" Values: {setting.Values}.";
                string fallback = setting.Required ? " Required." : setting.Default is null ? string.Empty : $" Default: {setting.Default}.";
                output.WriteLine($"{string.Empty,-10} setting {setting.Key}: {setting.Description}{values}{fallback}");
            }
        }

        foreach (var (folder, message) in catalog.Failures)
        {
            error.WriteLine($"{folder}: {message}");
        }

        return catalog.Failures.Count == 0 ? ExitCodes.Success : ExitCodes.PluginError;
    }
}
