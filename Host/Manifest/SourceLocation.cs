namespace DumpFramework.Host.Manifest;

/// <summary>A position in a manifest file (1-based line and column), for <c>file:line:col: message</c> errors.</summary>
internal readonly record struct SourceLocation(string File, long Line, long Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
