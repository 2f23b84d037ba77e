namespace DumpFramework.Host.Tests.Support;

/// <summary>Where the test run finds the built plugins, the test plugins and the sample stacks.</summary>
internal static class TestPaths
{
    public static string Plugins => Path.Combine(AppContext.BaseDirectory, "plugins");

    public static string TestPlugin(string name) => Path.Combine(AppContext.BaseDirectory, "testplugins", name, name + ".dll");

    public static string Stack(string name) => Path.Combine(AppContext.BaseDirectory, "stacks", name + ".yaml");
}
