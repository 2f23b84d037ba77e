using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DumpFramework.Host.Manifest;

/// <summary>
/// Passes YAML events through while bounding how deep collections nest and how many nodes there are: the
/// representation model builds nested collections recursively (100,000 open brackets overflow the stack, which no
/// handler can catch), and every node costs memory. A manifest needs five levels and a few hundred nodes, so the
/// bounds only refuse what is not a manifest.
/// </summary>
internal sealed class BoundedYamlParser(IParser inner, string path) : IParser
{
    /// <summary>The deepest nesting of lists and mappings accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most nodes (scalars, lists, mappings, aliases) accepted: room for a block map of a few hundred
    /// thousand extents (five nodes each).</summary>
    public const int MaxNodes = 1_000_000;

    private int _depth;
    private int _nodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case MappingStart or SequenceStart:
                if (++_depth > MaxDepth)
                {
                    throw new ManifestException(YamlMappingReader.Locate(path, inner.Current.Start), $"lists and mappings nest more than {MaxDepth} deep here; a manifest needs a handful of levels");
                }

                Count();
                break;
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
            case Scalar or AnchorAlias:
                Count();
                break;
        }

        return true;
    }

    private void Count()
    {
        if (++_nodes > MaxNodes)
        {
            throw new ManifestException(YamlMappingReader.Locate(path, inner.Current!.Start), string.Create(CultureInfo.InvariantCulture, $"the manifest holds more than {MaxNodes:N0} values; a stack manifest is a few lines of YAML"));
        }
    }
}
