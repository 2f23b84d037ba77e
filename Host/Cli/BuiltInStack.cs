using System.Globalization;
using System.Reflection;

namespace DumpFramework.Host.Cli;

/// <summary>
/// The built-in LSI_SAS stack that <c>dumpstack dump</c> uses with no manifest: planned in a fresh temporary folder
/// (so its disk image lands there) and written there only once the dump's plan was accepted.
/// </summary>
internal sealed class BuiltInStack
{
    private BuiltInStack(string path, string text)
    {
        Path = path;
        Text = text;
    }

    /// <summary>Where the manifest goes: lsi-sas.yaml in a new folder under the temporary folder.</summary>
    public string Path { get; }

    /// <summary>The manifest's text.</summary>
    public string Text { get; }

    public static BuiltInStack Plan()
    {
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dumpstack-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId);
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("DumpFramework.Host.stacks.lsi-sas.yaml")
            ?? throw new InvalidOperationException("the built-in stack manifest is missing from dumpstack");
        using var reader = new StreamReader(resource);
        return new BuiltInStack(System.IO.Path.Combine(folder, "lsi-sas.yaml"), reader.ReadToEnd());
    }

    /// <summary>Writes the manifest into its folder, so that <c>extract -m</c> can name it afterwards.</summary>
    public void Write()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllText(Path, Text);
    }
}
