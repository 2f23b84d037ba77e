namespace DumpFramework.Host.Cli;

/// <summary>Where <c>read</c> and <c>extract</c> write: a file (<see cref="Path"/>), or standard output when it is null (<c>-o -</c>).</summary>
internal sealed record OutputTarget(string? Path)
{
    /// <summary>Standard output (<c>-o -</c>).</summary>
    public static readonly OutputTarget StandardOutput = new((string?)null);

    /// <summary>Whether the data goes to standard output.</summary>
    public bool IsStandardOutput => Path is null;

    /// <summary>The target as the request records carry it: the full path, or <c>-</c>.</summary>
    public string Text => Path ?? "-";
}
