namespace DumpFramework.Host.Tests.Support;

/// <summary>Where the test run finds the built plugins, the test plugins and the sample stacks.</summary>
internal static class TestPaths
{
    public static string Plugins => Path.Combine(AppContext.BaseDirectory, "plugins");

    public static string TestPlugin(string name) => Path.Combine(AppContext.BaseDirectory, "testplugins", name, name + ".dll");

    public static string Stack(string name) => Path.Combine(AppContext.BaseDirectory, "stacks", name + ".yaml");

    /// <summary>A plugin folder holding the built-in plugins and the test filters and miniport, made once per test run
    /// and pinned as a vendor pins a folder (<c>dumpstack plugins --pin</c>).</summary>
    public static string PluginsWithTestDrivers => TestFilterFolder.Value;

    private static readonly Lazy<string> TestFilterFolder = new(() =>
    {
        string folder = Path.Combine(Path.GetTempPath(), "dumpstack-tests", "plugins-" + Environment.ProcessId);
        CopyPlugins(folder, "RecordingFilterA", "RecordingFilterB", "InPlaceFilter", "FailingInitFilter", "FailingWriteFilter", "FaultyMiniport", "PlantedBugMiniport");

        var (code, _, error) = CliRun.InvokeWith(folder, "plugins", "--pin");
        return code == 0 ? folder : throw new InvalidOperationException("pinning the test plugin folder failed: " + error);
    });

    /// <summary>Copies the built-in plugin folders (not their lock) and the named test plugins into <paramref name="folder"/>.</summary>
    public static void CopyPlugins(string folder, params string[] testPlugins)
    {
        foreach (string source in Directory.GetDirectories(Plugins).Concat(testPlugins.Select(name => Path.Combine(AppContext.BaseDirectory, "testplugins", name))))
        {
            string target = Path.Combine(folder, Path.GetFileName(source));
            Directory.CreateDirectory(target);
            foreach (string file in Directory.GetFiles(source))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            }
        }
    }
}
