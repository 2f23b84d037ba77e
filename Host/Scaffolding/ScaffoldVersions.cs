using System.Reflection;
using DumpFramework.Abstractions.Drivers;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Scaffolding;

/// <summary>The versions generated projects pin: the contract and DI packages this host was built with, so a plugin
/// never compiles against a newer contract than the host that loads it, and the test SDK the repository uses.</summary>
internal static class ScaffoldVersions
{
    /// <summary>MSTest.Sdk, as in the repository's global.json.</summary>
    public const string MSTestSdk = "4.5.2";

    /// <summary>The lowest .NET SDK the generated global.json asks for (any later 10.0 feature band will do).</summary>
    public const string DotNetSdk = "10.0.100";

    /// <summary>The default local feed in a generated nuget.config, relative to the project folder.</summary>
    public const string DefaultFeed = "../dumpframework-feed";

    /// <summary>The DumpFramework.Abstractions package version (the host's own copy of the contract).</summary>
    public static string Abstractions => PackageVersionOf(typeof(IDriverPlugin).Assembly);

    /// <summary>The Microsoft.Extensions.DependencyInjection(.Abstractions) package version the host carries.</summary>
    public static string DependencyInjection => PackageVersionOf(typeof(IServiceCollection).Assembly);

    /// <summary>The package version of an assembly: its informational version without the source revision.</summary>
    private static string PackageVersionOf(Assembly assembly)
    {
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            var version = assembly.GetName().Version ?? new Version(1, 0, 0);
            return $"{version.Major}.{version.Minor}.{Math.Max(0, version.Build)}";
        }

        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
