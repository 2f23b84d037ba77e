namespace DumpFramework.Abstractions.Ata;

/// <summary>
/// An ataport channel miniport (IDE_CHANNEL_INTERFACE). In dump mode the channel is in
/// <see cref="IdeOperationMode.Dump"/>, the port polls <see cref="HwInterrupt"/>, and the miniport reaches the port
/// through <see cref="IAtaPortServices"/> taken as a constructor dependency.
/// </summary>
public interface IAtaChannelMiniport
{
    /// <summary>AtaChannelInitRoutine: configure the channel; the miniport fills its limits.</summary>
    /// <param name="configuration">The channel configuration.</param>
    /// <returns><see langword="true"/> if the channel is usable.</returns>
    bool ChannelInitialize(IdeChannelConfiguration configuration);

    /// <summary>Probes the channel for devices (signature check after reset) and returns the IDENTIFY DEVICE data of
    /// the target, or <see langword="null"/> when none answers.</summary>
    /// <param name="targetId">0 master, 1 slave.</param>
    /// <returns>512 bytes of IDENTIFY data, or <see langword="null"/>.</returns>
    byte[]? Identify(byte targetId);

    /// <summary>IdeHwInitialize: per-device setup after IDENTIFY (transfer mode, multiple count).</summary>
    /// <param name="parameters">The device parameters decided by the port; the miniport may lower them.</param>
    /// <returns><see langword="true"/> on success.</returns>
    bool HwInitialize(IdeDeviceParameters parameters);

    /// <summary>IdeHwBuildIo: optional pre-processing of a request.</summary>
    /// <param name="irb">The request.</param>
    /// <returns><see langword="true"/> to go on to <see cref="HwStartIo"/>.</returns>
    bool HwBuildIo(IdeRequestBlock irb);

    /// <summary>IdeHwStartIo: start a request; completion is signalled with <see cref="IAtaPortServices.CompleteRequest"/>.</summary>
    /// <param name="irb">The request.</param>
    /// <returns><see langword="true"/> when accepted.</returns>
    bool HwStartIo(IdeRequestBlock irb);

    /// <summary>IdeHwInterrupt: polled by the dump port.</summary>
    /// <returns><see langword="true"/> if the channel had something to service.</returns>
    bool HwInterrupt();

    /// <summary>IdeHwReset: reset the channel (SRST) and bring devices back.</summary>
    /// <returns><see langword="true"/> on success.</returns>
    bool HwReset();

    /// <summary>IdeHwControl.</summary>
    /// <param name="action">The action.</param>
    /// <returns><see langword="true"/> on success.</returns>
    bool HwControl(IdeControlAction action);
}
