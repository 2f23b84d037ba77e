using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DumpFramework.Host.Tests.Fuzz;

/// <summary>
/// Derives hostile variants of a valid manifest, deterministically from a seed: token deletions and duplications,
/// type swaps (scalar, list, mapping), key typos, numbers and sizes at their limits, NUL and other awkward
/// characters, unbalanced brackets, deep nesting, duplicate keys, extra documents, anchors, tags, indentation slips,
/// truncation and splices between manifests. Each mutant records the operations that made it, for the report.
/// The first <c>validSeeds</c> seeds are valid manifests, the rest already hold a mistake.
/// </summary>
internal sealed partial class ManifestMutator(IReadOnlyList<string> seeds, int validSeeds)
{
    private static readonly string[] Numbers =
    [
        "0", "-1", "1", "7", "8", "255", "256", "511", "512", "513", "4095", "4096", "4097", "65536",
        "2147483647", "2147483648", "-2147483648", "4294967295", "4294967296", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "18446744073709551615", "18446744073709551616",
        "99999999999999999999999999999", "0x0", "0xFFFFFFFF", "0x7FFFFFFFFFFFFFFF", "0xFFFFFFFFFFFFFFFF", "0x10000000000000000",
        "0x", "1e3", "1.5", "-0", "+1", ".5", "0b101", "0o17", "1_000", "NaN", ".inf", "-.inf",
    ];

    private static readonly string[] Sizes =
    [
        "0", "0 B", "1 B", "511 B", "512", "1 KiB", "4 KiB", "1 MiB", "1.5 KiB", "0.5 B", "1 PiB", "8 EiB", "-1 MiB", "- 1 MiB",
        "9223372036854775807", "9223372036854775296", "9223372036854775808", "8388607 TiB", "8388608 TiB", "16 TiB",
        "1 TB", "1.0000000001 GiB", "1 gib", "1MiB", "1  MiB", "MiB", "1 MiB 2", "0x100000", "1e6",
    ];

    private static readonly string[] Characters =
    [
        "\\0", "\\x00", "\\u0000", "\\t", "\\n", "\\r", "\\x7f", "\\u202e", "\\ufeff", "\\u200b", "\\U0001F4A5", "\\ud800",
        "\u00fc", "\u202e", "\u200b", "\u00a0", "\ufeff", "\U0001F4A5", "\u0130", "\t", "%", "@", "`", "|", ">", "!", "&", "*", "#", "?",
    ];

    private static readonly string[] Brackets = ["[", "]", "{", "}", "\"", "'", ",", ":", "- ", "? "];

    private static readonly string[] Keys =
    [
        "stack", "port", "miniport", "filters", "filter_errors", "hardware", "controller", "disks", "target", "lun", "image",
        "size", "block_size", "attached", "dump", "disk", "offset", "length", "extents", "format", "omit_zero_pages", "header",
        "name", "settings", "model", "bugcheck_code", "bugcheck_parameters", "processors", "comment", "key_file",
        "volume_offset", "transfer_mode", "lba48", "completion_latency", "hang_request", "uncorrectable_lba", "retry_limit",
        "poll_interval_microseconds", "busy_resubmit_limit", "busy_delay_microseconds", "not_ready_delay_microseconds",
    ];

    private static readonly string[] Values =
    [
        "diskdump", "dumpata", "LSI_SAS", "vmscsi", "atapi", "dumpfve", "lsi-sas1068", "buslogic-bt958", "pvscsi", "piix-ide", "abort", "continue",
        "full", "bitmap", "raw", "true", "false", "yes", "no", "~", "null", "\"\"", "''", "[]", "{}", "pio", "pio-multiple", "dma",
        "udma", "keys/fvek-xts128.hex", "keys", "stack.yaml", ".", "disk.img", "\"2056, 4100\"", "\"1,x\"", "0xE2", "[1, 2, 3, 4, 5]", "[0x1, 0x2]",
    ];

    private readonly IReadOnlyList<string> _seeds = seeds;

