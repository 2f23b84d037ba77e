using System.CommandLine;
using System.CommandLine.Parsing;
using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Orchestration;

namespace DumpFramework.Host.Cli;

/// <summary>
/// Typed options: each parses and checks its own text, so a bad value is a parse error (exit 2) before any command
/// runs, let alone touches a file.
/// </summary>
internal static class CliValues
{
    /// <summary>A positive size such as <c>512 MiB</c> (ByteSizeText's forms); with <paramref name="wholePages"/>, a multiple of 4 KiB.</summary>
    public static Option<long?> Size(string name, string description, bool wholePages = false) => new(name)
    {
        Description = description,
        HelpName = "size",
        CustomParser = result =>
        {
            string text = Single(result);
            if (!ByteSize.TryParse(text, out long bytes) || bytes <= 0)
            {
                result.AddError($"{name}: '{text}' is not a size such as 512 MiB");
                return null;
            }

            if (wholePages && bytes % MemorySources.PageSize != 0)
            {
                result.AddError($"{name}: '{text}' is not a whole number of 4 KiB pages");
                return null;
            }

            return bytes;
        },
    };

    /// <summary>A number in decimal or 0x hex, as manifests write them.</summary>
    public static Option<ulong?> Number(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "number",
        CustomParser = result => ParseNumber(result, Single(result), name),
    };

    /// <summary><c>--bugcheck CODE[,P1[,P2[,P3[,P4]]]]</c>: a 32-bit code and up to four parameters, as KeBugCheckEx takes them.</summary>
    public static Option<BugCheckValues?> BugCheck(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "code[,p1,...,p4]",
        CustomParser = result =>
        {
            var values = new List<ulong>();
            foreach (string item in Single(result).Split(',', StringSplitOptions.TrimEntries))
            {
                if (ParseNumber(result, item, name) is not { } value)
                {
                    return null;
                }

                values.Add(value);
            }

            if (values.Count > 5 || values[0] > uint.MaxValue)
            {
                result.AddError($"{name} takes a 32-bit code and at most four parameters, separated by commas");
                return null;
            }

            return new BugCheckValues((uint)values[0], values.Skip(1).ToList());
        },
    };

    /// <summary><c>--format full|bitmap|raw</c>.</summary>
    public static Option<DumpFormat?> Format(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "full|bitmap|raw",
        CustomParser = result => Single(result) switch
        {
            "full" => DumpFormat.Full,
            "bitmap" => DumpFormat.Bitmap,
            "raw" => DumpFormat.Raw,
            var other => Refuse(result, $"{name}: '{other}' is not full, bitmap or raw"),
        },
    };

    /// <summary>A regular file that must exist; <paramref name="what"/> names it in the message.</summary>
    public static Option<FileInfo> ExistingFile(string name, string what, string description)
    {
        var option = new Option<FileInfo>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo?>() is { } file && ExistingFileError(file.FullName, $"{name}: {what}") is { } message)
            {
                result.AddError(message);
            }
        });
        return option;
    }

    /// <summary>
    /// Why <paramref name="path"/> is not an existing regular file, or null. A pipe, FIFO or device is refused by name
    /// before anything opens it: opening a FIFO waits for a writer forever, and /dev/zero never ends.
    /// </summary>
    public static string? ExistingFileError(string path, string what, string noun = "file")
    {
        FileNodeStatus node;
        try
        {
            node = FileNode.Inspect(path);
        }
        catch (Exception failure) when (failure is IOException or ArgumentException)
        {
            return $"{what} {path}: {failure.Message}";
        }

        return node.Kind switch
        {
            FileNodeKind.Regular => null,
            FileNodeKind.Missing => $"{what} {path} does not exist",
            FileNodeKind.Directory => $"{what} {path} is a folder, not a {noun}",
            _ => $"{what} {path} is {node.Description}, not a regular {noun}; save its content to a file and give that",
        };
    }

    /// <summary>An image file or block device to dump to (a missing image is created): never a FIFO, a character device or a folder.</summary>
    public static Option<FileInfo> DiskFile(string name, string description)
    {
        var option = new Option<FileInfo>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo?>() is not { } file)
            {
                return;
            }

            try
            {
                var node = FileNode.Inspect(file.FullName);
                if (node.Kind == FileNodeKind.Directory)
                {
                    result.AddError($"{name}: {file.FullName} is a directory, not an image file");
                }
                else if (node.Kind is not (FileNodeKind.Missing or FileNodeKind.Regular or FileNodeKind.BlockDevice))
                {
                    result.AddError($"{name}: {file.FullName} is {node.Description}, not an image file or a block device");
                }
            }
            catch (Exception failure) when (failure is IOException or ArgumentException)
            {
                result.AddError($"{name}: {file.FullName}: {failure.Message}");
            }
        });
        return option;
    }

    /// <summary>
    /// <c>--output FILE</c> or <c>-o -</c> (standard output): a new or regular file in a folder that exists, never a
    /// folder, device node, FIFO or socket (checked before anything is read).
    /// </summary>
    public static Option<OutputTarget> OutputFile(string description)
    {
        return new Option<OutputTarget>("--output", "-o")
        {
            Description = description + " '-' writes to standard output (progress then goes to standard error).",
            Required = true,
            HelpName = "file|-",
            CustomParser = result =>
            {
                string text = Single(result);
                if (text == "-")
                {
                    return OutputTarget.StandardOutput;
                }

                string path;
                FileNodeStatus node;
                try
                {
                    FileNode.CheckPath(text);
                    path = Path.GetFullPath(text);
                    node = FileNode.Inspect(path);
                }
                catch (Exception failure) when (failure is IOException or ArgumentException)
                {
                    result.AddError($"--output: {failure.Message}");
                    return null;
                }

                string? error = node.Kind switch
                {
                    FileNodeKind.Directory => $"--output: {path} is a folder; give the file to write",
                    FileNodeKind.Missing or FileNodeKind.Regular => Path.GetDirectoryName(path) is { Length: > 0 } folder && !Directory.Exists(folder)
                        ? $"--output: the folder of {path} does not exist"
                        : null,
                    _ => $"--output: {path} is {node.Description}; read and extract write only to a new or regular file (or - for standard output)",
                };
                if (error is not null)
                {
                    result.AddError(error);
                    return null;
                }

                return new OutputTarget(path);
            },
        };
    }

    private static string Single(ArgumentResult result) => result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;

    private static ulong? ParseNumber(ArgumentResult result, string text, string name)
    {
        if (NumberText.TryParseUInt64(text, out ulong value))
        {
            return value;
        }

        result.AddError($"{name}: '{text}' is not a number (decimal or 0x hex)");
        return null;
    }

    private static DumpFormat? Refuse(ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }
}
