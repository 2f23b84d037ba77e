namespace DumpFramework.Abstractions.Filters;

/// <summary>DISK_PARTITION_INFO: how the dump disk is identified.</summary>
/// <param name="Style">MBR, GPT or raw.</param>
/// <param name="MbrSignature">The MBR disk signature (MBR only).</param>
/// <param name="GptDiskId">The GPT disk GUID (GPT only).</param>
public readonly record struct DiskPartitionInfo(PartitionStyle Style, uint MbrSignature, Guid GptDiskId);
