namespace DumpFramework.Abstractions.Scsi;

/// <summary>SRB queue tag actions and the untagged value of <c>srb.h</c>.</summary>
public static class SrbQueueAction
{
    /// <summary>SRB_SIMPLE_TAG_REQUEST.</summary>
    public const byte SimpleTag = 0x20;

    /// <summary>SRB_HEAD_OF_QUEUE_TAG_REQUEST.</summary>
    public const byte HeadOfQueueTag = 0x21;

    /// <summary>SRB_ORDERED_QUEUE_TAG_REQUEST.</summary>
    public const byte OrderedQueueTag = 0x22;

    /// <summary>SP_UNTAGGED: the request carries no queue tag.</summary>
    public const byte Untagged = 0xFF;
}
