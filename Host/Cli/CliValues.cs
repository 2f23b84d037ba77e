using System.CommandLine;
using System.CommandLine.Parsing;
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

    /// <summary>A file that must exist and not be a folder; <paramref name="what"/> names it in the message.</summary>
    public static Option<FileInfo> ExistingFile(string name, string what, string description)
    {
        var option = new Option<FileInfo>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo?>() is { } file && ExistingFileError(file, what) is { } message)
            {
                result.AddError(message);
            }
        });
        return option;
    }

    /// <summary>Why <paramref name="file"/> is not an existing file, or null.</summary>
    public static string? ExistingFileError(FileInfo file, string what) =>
        Directory.Exists(file.FullName) ? $"{what} {file.FullName} is a folder, not a file"
        : !file.Exists ? $"{what} {file.FullName} does not exist"
        : null;

    /// <summary>A file to write: not a folder, in a folder that exists (checked before anything is read).</summary>
    public static Option<FileInfo> OutputFile(string description)
    {
        var option = new Option<FileInfo>("--output", "-o") { Description = description, Required = true };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo?>() is not { } file)
            {
                return;
            }

            if (Directory.Exists(file.FullName))
            {
                result.AddError($"--output: {file.FullName} is a folder; give the file to write");
            }
            else if (file.DirectoryName is { Length: > 0 } folder && !Directory.Exists(folder))
            {
                result.AddError($"--output: the folder of {file.FullName} does not exist");
            }
        });
        return option;
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
