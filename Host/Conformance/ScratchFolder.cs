using System.Globalization;
using System.Text;

namespace DumpFramework.Host.Conformance;

/// <summary>
/// The kit's scratch folders (sparse disk images of a run): under the user's temporary folder, with an unpredictable
/// name (mkdtemp), readable by the owner only (0700), so that another local user can neither guess the path nor plant
/// or read an image in it; removed when the run ends.
/// </summary>
internal static class ScratchFolder
{
    /// <summary>Owner read, write and search: the only mode a scratch folder gets.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates a run's root: <c>$TMPDIR/dumpstack-conformance-USER-RANDOM</c>, mode 0700.</summary>
    /// <returns>The folder's full path.</returns>
    public static string CreateRoot()
    {
        // CreateTempSubdirectory is mkdtemp on Unix: a random suffix, created atomically with mode 0700.
        var folder = Directory.CreateTempSubdirectory($"dumpstack-conformance-{SafeUserName()}-");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder.FullName, OwnerOnly);
        }

        return folder.FullName;
    }

    /// <summary>Creates a scenario's folder under a root, mode 0700.</summary>
    /// <param name="root">A folder from <see cref="CreateRoot"/>.</param>
    /// <param name="name">The scenario's name (the folder gets a random suffix).</param>
    /// <returns>The folder's full path.</returns>
    public static string CreateUnder(string root, string name)
    {
        string folder = Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"{name[..Math.Min(name.Length, 60)]}-{Guid.NewGuid():N}"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnly);
        }

        return folder;
    }

    // The user name in the folder's name says whose it is; only letters, digits, '-' and '_' are kept.
    private static string SafeUserName()
    {
        var name = new StringBuilder();
        foreach (char c in Environment.UserName)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                name.Append(c);
            }
        }

        return name.Length == 0 ? "user" : name.ToString(0, Math.Min(name.Length, 32));
    }
}
