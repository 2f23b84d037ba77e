using System.Globalization;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Plugins.PortCommon;

namespace DumpFramework.Plugins.PortAta;

/// <summary>
/// The ATA side of the polled engine: an IRB goes to the channel miniport through BuildIo and StartIo (held while the
/// miniport has declared the device busy), its completion is read from the IRB status and, for a device error, from
/// the Status/Error registers translated to sense as SAT does; after a hang the channel is reset (IdeHwReset).
/// </summary>
internal sealed class AtaRequestEngine : PolledRequestEngine<IdeRequestBlock>
{
    private readonly IAtaChannelMiniport _miniport;
    private readonly AtaPortServices _services;

    /// <summary>Creates the engine.</summary>
    /// <param name="miniport">The channel miniport driven.</param>
    /// <param name="services">The ataport services the miniport calls back into.</param>
    /// <param name="context">The stack context.</param>
    /// <param name="settings">The port's settings.</param>
    /// <param name="statistics">The counters to keep.</param>
    /// <param name="diagnostics">Log and failure wording.</param>
    public AtaRequestEngine(IAtaChannelMiniport miniport, AtaPortServices services, DumpStackContext context, PortSettings settings, DumpPortStatistics statistics, PortDiagnostics diagnostics)
        : base(context, settings, statistics, diagnostics)
    {
        _miniport = miniport;
        _services = services;
    }

    /// <inheritdoc/>
    public override bool HoldSubmission => _services.DeviceIsBusy;

    /// <inheritdoc/>
    public override bool IsComplete => _services.CurrentRequestCompleted;

    /// <inheritdoc/>
    protected override string RecoveryDone => "a channel reset";

    /// <inheritdoc/>
    public override void Interrupt() => _miniport.HwInterrupt();

    /// <inheritdoc/>
    public override void End() => _services.EndRequest();

    /// <inheritdoc/>
    protected override uint DataTransferLength(IdeRequestBlock request) => request.DataTransferLength;

    /// <inheritdoc/>
    protected override void PrepareAttempt(IdeRequestBlock request, uint requested)
    {
        request.IrbStatus = IrbStatus.Pending;
        request.AtaStatus = 0;
        request.AtaError = 0;
        request.DataTransferLength = requested;
    }

    /// <inheritdoc/>
    protected override void BeginRequest(IdeRequestBlock request) => _services.BeginRequest(request);

    /// <summary>BuildIo, then StartIo: ataport calls both for every IRB; either may refuse it.</summary>
    protected override bool StartRequest(IdeRequestBlock request) => _miniport.HwBuildIo(request) && _miniport.HwStartIo(request);

    /// <inheritdoc/>
    protected override CompletionVerdict Interpret(IdeRequestBlock request, PortRequestLabel label, uint requested)
    {
        switch ((IrbStatus)((byte)request.IrbStatus & 0x0F))
        {
            case IrbStatus.Success:
                return CompletionVerdict.Success();
            case IrbStatus.Busy:
                return CompletionVerdict.Busy("IRB_STATUS_BUSY");
            case IrbStatus.BusReset:
                // The miniport reset the channel under the request (it saw the device hang or lose its settings).
                Statistics.Resets++;
                return CompletionVerdict.Retry("IRB_STATUS_BUS_RESET");
            case IrbStatus.DeviceError:
                var sense = AtaSense.FromTaskFile(request.AtaStatus, request.AtaError);
                return RecoveryPolicy.ForSense(sense, DescribeDeviceError(request, sense));
            case IrbStatus.DataLengthMismatch:
                return CompletionVerdict.Fail(NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture, $"IRB_STATUS_DATALENGTH_MISMATCH: {request.DataTransferLength} of {requested} bytes moved"));
            case IrbStatus.SelectionTimeout:
                return CompletionVerdict.Fail(NtStatus.NoSuchDevice, string.Create(CultureInfo.InvariantCulture, $"IRB_STATUS_SELECTION_TIMEOUT: no device {request.TargetId} on channel {request.Channel}"));
            case IrbStatus.InvalidRequest:
                return CompletionVerdict.Fail(NtStatus.InvalidParameter, "IRB_STATUS_INVALID_REQUEST: the miniport refused or could not carry out the request (see its log entries)");
            default:
                return CompletionVerdict.Fail(NtStatus.IoDeviceError, AtaText.IrbStatusName(request.IrbStatus));
        }
    }

    /// <inheritdoc/>
    protected override PortRequestResult RecoverAfterTimeout(IdeRequestBlock request, PortRequestLabel label, string hang)
    {
        var reset = ResetChannel(request, label, hang);
        if (reset.IsSuccess)
        {
            Diagnostics.Record(DumpLogLevel.Warning, $"Channel reset; resubmitting {label}.");
        }

        return reset;
    }

    /// <summary>A request that hung twice is still outstanding in the miniport: reset the channel once more so it
    /// is completed and the channel is left usable, then fail.</summary>
    protected override void AbandonAfterTimeout(IdeRequestBlock request, PortRequestLabel label, string hang) => ResetChannel(request, label, hang);

    /// <summary>For example <c>ERR, ABRT (status 0x51, error 0x04; sense ABORTED COMMAND 0B/00/00)</c>.</summary>
    private static string DescribeDeviceError(IdeRequestBlock irb, SenseInfo sense) =>
        string.Create(CultureInfo.InvariantCulture, $"{AtaText.StatusAndError(irb.AtaStatus, irb.AtaError)} (status 0x{irb.AtaStatus:X2}, error 0x{irb.AtaError:X2}; sense {sense.KeyName} {sense.Key:X2}/{sense.Asc:X2}/{sense.Ascq:X2})");

    /// <summary>IdeHwReset after a hang; the miniport completes the hung IRB (BUS_RESET) and brings the devices back.</summary>
    private PortRequestResult ResetChannel(IdeRequestBlock irb, PortRequestLabel label, string hang)
    {
        Statistics.Resets++;
        Diagnostics.Record(DumpLogLevel.Warning, $"{hang}; resetting the channel ({Context.DescribeAdapter()}).");

        // The hung IRB is still the outstanding one: the miniport completes it during the reset.
        _services.BeginRequest(irb);
        bool reset;
        PortRequestResult fault;
        try
        {
            if (!TryCall("HwReset", _miniport.HwReset, out reset, out fault))
            {
                return fault;
            }
        }
        finally
        {
            _services.EndRequest();
        }

        return reset ? PortRequestResult.Succeeded : Diagnostics.Failure(label, NtStatus.IoTimeout, $"{hang}, and the channel reset failed");
    }
}
