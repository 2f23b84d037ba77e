namespace DumpFramework.Host.Tests.Scaffolding;

/// <summary>Reads a generated project folder back: relative paths ('/' separators) to contents.</summary>
internal static class GeneratedFiles
{
    private static readonly string[] BuildFolders = ["bin", "obj", "disks", "TestResults"];

    public static SortedDictionary<string, string> Read(string folder)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(folder, path).Replace('\\', '/');
            if (relative.Split('/').Any(part => BuildFolders.Contains(part)))
            {
                continue;
            }

            files.Add(relative, File.ReadAllText(path));
        }

        return files;
    }

    /// <summary>Asserts two generated trees hold the same files with the same contents.</summary>
    public static void AssertSame(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual, string what)
    {
        var expectedPaths = expected.Keys.Order(StringComparer.Ordinal).ToList();
        var actualPaths = actual.Keys.Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(expectedPaths, actualPaths, $"{what}: file sets differ (expected {string.Join(", ", expectedPaths)}; got {string.Join(", ", actualPaths)})");
        foreach (var (path, content) in expected)
        {
            Assert.AreEqual(content, actual[path], $"{what}: {path} differs");
        }
    }
}
