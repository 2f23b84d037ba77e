namespace DumpFramework.Plugins.MiniportPvscsi;

/// <summary>SP_* error codes of <c>srb.h</c> for StorPortLogError.</summary>
internal static class StorPortErrorCode
{
    /// <summary>SP_PROTOCOL_ERROR: the adapter answered outside the protocol (unknown context, bad host status).</summary>
    public const uint ProtocolError = 0x0005;

    /// <summary>SP_INTERNAL_ADAPTER_ERROR: the adapter refused a command or is unusable.</summary>
    public const uint InternalAdapterError = 0x0006;
}
