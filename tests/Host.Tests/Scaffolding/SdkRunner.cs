namespace DumpFramework.Host.Tests.Scaffolding;

/// <summary>
/// Runs <c>dotnet</c> commands for generated projects in a clean environment: an isolated package folder (so a
/// re-packed DumpFramework.Abstractions 2.0.0 is never served stale from the user's cache), no build servers or
/// reused nodes (they would outlive the test and hold its output pipes), and none of the MSBuild or test platform
/// variables of the <c>dotnet test</c> that runs this test.
/// </summary>
internal sealed class SdkRunner(string packagesFolder)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public string PackagesFolder { get; } = packagesFolder;

    public static string DotNet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>dotnet</c> and asserts it succeeded; returns its output.</summary>
    public string Run(string workingDirectory, params string[] arguments)
    {
        var (code, output) = ChildProcess.Run(DotNet, arguments, workingDirectory, ChildEnvironment(), Timeout);
        Assert.AreEqual(0, code, $"dotnet {string.Join(' ', arguments)} in {workingDirectory} failed:{Environment.NewLine}{output}");
        return output;
    }

    private Dictionary<string, string?> ChildEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (string name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("TESTINGPLATFORM_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("DOTNET_CLI_TEST", StringComparison.OrdinalIgnoreCase))
            {
                // ProcessStartInfo copies the parent's environment: drop these.
                environment[name] = null;
            }
        }

        environment["NUGET_PACKAGES"] = PackagesFolder;

        // A generated miniport's tests run the conformance kit through the dumpstack this build made.
        environment["DUMPSTACK"] = Path.Combine(AppContext.BaseDirectory, "dumpstack.dll");
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["UseSharedCompilation"] = "false";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        return environment;
    }
}
