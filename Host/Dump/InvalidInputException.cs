namespace DumpFramework.Host.Dump;

/// <summary>
/// Input refused before anything was created or written: memory that cannot be read, a dump that cannot take the
/// asked-for form, or one its block map cannot hold. Exit code 2, like a manifest error.
/// </summary>
internal sealed class InvalidInputException : Exception
{
    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
