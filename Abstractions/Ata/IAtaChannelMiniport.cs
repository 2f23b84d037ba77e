namespace DumpFramework.Abstractions.Ata;

/// <summary>
/// An ataport channel miniport (IDE_CHANNEL_INTERFACE). In dump mode the channel is in
/// <see cref="IdeOperationMode.Dump"/>, the port polls <see cref="HwInterrupt"/>, and the miniport reaches the port
/// through <see cref="IAtaPortServices"/> taken as a constructor dependency. The port learns a device the way ataport
/// does, with IDENTIFY DEVICE sent as an IRB (<see cref="IrbFunction.AtaIdentify"/>, PIO data-in, after the channel
/// reset of <see cref="ChannelInitialize"/>); a miniport completes it for a position without a device with
/// <see cref="IrbStatus.SelectionTimeout"/>.
/// </summary>
public interface IAtaChannelMiniport
{
    /// <summary>AtaChannelInitRoutine: configure the channel, reset it and find which positions hold a device; the
    /// miniport fills its limits.</summary>
    /// <param name="configuration">The channel configuration.</param>
    /// <returns><see langword="true"/> if the channel is usable.</returns>
    bool ChannelInitialize(IdeChannelConfiguration configuration);

    /// <summary>IdeHwInitialize: per-device setup after IDENTIFY DEVICE (transfer mode, multiple count).</summary>
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
