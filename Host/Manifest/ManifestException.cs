namespace DumpFramework.Host.Manifest;

/// <summary>A mistake in a stack manifest, reported as <c>file:line:col: message</c>.</summary>
internal sealed class ManifestException : Exception
{
    public ManifestException(SourceLocation location, string message)
        : base($"{location}: {message}")
    {
        Location = location;
        Reason = message;
    }

    public SourceLocation Location { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }
}
