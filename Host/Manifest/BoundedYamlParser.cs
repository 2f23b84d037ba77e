using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DumpFramework.Host.Manifest;

/// <summary>
/// Passes YAML events through while bounding how deep collections nest and how many nodes there are: the
/// representation model builds nested collections recursively (100,000 open brackets overflow the stack, which no
/// handler can catch), and every node costs memory. A manifest needs five levels and a few hundred nodes, so the
/// bounds only refuse what is not a manifest. It also refuses, at its start, a mapping whose keys and values do not
/// pair up, which the parser can hand on after a malformed line.
/// </summary>
internal sealed class BoundedYamlParser(IParser inner, string path) : IParser
{
    /// <summary>The deepest nesting of lists and mappings accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most nodes (scalars, lists, mappings, aliases) accepted: room for a block map of a few hundred
    /// thousand extents (five nodes each).</summary>
    public const int MaxNodes = 1_000_000;

    // The open lists and mappings, innermost last, with how many nodes each holds so far.
    private readonly Stack<(bool Mapping, Mark Start, int Children)> _open = new();
    private int _nodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        var current = inner.Current!;
        switch (current)
        {
            case MappingStart or SequenceStart:
                AddNode(current);
                if (_open.Count == MaxDepth)
                {
                    throw new ManifestException(YamlMappingReader.Locate(path, current.Start), $"lists and mappings nest more than {MaxDepth} deep here; a manifest needs a handful of levels");
                }

                _open.Push((current is MappingStart, current.Start, 0));
                break;
            case MappingEnd or SequenceEnd:
                if (_open.TryPop(out var closed) && closed.Mapping && closed.Children % 2 != 0)
                {
                    // YamlDotNet's parser drops the value of a key left empty (': 1 MiB') and hands on a mapping whose
                    // keys and values no longer pair up; the representation model would fail on it without a position.
                    throw new ManifestException(YamlMappingReader.Locate(path, closed.Start), "malformed YAML: the keys and values of the mapping that starts here do not pair up (a key left empty, as in ': value'?)");
                }

                break;
            case Scalar or AnchorAlias:
                AddNode(current);
                break;
        }

        return true;
    }

    private void AddNode(ParsingEvent node)
    {
        if (_open.TryPop(out var parent))
        {
            _open.Push(parent with { Children = parent.Children + 1 });
        }

        Count(node);
    }

    private void Count(ParsingEvent node)
    {
        if (++_nodes > MaxNodes)
        {
            throw new ManifestException(YamlMappingReader.Locate(path, node.Start), string.Create(CultureInfo.InvariantCulture, $"the manifest holds more than {MaxNodes:N0} values; a stack manifest is a few lines of YAML"));
        }
    }
}
