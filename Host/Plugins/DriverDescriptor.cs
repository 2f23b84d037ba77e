using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Plugins;

/// <summary>
/// A plugin as the host knows it before loading it: the <see cref="DriverIdentity"/> read from the assembly's
/// metadata (its <see cref="DumpDriverAttribute"/> and <see cref="DumpDriverSettingAttribute"/>s), and where the plugin
/// lives. Built by the host from its own copy of the contract, it holds no object of the plugin's, so it outlives the
/// plugin's load context.
/// </summary>
internal sealed record DriverDescriptor(
    DriverKind Kind,
    string BaseName,
    Version Version,
    Version ContractVersion,
    IReadOnlyList<PortInterface> Exports,
    PortInterface? LinksAgainst,
    string Description,
    IReadOnlyList<string> NotImplemented,
    IReadOnlyList<DriverSetting> Settings,
    string Folder,
    string AssemblyPath)
{
    public string DumpName => DumpContract.CrashDumpPrefix + BaseName;

    public static DriverDescriptor From(DriverIdentity identity, string assemblyPath) => new(
        identity.Kind,
        identity.BaseName,
        identity.Version,
        identity.ContractVersion,
        identity.Exports,
        identity.LinksAgainst,
        identity.Description,
        identity.NotImplemented,
        identity.Settings,
        Path.GetDirectoryName(assemblyPath) ?? string.Empty,
        assemblyPath);
}
