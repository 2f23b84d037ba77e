using System.Reflection;
using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Host.Dump;

namespace DumpFramework.Host.Cli;

/// <summary>
/// The built-in LSI_SAS stack that <c>dumpstack dump</c> uses with no manifest. Its folder is one fixed folder per
/// user under the temporary folder (<c>dumpstack-USER</c>), reused by every such dump: each dump overwrites the
/// previous one's disk image, so nothing piles up, and a second such dump running at the same time is refused by the
/// image's lock. The folder is created (mode 0700) only once the dump's plan was accepted, and refused when it is a
/// symlink or belongs to another user (a fixed name in a shared folder could be planted).
/// </summary>
internal sealed class BuiltInStack
{
    private BuiltInStack(string path, string text)
    {
        Path = path;
        Text = text;
    }

    /// <summary>Where the manifest goes: lsi-sas.yaml in the per-user folder.</summary>
    public string Path { get; }

    /// <summary>The manifest's text.</summary>
    public string Text { get; }

    /// <summary>The per-user folder the built-in stack's manifest and disk image live in.</summary>
    public static string Folder => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dumpstack-" + SafeUserName());

    public static BuiltInStack Plan()
    {
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("DumpFramework.Host.stacks.lsi-sas.yaml")
            ?? throw new InvalidOperationException("the built-in stack manifest is missing from dumpstack");
        using var reader = new StreamReader(resource);
        return new BuiltInStack(System.IO.Path.Combine(Folder, "lsi-sas.yaml"), reader.ReadToEnd());
    }

    /// <summary>Writes the manifest into its folder, so that <c>extract -m</c> can name it afterwards.</summary>
    /// <exception cref="InvalidInputException">The folder is a symlink, not a folder, or another user's.</exception>
    public void Write()
    {
        string folder = System.IO.Path.GetDirectoryName(Path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var info = new DirectoryInfo(folder);
            var node = FileNode.Inspect(folder);
            if (info.LinkTarget is not null || node.Kind != FileNodeKind.Directory || node.OwnerId != FileNode.CurrentUserId)
            {
                throw new InvalidInputException($"the built-in stack's folder {folder} is a symlink, not a folder, or belongs to another user; remove it or give a manifest with -m");
            }
        }

        string temporary = Path + ".partial";
        File.WriteAllText(temporary, Text);
        File.Move(temporary, Path, overwrite: true);
    }

    // The user's name as a file name: letters, digits, '-', '_' and '.'; anything else becomes '_'.
    private static string SafeUserName()
    {
        string name = Environment.UserName;
        var safe = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        return safe.Length == 0 ? "user" : new string(safe);
    }
}
