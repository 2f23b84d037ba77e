namespace DumpFramework.Host.Scaffolding;

/// <summary>Invalid scaffolding input (a bad name, an unknown link, an existing output folder); nothing was written.</summary>
internal sealed class ScaffoldException : Exception
{
    public ScaffoldException(string message)
        : base(message)
    {
    }

    public ScaffoldException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
