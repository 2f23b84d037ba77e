namespace DumpFramework.Host.Cli;

/// <summary>The process exit codes of <c>dumpstack</c> (documented in the README and in --help).</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;

    /// <summary>The operation ran and failed: a dump, read or verification did not succeed.</summary>
    public const int OperationFailed = 1;

    /// <summary>Invalid input: a manifest error (reported as file:line:col), a bad argument or a missing file. Nothing was written.</summary>
    public const int InvalidInput = 2;

    /// <summary>A plugin could not be loaded or is incompatible with this host.</summary>
    public const int PluginError = 3;
}
