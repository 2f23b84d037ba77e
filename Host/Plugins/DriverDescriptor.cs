using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Plugins;

/// <summary>
/// A host-side copy of a plugin's <see cref="DriverIdentity"/>. The identity object itself may hold types defined in
/// the plugin's assembly (a collection expression's backing type, for one), and holding it would keep the plugin's
/// load context alive after unload; the copy holds only host and contract types.
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
        new string(identity.BaseName),
        new Version(identity.Version.ToString()),
        new Version(identity.ContractVersion.ToString()),
        [.. identity.Exports],
        identity.LinksAgainst,
        new string(identity.Description),
        [.. identity.NotImplemented.Select(n => new string(n))],
        [.. identity.Settings.Select(s => new DriverSetting(new string(s.Key), new string(s.Description))
        {
            Values = new string(s.Values),
            Default = s.Default is null ? null : new string(s.Default),
            Required = s.Required,
        })],
        Path.GetDirectoryName(assemblyPath) ?? string.Empty,
        assemblyPath);
}
