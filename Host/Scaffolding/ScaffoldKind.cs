namespace DumpFramework.Host.Scaffolding;

/// <summary>What <c>dumpstack new</c> generates.</summary>
internal enum ScaffoldKind
{
    /// <summary>A miniport plugin, starting from the built-in driver for its port interface.</summary>
    Miniport,

    /// <summary>A dump filter plugin.</summary>
    Filter,
}
