using System.Reflection;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.PortScsi;

/// <summary>Finds the name a miniport is loaded under, for failure messages (<c>dump_LSI_SAS</c>).</summary>
internal static class MiniportNaming
{
    /// <summary>The stack prefix plus the base name its plugin declares; the implementing type's name when no plugin
    /// in its assembly describes a miniport.</summary>
    /// <param name="miniport">The miniport instance.</param>
    /// <param name="modulePrefix">The stack prefix (<c>dump_</c> or <c>hiber_</c>).</param>
    /// <returns>The name.</returns>
    public static string Resolve(IScsiMiniport miniport, string modulePrefix)
    {
        var type = miniport.GetType();
        Type?[] candidates;
        try
        {
            candidates = type.Assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            candidates = exception.Types;
        }

        foreach (var candidate in candidates)
        {
            if (candidate is null || candidate.IsAbstract || !typeof(IDriverPlugin).IsAssignableFrom(candidate) || candidate.GetConstructor(Type.EmptyTypes) is null)
            {
                continue;
            }

            // A plugin's constructor only builds its identity: the host creates these the same way.
            IDriverPlugin? plugin;
            try
            {
                plugin = Activator.CreateInstance(candidate) as IDriverPlugin;
            }
            catch (TargetInvocationException)
            {
                continue;
            }
            catch (MemberAccessException)
            {
                continue;
            }

            if (plugin is { Identity.Kind: DriverKind.Miniport })
            {
                return modulePrefix + plugin.Identity.BaseName;
            }
        }

        return type.Name;
    }
}
