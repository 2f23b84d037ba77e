using DumpFramework.Abstractions.Drivers;
using DumpFramework.Host.Native;
using DumpFramework.Host.Plugins;

namespace DumpFramework.Host.Stack;

/// <summary>The miniport of an assembled stack: a loaded plugin, or a native library run in a supervised process (a
/// dump child next to the port and the controller model, or a pipe worker).</summary>
internal sealed class StackMiniport
{
    private StackMiniport(string loadName, PortInterface links, LoadedPlugin? plugin, NativeMiniportState? native)
    {
        LoadName = loadName;
        Links = links;
        Plugin = plugin;
        Native = native;
    }

    /// <summary>Its module name, <c>dump_</c> + base name.</summary>
    public string LoadName { get; }

    /// <summary>The port interface it imports.</summary>
    public PortInterface Links { get; }

    /// <summary>The plugin, for a managed miniport.</summary>
    public LoadedPlugin? Plugin { get; }

    /// <summary>The native library's state, for a native miniport.</summary>
    public NativeMiniportState? Native { get; }

    /// <summary>The plugin's descriptor (version, not-implemented list), for a managed miniport.</summary>
    public DriverDescriptor? Descriptor => Plugin?.Descriptor;

    /// <summary>What <c>show</c> says of it.</summary>
    public string Detail => Native is { } native
        ? $"native {Path.GetFileName(native.Spec.LibraryPath)} ({native.Spec.LibraryPath}, SHA-256 {native.Sha256[..16]}…), links {Links.ToImageName()}, isolated in a supervised process, watchdog {native.Spec.WallLimit.TotalSeconds:0} s"
        : $"{Plugin!.Descriptor.BaseName}.sys {Plugin.Descriptor.Version}, links {Links.ToImageName()}";

    public static StackMiniport Managed(LoadedPlugin plugin, PortInterface links) => new(plugin.LoadName, links, plugin, null);

    public static StackMiniport NativeLibrary(NativeMiniportState native) => new(native.LoadName, native.Spec.Links, null, native);
}
