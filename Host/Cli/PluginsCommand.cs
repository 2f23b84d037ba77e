using System.CommandLine;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Host.Plugins;

namespace DumpFramework.Host.Cli;

/// <summary><c>dumpstack plugins</c>: lists every plugin with its base name, dump name, kind, links/exports, version,
/// folder and integrity, and the settings it declares, from the plugins' metadata: no plugin code runs.
/// <c>--pin</c> first writes the folder's <c>plugins.lock</c>.</summary>
internal static class PluginsCommand
{
    private static readonly Option<bool> Pin = new("--pin")
    {
        Description = $"Write {PluginLock.FileName} in the plugin folder: the SHA-256 of every file of every plugin, as they are now. Check the files first; from then on a plugin whose files differ is refused.",
    };

    public static Command Create()
    {
        var command = new Command("plugins", "List the installed port, miniport and filter plugins (read from metadata; no plugin code runs).") { Pin };
        command.SetAction(parse => CommandHost.Run(parse, host => Run(host, parse.GetValue(Pin))));
        return command;
    }

    public static int Run(CommandHost host, bool pin = false)
    {
        var (output, error) = (host.Output, host.Error);
        // Pinning replaces the lock, so a damaged one must not stand in its way.
        var catalog = PluginCatalog.Open(host.PluginDirectory, host.AllowUnpinned, readLock: !pin);
        if (pin)
        {
            if (catalog.Problems.Count > 0)
            {
                foreach (var problem in catalog.Problems)
                {
                    error.WriteLine($"{problem.Folder}: {problem.Message}");
                }

                error.WriteLine($"error: nothing pinned: {catalog.Problems.Count} plugin folder(s) of {catalog.Directory} cannot be used; remove or fix them first.");
                return ExitCodes.PluginError;
            }

            var written = PluginLock.Write(catalog.Directory, catalog.Plugins);
            output.WriteLine($"pinned {written.Plugins.Count()} plugin(s), {written.Plugins.Sum(p => p.Files.Count)} files, in {written.Path}");
            catalog = PluginCatalog.Open(host.PluginDirectory, host.AllowUnpinned);
        }

        int refused = 0;
        output.WriteLine($"{"BASE NAME",-10} {"DUMP NAME",-15} {"KIND",-9} {"LINKS/EXPORTS",-26} {"VERSION",-8} {"CONTRACT",-9} {"INTEGRITY",-9} FOLDER");
        foreach (var d in catalog.Plugins.OrderBy(p => p.Kind).ThenBy(p => p.BaseName, StringComparer.OrdinalIgnoreCase))
        {
            string interfaces = d.Kind switch
            {
                DriverKind.Port => "exports " + string.Join(",", d.Exports.Select(e => e.ToImageName())),
                DriverKind.Miniport => "links " + d.LinksAgainst?.ToImageName(),
                _ => "-",
            };
            string integrity;
            try
            {
                var state = catalog.Check(d);
                integrity = state.State.ToString().ToLowerInvariant();
                if (state.State == PluginIntegrityState.Changed || (state.State == PluginIntegrityState.Unpinned && !catalog.AllowUnpinned))
                {
                    refused++;
                    error.WriteLine($"{d.Folder}: {d.DumpName} would be refused: {state.State.ToString().ToLowerInvariant()}: {state.Detail}");
                }
            }
            catch (PluginLoadException failure)
            {
                integrity = "refused";
                refused++;
                error.WriteLine($"{d.Folder}: {failure.Message}");
            }

            output.WriteLine($"{d.BaseName,-10} {d.DumpName,-15} {d.Kind.ToString().ToLowerInvariant(),-9} {interfaces,-26} {d.Version,-8} {d.ContractVersion,-9} {integrity,-9} {Path.GetRelativePath(Environment.CurrentDirectory, d.Folder)}");
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

        foreach (var problem in catalog.Problems)
        {
            error.WriteLine($"{problem.Folder}: {problem.Message}");
        }

        return catalog.Problems.Count == 0 && refused == 0 ? ExitCodes.Success : ExitCodes.PluginError;
    }
}
