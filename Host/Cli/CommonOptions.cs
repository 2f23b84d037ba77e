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
}
