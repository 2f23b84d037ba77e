using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Abstractions.Ata;

/// <summary>
/// The ataport library routines a channel miniport imports (AtaPortGetDeviceBase, AtaPortGetUnCachedExtension,
/// AtaPortGetPhysicalAddress, AtaPortStallExecution, AtaPortCompleteRequest). In the dump stack the host supplies
/// the implementation of <c>dump_ataport</c>.
/// </summary>
public interface IAtaPortServices
{
    /// <summary>Whether the channel runs in dump mode.</summary>
    bool IsDumpMode { get; }

    /// <summary>The controller's register windows: command block, control block and bus-master ranges.</summary>
    IReadOnlyList<IRegisterSpace> RegisterSpaces { get; }

    /// <summary>AtaPortGetUnCachedExtension: DMA-capable memory below 4 GiB (PRD tables).</summary>
    /// <param name="length">Bytes wanted.</param>
    /// <returns>The buffer, or <see langword="null"/>.</returns>
    IDmaBuffer? GetUncachedExtension(int length);

    /// <summary>AtaPortGetScatterGatherList: the request's data as physical segments.</summary>
    /// <param name="irb">The request.</param>
    /// <returns>The segments.</returns>
    IReadOnlyList<PhysicalSegment> GetScatterGatherList(IdeRequestBlock irb);

    /// <summary>Copies between a PIO data register transfer and the request's buffer (the mapped VA of MapBuffers).</summary>
    /// <param name="irb">The request.</param>
    /// <param name="offset">Byte offset into the request's data.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <returns><see langword="false"/> when the buffer is not accessible.</returns>
    bool ReadRequestData(IdeRequestBlock irb, long offset, Span<byte> destination);

    /// <summary>Stores PIO data read from the device into the request's buffer.</summary>
    /// <param name="irb">The request.</param>
    /// <param name="offset">Byte offset into the request's data.</param>
    /// <param name="source">The bytes.</param>
    /// <returns><see langword="false"/> when the buffer is not accessible.</returns>
    bool WriteRequestData(IdeRequestBlock irb, long offset, ReadOnlySpan<byte> source);

    /// <summary>AtaPortGetBusData: copies bytes of the controller's PCI configuration space, from
    /// <paramref name="configDataOffset"/>, into <paramref name="buffer"/>; in the bench, the configuration space saved at
    /// boot (<see cref="Port.IAdapterResources.ReadConfigSpace"/>). Windows' controller miniports read their PCI IDs only
    /// outside dump mode, where configuration space is reachable; a dump-mode miniport should not depend on it.</summary>
    /// <param name="buffer">Where the bytes go; its length is the routine's BufferLength.</param>
    /// <param name="configDataOffset">Byte offset in configuration space.</param>
    /// <returns>Bytes copied: 0 outside configuration space, fewer than asked when the range runs past its end.</returns>
    int GetBusData(Span<byte> buffer, int configDataOffset);

    /// <summary>AtaPortStallExecution.</summary>
    /// <param name="microseconds">Time to stall.</param>
    void StallExecution(uint microseconds);

    /// <summary>AtaPortCompleteRequest: the request is done (its IrbStatus set).</summary>
    /// <param name="irb">The request.</param>
    void CompleteRequest(IdeRequestBlock irb);

    /// <summary>AtaPortDeviceBusy: the device cannot take requests for a while.</summary>
    /// <param name="targetId">The device.</param>
    void DeviceBusy(byte targetId);

    /// <summary>AtaPortDeviceReady.</summary>
    /// <param name="targetId">The device.</param>
    void DeviceReady(byte targetId);

    /// <summary>Records a channel error in the dump log.</summary>
    /// <param name="message">A description.</param>
    void LogError(string message);
}
