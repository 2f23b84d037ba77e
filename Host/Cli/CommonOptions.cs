using System.CommandLine;
using DumpFramework.Host.Plugins;

namespace DumpFramework.Host.Cli;

/// <summary>Options shared by every command.</summary>
internal static class CommonOptions
{
    public static readonly Option<DirectoryInfo> Plugins = new("--plugins")
    {
        Description = "Folder holding plugins/<Name>/<Name>.dll (default: plugins/ beside dumpstack, or DUMPSTACK_PLUGINS).",
        Recursive = true,
        DefaultValueFactory = _ => new DirectoryInfo(PluginCatalog.DefaultDirectory),
    };

    public static readonly Option<bool> AllowUnpinned = new("--allow-unpinned")
    {
        Description = "Load plugins that plugins.lock does not pin (or all, when the folder has no lock), with a warning. A pinned plugin whose files changed is refused all the same.",
        Recursive = true,
    };
}