    /// <summary>One mutant: the <paramref name="index"/>th of the run <paramref name="runSeed"/>, the same on every machine.</summary>
    public Mutant Create(int runSeed, int index)
    {
        var random = new Random(MixSeed(runSeed, index));
        // Mostly a valid manifest and one change, so that most mutants get past the YAML to the plan, the drivers and
        // the dump; now and then several changes, or a manifest of the error corpus.
        int seed = random.Next(4) == 0 ? random.Next(_seeds.Count) : random.Next(validSeeds);
        string text = _seeds[seed];
        var operations = new List<string>();
        int count = random.Next(3) == 0 ? random.Next(2, 5) : 1;
        for (int step = 0; step < count; step++)
        {
            var (name, mutated) = Mutate(random, text);
            operations.Add(name);
            text = mutated;
        }

        return new Mutant(index, seed, text, operations);
    }

    /// <summary>A per-mutant seed: a single mutant can be replayed without generating those before it.</summary>
    private static int MixSeed(int runSeed, int index)
    {
        // splitmix64 finalizer: neighbouring indexes give unrelated streams.
        ulong z = unchecked(((ulong)(uint)runSeed << 32) + (ulong)index + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(z ^ (z >> 31)));
    }

    private (string Name, string Text) Mutate(Random random, string text)
    {
        var lines = text.Split('\n').ToList();
        switch (random.Next(22))
        {
            case 0:
                return ("delete a token", EditToken(random, text, _ => string.Empty));
            case 1:
                return ("duplicate a token", EditToken(random, text, token => token + (random.Next(2) == 0 ? " " : string.Empty) + token));
            case 2:
                return ("delete a line", EditLine(random, lines, _ => null));
            case 3:
                return ("duplicate a line (duplicate key)", EditLine(random, lines, line => line + "\n" + line));
            case 4:
                return ("value to a list", EditValue(random, text, value => random.Next(2) == 0 ? $"[{value}]" : $"\n  - {value}"));
            case 5:
                return ("value to a mapping", EditValue(random, text, value => random.Next(2) == 0 ? $"{{{value}: {value}}}" : $"{{name: {value}}}"));
            case 6:
                return ("collection to a scalar", CollapseCollection(random, lines));
            case 7:
                return ("key typo", EditKey(random, text, key => Typo(random, key)));
            case 8:
                return ("number at a limit", EditNumber(random, text, Pick(random, Numbers)));
            case 9:
                return ("size at a limit", EditValue(random, text, _ => Pick(random, Sizes)));
            case 10:
                return ("awkward character", InsertCharacter(random, text));
            case 11:
                return ("unbalanced bracket", Insert(random, text, Pick(random, Brackets)));
            case 12:
                return ("deep nesting", EditValue(random, text, value => Nest(random, value)));
            case 13:
                return ("extra document", ExtraDocument(random, text));
            case 14:
                return ("anchor or alias", Anchor(random, text));
            case 15:
                return ("tag", EditValue(random, text, value => $"{Pick(random, ["!!str", "!!int", "!!map", "!!seq", "!!binary", "!custom", "!<tag:x>"])} {value}"));
            case 16:
                return ("indentation slip", EditLine(random, lines, line => random.Next(3) switch
                {
                    0 => " " + line,
                    1 => line.StartsWith(' ') ? line[1..] : "\t" + line,
                    _ => line.Replace("  ", "\t", StringComparison.Ordinal),
                }));
            case 17:
                return ("truncation", text[..random.Next(text.Length + 1)]);
            case 18:
                return ("splice from another manifest", Splice(random, lines));
            case 19:
                return ("known key added", AddKey(random, lines));
            case 20:
                return ("value replaced", EditValue(random, text, _ => Pick(random, Values)));
            default:
                return ("extents", AddExtents(random, text));
        }
    }

    private static string EditToken(Random random, string text, Func<string, string> edit)
    {
        var tokens = Tokens().Matches(text);
        if (tokens.Count == 0)
        {
            return text;
        }

        var token = tokens[random.Next(tokens.Count)];
        return string.Concat(text.AsSpan(0, token.Index), edit(token.Value), text.AsSpan(token.Index + token.Length));
    }

