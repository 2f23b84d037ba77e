using System.Buffers.Binary;

namespace DumpFramework.Hardware.Pvscsi;

/// <summary>A request the device has taken off the request ring but not yet executed (completion latency &gt; 0).
/// Instances are pooled: one per in-flight request at most.</summary>
internal sealed class PvscsiPendingRequest
{
    /// <summary>The request descriptor as fetched.</summary>
    public byte[] Descriptor { get; } = new byte[PvscsiLayout.RequestLength];

    /// <summary>The INTR_STATUS read count at which the request executes.</summary>
    public ulong DueAt { get; set; }

    /// <summary>The context field.</summary>
    public ulong Context => BinaryPrimitives.ReadUInt64LittleEndian(Descriptor.AsSpan(PvscsiLayout.RequestContext));

    /// <summary>The target field.</summary>
    public byte Target => Descriptor[PvscsiLayout.RequestTarget];
}
