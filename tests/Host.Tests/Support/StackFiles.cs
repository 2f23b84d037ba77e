using System.Globalization;

namespace DumpFramework.Host.Tests.Support;

/// <summary>Writes test manifests into a fresh folder under the system temp folder, and removes it.</summary>
internal sealed class StackFiles : IDisposable
{
    public StackFiles(string name)
    {
        Folder = Path.Combine(Path.GetTempPath(), "dumpstack-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Disk(string name = "disk.img") => Path.Combine(Folder, name);

    /// <summary>A manifest for a sample stack's drivers and controller, with its own disk and region.</summary>
    public string Manifest(string port, string miniport, string controller, long diskSize, long regionOffset, long regionLength, string filters = "", string extra = "", string diskExtra = "")
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"""
            stack: test
            port: {port}
            miniport: {miniport}
            {filters}
            {extra}
            hardware:
              controller: {controller}
              disks:
                - target: 0
                  image: disk.img
                  size: {diskSize}
                  {diskExtra}
            dump:
              offset: {regionOffset}
              length: {regionLength}
            """);
        string path = Path.Combine(Folder, "stack.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over cleanup.
        }
    }
}
