using System.Reflection;

namespace DumpFramework.Host.Cli;

/// <summary>The built-in LSI_SAS stack that <c>dumpstack dump</c> uses with no manifest: written to a fresh temporary folder so its disk image lands there.</summary>
internal static class BuiltInStack
{
    public static string WriteToTemporaryFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dumpstack-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("DumpFramework.Host.stacks.lsi-sas.yaml")
            ?? throw new InvalidOperationException("the built-in stack manifest is missing from dumpstack");
        using var reader = new StreamReader(resource);
        string path = Path.Combine(folder, "lsi-sas.yaml");
        File.WriteAllText(path, reader.ReadToEnd());
        return path;
    }
}
