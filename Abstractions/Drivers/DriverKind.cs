namespace DumpFramework.Abstractions.Drivers;

/// <summary>The role a driver plays in the crash dump stack.</summary>
public enum DriverKind
{
    /// <summary>A dump port driver (<c>diskdump.sys</c>, <c>dumpata.sys</c>): the crashdmp-facing polled I/O engine that
    /// exports the port library a miniport imports.</summary>
    Port = 0,

    /// <summary>A vendor miniport (<c>atapi.sys</c>, <c>LSI_SAS.sys</c>, <c>vmscsi.sys</c>, <c>pvscsi.sys</c>) loaded as its <c>dump_</c> copy.</summary>
    Miniport = 1,

    /// <summary>A crash dump filter driver (<c>dumpfve.sys</c>) registered through FILTER_INITIALIZATION_DATA.</summary>
    Filter = 2,
}