    private static string EditLine(Random random, List<string> lines, Func<string, string?> edit)
    {
        int index = random.Next(lines.Count);
        string? replaced = edit(lines[index]);
        if (replaced is null)
        {
            lines.RemoveAt(index);
        }
        else
        {
            lines[index] = replaced;
        }

        return string.Join('\n', lines);
    }

    private static string EditValue(Random random, string text, Func<string, string> edit)
    {
        var values = ValuesAfterColon().Matches(text);
        if (values.Count == 0)
        {
            return text;
        }

        var group = values[random.Next(values.Count)].Groups["value"];
        return string.Concat(text.AsSpan(0, group.Index), edit(group.Value), text.AsSpan(group.Index + group.Length));
    }

    private static string EditKey(Random random, string text, Func<string, string> edit)
    {
        var keys = KeysBeforeColon().Matches(text);
        if (keys.Count == 0)
        {
            return text;
        }

        var group = keys[random.Next(keys.Count)].Groups["key"];
        return string.Concat(text.AsSpan(0, group.Index), edit(group.Value), text.AsSpan(group.Index + group.Length));
    }

    private static string EditNumber(Random random, string text, string number)
    {
        var numbers = NumberTokens().Matches(text);
        if (numbers.Count == 0)
        {
            return text;
        }

        var match = numbers[random.Next(numbers.Count)];
        return string.Concat(text.AsSpan(0, match.Index), number, text.AsSpan(match.Index + match.Length));
    }

    // A key whose value is written on the lines below it loses them for a scalar.
    private static string CollapseCollection(Random random, List<string> lines)
    {
        var parents = Enumerable.Range(0, lines.Count).Where(i => lines[i].TrimEnd().EndsWith(':')).ToList();
        if (parents.Count == 0)
        {
            return string.Join('\n', lines);
        }

        int index = parents[random.Next(parents.Count)];
        int indent = Indent(lines[index]);
        int end = index + 1;
        while (end < lines.Count && (lines[end].Trim().Length == 0 || Indent(lines[end]) > indent || lines[end].TrimStart().StartsWith("- ", StringComparison.Ordinal)))
        {
            end++;
        }

        lines[index] = lines[index].TrimEnd() + " " + Pick(random, Values);
        lines.RemoveRange(index + 1, end - index - 1);
        return string.Join('\n', lines);
    }

    private static string Typo(Random random, string key)
    {
        if (key.Length < 2)
        {
            return key + "x";
        }

        int at = random.Next(key.Length - 1);
        return random.Next(5) switch
        {
            0 => key.Remove(at, 1),
            1 => string.Concat(key.AsSpan(0, at), key[at + 1].ToString(), key[at].ToString(), key.AsSpan(at + 2)),
            2 => key.ToUpperInvariant(),
            3 => key.Insert(at, key[at].ToString()),
            _ => key.Replace('_', '-'),
        };
    }

