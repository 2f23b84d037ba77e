using DumpFramework.Abstractions.Filters;

namespace DumpFramework.Host.Dump;

/// <summary>A filter that initialized successfully and takes part in the dump.</summary>
internal sealed record ActiveFilter(string LoadName, IDumpFilter Filter, FilterExtension Extension, FilterInitializationData Data)
{
    /// <summary>Read filtering needs major version 2, the host's support flag and (by contract) a read callback.</summary>
    public bool ReadCapable => Data.MajorVersion >= FilterInitializationData.MajorVersion2 && (Data.SystemFlags & SystemFilterFlags.SupportRead) != 0;
}
