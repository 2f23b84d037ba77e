namespace DumpFramework.Abstractions.Filters;

/// <summary>PARTITION_STYLE of the dump disk.</summary>
public enum PartitionStyle
{
    /// <summary>PARTITION_STYLE_MBR.</summary>
    Mbr = 0,
    /// <summary>PARTITION_STYLE_GPT.</summary>
    Gpt = 1,
    /// <summary>PARTITION_STYLE_RAW.</summary>
    Raw = 2,
}
