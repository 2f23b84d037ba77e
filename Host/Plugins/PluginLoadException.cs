namespace DumpFramework.Host.Plugins;

/// <summary>A plugin could not be loaded or is not compatible with this host.</summary>
internal sealed class PluginLoadException : Exception
{
    public PluginLoadException(string message)
        : base(message)
    {
    }

    public PluginLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