    private static string InsertCharacter(Random random, string text)
    {
        string character = Pick(random, Characters);

        // Escapes only mean something inside double quotes; written raw they test the scanner instead.
        if (character.StartsWith('\\'))
        {
            return EditValue(random, text, value => $"\"{value.Trim('"')}{character}\"");
        }

        return random.Next(2) == 0 ? EditValue(random, text, value => value + character) : Insert(random, text, character);
    }

    private static string Insert(Random random, string text, string insertion)
    {
        int at = random.Next(text.Length + 1);
        return text.Insert(at, insertion);
    }

    private static string Nest(Random random, string value)
    {
        int depth = Pick(random, [2, 10, 62, 63, 64, 65, 66, 200, 5_000, 100_000]);
        bool balanced = random.Next(4) != 0;
        var text = new StringBuilder(depth * 5);
        switch (random.Next(3))
        {
            case 0:
                text.Append('[', depth).Append(value).Append(']', balanced ? depth : depth / 2);
                break;
            case 1:
                for (int level = 0; level < depth; level++)
                {
                    text.Append("{a: ");
                }

                text.Append(value).Append('}', balanced ? depth : depth / 2);
                break;
            default:
                // Block style: each level one step further in.
                for (int level = 0; level < Math.Min(depth, 2_000); level++)
                {
                    text.Append('\n').Append(' ', 2 * (level + 2)).Append("k:");
                }

                text.Append(' ').Append(value);
                break;
        }

        return text.ToString();
    }

    private static string ExtraDocument(Random random, string text) => random.Next(5) switch
    {
        0 => text + "\n---\nstack: second\n",
        1 => text + "\n---\n" + text,
        2 => "%YAML 1.2\n---\n" + text + "\n...\n",
        3 => "---\n" + text + "\n...\n---\n",
        _ => "%TAG ! tag:example.com,2000:\n%YAML 1.1\n---\n" + text,
    };

    private static string Anchor(Random random, string text)
    {
        switch (random.Next(4))
        {
            case 0:
                return EditValue(random, text, value => "*undefined");
            case 1:
                // An anchor on one value, its alias in place of another (possibly before the anchor).
                string anchored = EditValue(random, text, value => "&x " + value);
                return EditValue(random, anchored, _ => "*x");
            case 2:
                return text.Replace("hardware:", "hardware: &hw", StringComparison.Ordinal).Replace("dump:", "dump: *hw", StringComparison.Ordinal);
            default:
                return text.Replace("dump:", "dump:\n  <<: *hw", StringComparison.Ordinal).Replace("hardware:", "hardware: &hw", StringComparison.Ordinal);
        }
    }

    private string Splice(Random random, List<string> lines)
    {
        var donor = _seeds[random.Next(_seeds.Count)].Split('\n');
        string line = donor[random.Next(donor.Length)];
        lines.Insert(random.Next(lines.Count + 1), line);
        return string.Join('\n', lines);
    }

    private static string AddKey(Random random, List<string> lines)
    {
        int index = random.Next(lines.Count);
        string indent = new(' ', Indent(lines[index]));
        string value = random.Next(3) switch
        {
            0 => Pick(random, Numbers),
            1 => Pick(random, Sizes),
            _ => Pick(random, Values),
        };
        lines.Insert(index + 1, $"{indent}{Pick(random, Keys)}: {value}");
        return string.Join('\n', lines);
    }

    private static string AddExtents(Random random, string text)
    {
        int count = Pick(random, [1, 2, 3, 8, 50, 400]);
        var extents = new StringBuilder();
        for (int index = 0; index < count; index++)
        {
            // Mostly aligned, in-region and apart; now and then misaligned, overlapping or outside.
            long offset = random.Next(8) switch
            {
                0 => random.NextInt64(0, 1L << 40),
                1 => (1L << 20) + (random.Next(64) * 512L) + 1,
                _ => (1L << 20) + (index * 65536L),
            };
            long length = random.Next(8) switch
            {
                0 => 0,
                1 => random.NextInt64(1, long.MaxValue),
                2 => 65536 * 2,
                _ => 32768,
            };
            extents.Append(CultureInfo.InvariantCulture, $"{(index == 0 ? string.Empty : ", ")}{{offset: {offset}, length: {length}}}");
        }

        return text.Contains("\ndump:", StringComparison.Ordinal)
            ? text.Replace("\ndump:", $"\ndump:\n  extents: [{extents}]", StringComparison.Ordinal)
            : text + $"\n  extents: [{extents}]";
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    [GeneratedRegex(@"[^\s\[\]{},:#]+|[\[\]{},:]")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"(?<=:[ \t]+)(?<value>[^\s#\[\]{},][^#\n\[\]{},]*?)(?=[ \t]*(#|,|\}|\]|\n|$))", RegexOptions.Multiline)]
    private static partial Regex ValuesAfterColon();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)(?=:[ \t\n])")]
    private static partial Regex KeysBeforeColon();

    [GeneratedRegex(@"(?<![\w.])(0x[0-9A-Fa-f]+|[0-9]+)(?![\w.])")]
    private static partial Regex NumberTokens();
}

/// <summary>A mutated manifest: its index in the run, the seed manifest it came from and how it was made.</summary>
internal sealed record Mutant(int Index, int Seed, string Text, IReadOnlyList<string> Operations);
