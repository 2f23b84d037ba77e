using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
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

    /// <summary>Checks the plugin's reference to the contract assembly.</summary>
    /// <returns>The referenced version, or <see langword="null"/> if the assembly does not reference the contract.</returns>
    public static Version? CheckReferencedContract(string assemblyPath)
    {
        Version? referenced = ReadContractReference(assemblyPath);
        if (referenced is not null && referenced > HostAssemblyVersion)
        {
            throw new PluginLoadException(
                $"{Path.GetFileName(assemblyPath)} was built against {ContractAssemblyName} {referenced}, which is newer than the {HostAssemblyVersion} this host provides; " +
                $"rebuild the plugin against contract {HostContractVersion} or update the host.");
        }

        return referenced;
    }

    /// <summary>Checks the contract version compiled into the plugin's driver identity.</summary>
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

    private static Version? ReadContractReference(string assemblyPath)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                throw new PluginLoadException($"{assemblyPath} is not a .NET assembly.");
            }

            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                if (metadata.StringComparer.Equals(reference.Name, ContractAssemblyName))
                {
                    return reference.Version;
                }
            }

            return null;
        }
        catch (BadImageFormatException error)
        {
            throw new PluginLoadException($"{assemblyPath} is not a valid .NET assembly: {error.Message}", error);
        }
    }
}
