using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Orchestration;
using DumpFramework.Host.Plugins;

namespace DumpFramework.Host.Tests.Support;

/// <summary>Opens dump sessions on the real built plugins.</summary>
internal static class Sessions
{
    public static DumpSession Open(string manifestPath, IMemorySource memory, string? plugins = null)
    {
        var manifest = StackManifestLoader.Load(manifestPath);
        var catalog = PluginCatalog.Open(plugins ?? TestPaths.Plugins);
        return DumpSession.Open(manifest, DumpTarget.Resolve(manifest, null), catalog, memory);
    }

    /// <summary>The plan of a raw dump of the session's memory through its stack.</summary>
    public static DumpPlan RawPlan(DumpSession session) =>
        DumpPlan.Create(session.Stack.Manifest, session.Memory.Source, new DumpOptions { Format = DumpFormat.Raw });

    /// <summary>Dumps <paramref name="memory"/> raw through the manifest's stack and returns the result.</summary>
    public static DumpWriteResult DumpRaw(string manifestPath, IMemorySource memory, Action<DumpSession>? beforeDump = null, string? plugins = null)
    {
        using var session = Open(manifestPath, memory, plugins);
        beforeDump?.Invoke(session);
        return session.Dump(RawPlan(session), new RecordingProgress());
    }

    /// <summary>Reads the raw dump back through the stack and compares it with <paramref name="expected"/>.</summary>
    public static (DumpReadResult Result, long? FirstMismatch) ReadAndCompare(string manifestPath, IMemorySource expected, string? plugins = null)
    {
        long length = expected.Ranges.Sum(r => (long)r.Length);
        using var session = Open(manifestPath, new EmptyMemory(), plugins);
        using var comparer = new ComparingStream(expected);
        var result = session.Read(length, comparer, new RecordingProgress());
        return (result, comparer.FirstMismatch);
    }
}
