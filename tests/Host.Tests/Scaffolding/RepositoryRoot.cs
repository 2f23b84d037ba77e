namespace DumpFramework.Host.Tests.Scaffolding;

/// <summary>The repository the test run was built from: found by walking up from the test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string? Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DumpFramework.sln")) && Directory.Exists(Path.Combine(folder.FullName, "templates")))
            {
                return folder.FullName;
            }
        }

        return null;
    }

    public static string Require()
    {
        string? root = Find();
        if (root is null)
        {
            Assert.Inconclusive("the repository (DumpFramework.sln with templates/) is not above the test output folder");
        }

        return root!;
    }
}
