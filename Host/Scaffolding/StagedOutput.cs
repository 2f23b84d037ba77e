using System.Text;

namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// Writes a set of generated files so that nothing is half-written: everything goes into a staging folder beside the
/// target first, and only a complete staging folder is moved into place (one rename when the target is new).
/// </summary>
internal static class StagedOutput
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Checks that <paramref name="target"/> may be written.</summary>
    /// <exception cref="ScaffoldException">It is a file, or an existing folder and <paramref name="force"/> is off.</exception>
    public static void CheckTarget(string target, bool force)
    {
        target = Normalize(target);
        if (File.Exists(target))
        {
            throw new ScaffoldException($"output {target} is a file, not a folder");
        }

        if (Directory.Exists(target) && !force)
        {
            throw new ScaffoldException($"output folder {target} already exists (use --force to write into it, overwriting generated files)");
        }
    }

    /// <summary>Writes <paramref name="files"/> below <paramref name="target"/>.</summary>
    /// <param name="target">Absolute output folder.</param>
    /// <param name="files">Files with relative paths.</param>
    /// <param name="force">Write into an existing folder, overwriting files of the same name and keeping the others.</param>
    /// <exception cref="ScaffoldException">The target may not be written, or writing failed (nothing was left behind).</exception>
    public static void Write(string target, IReadOnlyList<RenderedFile> files, bool force)
    {
        target = Normalize(target);
        CheckTarget(target, force);
        string parent = Path.GetDirectoryName(target) ?? throw new ScaffoldException($"output {target} has no parent folder");
        string staging = Path.Combine(parent, "." + Path.GetFileName(target) + ".new-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(parent);
            foreach (var file in files)
            {
                string path = Resolve(staging, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content, Utf8NoBom);
            }

            if (!Directory.Exists(target))
            {
                Directory.Move(staging, target);
                return;
            }

            foreach (var file in files)
            {
                string destination = Resolve(target, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Move(Resolve(staging, file.Path), destination, overwrite: true);
            }
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new ScaffoldException($"cannot write {target}: {failure.Message}", failure);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>The absolute folder path without a trailing separator (<c>out/</c> and <c>out</c> are one folder).</summary>
    public static string Normalize(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));

    /// <summary>A generated path below a folder; a path that would leave the folder is a template bug.</summary>
    private static string Resolve(string folder, string relativePath)
    {
        string path = Path.GetFullPath(Path.Combine(folder, relativePath));
        if (!path.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"generated path {relativePath} leaves the output folder");
        }

        return path;
    }
}
