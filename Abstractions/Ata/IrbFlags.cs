namespace DumpFramework.Abstractions.Ata;

/// <summary>IRB_FLAGS_* of <c>irb.h</c>.</summary>
[Flags]
public enum IrbFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary>IRB_FLAGS_DRDY_REQUIRED.</summary>
    DrdyRequired = 0x1,
    /// <summary>IRB_FLAGS_USE_DMA: move data by bus-master DMA.</summary>
    UseDma = 0x2,
    /// <summary>IRB_FLAGS_MAP_BUFFERS.</summary>
    MapBuffers = 0x4,
    /// <summary>IRB_FLAGS_48BIT: the task file uses the Previous (HOB) registers.</summary>
    Lba48 = 0x8,
    /// <summary>IRB_FLAGS_PIO_MULTIPLE: PIO with READ/WRITE MULTIPLE blocks.</summary>
    PioMultiple = 0x10,
    /// <summary>IRB_FLAGS_RETURN_RESULTS: return the task file at completion.</summary>
    ReturnResults = 0x20,
    /// <summary>IRB_FLAGS_DATA_IN.</summary>
    DataIn = 0x40,
    /// <summary>IRB_FLAGS_DATA_OUT.</summary>
    DataOut = 0x80,
    /// <summary>IRB_FLAGS_DISCARDABLE.</summary>
    Discardable = 0x100,
    /// <summary>IRB_FLAGS_HIGH_PRIORITY.</summary>
    HighPriority = 0x200,
    /// <summary>IRB_FLAGS_FORCE_ENUM_DEVICE1.</summary>
    ForceEnumDevice1 = 0x400,
}
