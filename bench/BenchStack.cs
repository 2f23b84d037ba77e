using System.Globalization;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Bench;

/// <summary>
/// One sample stack of <c>stacks/*.yaml</c> as the bench runs it: the manifest rewritten so its disks are fresh image
/// files in the bench's folder sized to the memory image, and the goal for its path (ratio to <c>dd</c>).
/// </summary>
internal sealed class BenchStack
{
    private readonly string _template;

    private BenchStack(string name, string template, double goal, string path)
    {
        Name = name;
        _template = template;
        Goal = goal;
        Path = path;
    }

    /// <summary>The manifest's file name without extension (<c>lsi-sas</c>).</summary>
    public string Name { get; }

    /// <summary>The most the stack may take relative to <c>dd</c> (medians).</summary>
    public double Goal { get; }

    /// <summary>The path in words (<c>lsi-sas1068, dumpfve</c>).</summary>
    public string Path { get; }

    /// <summary>Every <c>*.yaml</c> in <paramref name="stacksDirectory"/>, by name: stacks added later are benched too.</summary>
    public static IReadOnlyList<BenchStack> All(string stacksDirectory) =>
        [.. Directory.GetFiles(stacksDirectory, "*.yaml").Order(StringComparer.Ordinal).Select(Load)];

    private static BenchStack Load(string file)
    {
        var manifest = StackManifestLoader.Load(file);
        string model = manifest.Controller.Model;
        bool transformsData = manifest.Filters.Count > 0;
        // The goals: the LSI path 1.15x, the other controllers (PVSCSI, BusLogic, ATA DMA) 1.2x, a stack with an
        // encrypting filter 1.35x (its cipher may run on the second core).
        double goal = transformsData ? 1.35 : model.StartsWith("lsi", StringComparison.OrdinalIgnoreCase) ? 1.15 : 1.2;
        string path = string.Join(", ", new[] { model }.Concat(manifest.Filters.Select(f => f.BaseName)));
        return new BenchStack(System.IO.Path.GetFileNameWithoutExtension(file), File.ReadAllText(file), goal, path);
    }

    /// <summary>
    /// Writes the manifest for a dump of <paramref name="memoryBytes"/> into <paramref name="work"/>: every disk an image
    /// of the bench's folder (deleted before each run, so each run writes a fresh file as <c>dd</c> does), sized to the
    /// memory plus room for the dump header; everything else as shipped.
    /// </summary>
    /// <returns>The manifest path and the disk images it names.</returns>
    public (string Manifest, IReadOnlyList<string> Disks) Write(string work, long memoryBytes)
    {
        var disks = new List<string>();
        var lines = _template.Split('\n').Select(line =>
        {
            string trimmed = line.TrimStart();
            string indent = line[..(line.Length - trimmed.Length)];
            if (trimmed.StartsWith("image:", StringComparison.Ordinal) || trimmed.StartsWith("- image:", StringComparison.Ordinal))
            {
                string disk = System.IO.Path.Combine(work, string.Create(CultureInfo.InvariantCulture, $"{Name}-disk{disks.Count}.img"));
                disks.Add(disk);
                return indent + (trimmed.StartsWith('-') ? "- " : string.Empty) + "image: " + disk;
            }

            return trimmed switch
            {
                _ when trimmed.StartsWith("size:", StringComparison.Ordinal) => indent + "size: " + (memoryBytes + (4L << 20)).ToString(CultureInfo.InvariantCulture),
                _ when trimmed.StartsWith("length:", StringComparison.Ordinal) => indent + "length: " + (memoryBytes + (2L << 20)).ToString(CultureInfo.InvariantCulture),
                _ => line,
            };
        });
        string manifest = System.IO.Path.Combine(work, Name + ".yaml");
        File.WriteAllText(manifest, string.Join('\n', lines));
        return (manifest, disks);
    }
}
