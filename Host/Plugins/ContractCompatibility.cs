using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Plugins;

/// <summary>
/// Decides whether a plugin was built against a contract this host can serve. Checked from metadata before any of
/// the plugin's types load: a plugin built against a newer contract assembly would otherwise surface as an
/// InvalidCastException or FileNotFoundException deep inside type loading.
/// </summary>
internal static class ContractCompatibility
{
    public static Version HostAssemblyVersion { get; } = typeof(IDriverPlugin).Assembly.GetName().Version ?? new Version(0, 0);

    public static Version HostContractVersion { get; } = new(DumpContract.MajorVersion, DumpContract.MinorVersion);

    private static string ContractAssemblyName { get; } = typeof(IDriverPlugin).Assembly.GetName().Name!;

    /// <summary>Checks the plugin's reference to the contract assembly (read from its metadata).</summary>
    /// <param name="referenced">The referenced contract assembly version, or <see langword="null"/> if the plugin does not reference the contract.</param>
    /// <param name="assemblyPath">The plugin, for messages.</param>
    public static void CheckReferencedContract(Version? referenced, string assemblyPath)
    {
        if (referenced is not null && referenced > HostAssemblyVersion)
        {
            throw new PluginLoadException(
                $"{Path.GetFileName(assemblyPath)} was built against {ContractAssemblyName} {referenced}, which is newer than the {HostAssemblyVersion} this host provides; " +
                $"rebuild the plugin against contract {HostContractVersion} or update the host.");
        }
    }

    /// <summary>Checks the contract version compiled into the plugin's <see cref="DumpDriverAttribute"/> (its constructor's
    /// default parameters take the <see cref="DumpContract"/> constants of the Abstractions the plugin was built against).</summary>
    public static void CheckIdentity(DriverIdentity identity, string assemblyPath)
    {
        var wanted = identity.ContractVersion;
        if (wanted.Major != HostContractVersion.Major || wanted > HostContractVersion)
        {
            throw new PluginLoadException(
                $"{Path.GetFileName(assemblyPath)} ({identity.DumpName}) was built against contract {wanted.Major}.{wanted.Minor}; " +
                $"this host provides contract {HostContractVersion.Major}.{HostContractVersion.Minor}.");
        }
    }
}
