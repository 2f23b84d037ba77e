using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Filter, DumpFramework.TestPlugins.InitializerProbeFilter.InitializerProbeFilterPlugin.BaseName, "1.0", Description = "Test filter: its initializers leave trace files")]

namespace DumpFramework.TestPlugins.InitializerProbeFilter;

/// <summary>
/// Test filter <c>probe</c>, a pass-through. Its module initializer and its entry class's static constructor each
/// write a trace file beside the plugins folder it is loaded from (<c>&lt;plugins&gt;/../probe.module-initializer</c>
/// and <c>probe.static-constructor</c>), the first code of a plugin the runtime would run.
/// </summary>
public sealed class InitializerProbeFilterPlugin : IDriverPlugin
{
    /// <summary>The image base name.</summary>
    public const string BaseName = "probe";

    static InitializerProbeFilterPlugin() => TraceFile.Leave("static-constructor");

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration) =>
        services.AddKeyedSingleton<IDumpFilter>(BaseName, new PassThroughFilter());

    private sealed class PassThroughFilter : IDumpFilter
    {
        public NtStatus Initialize(FilterExtension extension, FilterInitializationData data) => NtStatus.Success;

        public NtStatus Start(FilterExtension extension) => NtStatus.Success;

        public NtStatus Write(FilterExtension extension, DumpFilterWrite write) => NtStatus.Success;

        public NtStatus Finish(FilterExtension extension) => NtStatus.Success;

        public NtStatus Unload(FilterExtension extension) => NtStatus.Success;

        public NtStatus Read(FilterExtension extension, DumpFilterRead read) => NtStatus.Success;
    }
}

/// <summary>Writes the trace files.</summary>
internal static class TraceFile
{
    // What a hostile plugin would use to run before anything asks it: the runtime runs it when the module is first touched.
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "The point of this test plugin.")]
    [ModuleInitializer]
    internal static void ModuleInitializer() => Leave("module-initializer");

    /// <summary>Writes <c>&lt;plugins&gt;/../probe.<paramref name="what"/></c>.</summary>
    public static void Leave(string what)
    {
        string pluginFolder = Path.GetDirectoryName(typeof(TraceFile).Assembly.Location)!;
        string pluginsRoot = Path.GetDirectoryName(pluginFolder)!;
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(pluginsRoot)!, $"{InitializerProbeFilterPlugin.BaseName}.{what}"), what);
    }
}
