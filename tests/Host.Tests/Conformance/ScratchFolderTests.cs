using DumpFramework.Host.Cli;
using DumpFramework.Host.Conformance;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Conformance;

/// <summary>The kit's scratch folders are private (0700), unpredictable, per user, and gone when the run ends.</summary>
[TestClass]
public sealed class ScratchFolderTests
{
    [TestMethod]
    public void A_scratch_root_is_private_named_for_the_user_and_unpredictable()
    {
        string first = ScratchFolder.CreateRoot();
        string second = ScratchFolder.CreateRoot();
        try
        {
            Assert.AreNotEqual(first, second);
            string name = Path.GetFileName(first);
            StringAssert.StartsWith(name, "dumpstack-conformance-");
            Assert.DoesNotContain(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), name.Split('-')[^1]);
            if (!OperatingSystem.IsWindows())
            {
                Assert.AreEqual(ScratchFolder.OwnerOnly, File.GetUnixFileMode(first));
                string scenario = ScratchFolder.CreateUnder(first, "clean-full-dump");
                Assert.AreEqual(ScratchFolder.OwnerOnly, File.GetUnixFileMode(scenario));
                StringAssert.StartsWith(Path.GetFileName(scenario), "clean-full-dump-");
            }
        }
        finally
        {
            ConformanceRunner.TryDelete(first);
            ConformanceRunner.TryDelete(second);
        }
    }

    [TestMethod]
    public void A_conformance_run_leaves_no_scratch_folder_behind()
    {
        // The run's temporary folder is pointed at an empty folder of the test's own: whatever the kit made there must be gone.
        using var files = new StackFiles("scratch");
        string temporary = Path.Combine(files.Folder, "tmp");
        Directory.CreateDirectory(temporary);
        string? saved = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", temporary);
        try
        {
            Assert.AreEqual(temporary + Path.DirectorySeparatorChar, Path.GetTempPath());
            var (code, output, error) = CliRun.Invoke("conformance", "-m", TestPaths.Stack("lsi-sas"), "--scenario", "clean-full-dump");
            Assert.AreEqual(ExitCodes.Success, code, output + error);
            Assert.IsEmpty(Directory.GetFileSystemEntries(temporary), "left behind: " + string.Join(", ", Directory.GetFileSystemEntries(temporary)));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", saved);
        }
    }
}
