using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.TestPlugins.PlantedBugMiniport;

/// <summary>The LSI_SAS miniport, passed through except for the planted bug.</summary>
internal sealed class PlantedBugMiniport(IScsiMiniport inner, string bug) : IScsiMiniport
{
    public HwInitializationData InitializationData => inner.InitializationData;

    // crash-only: refuses the adapter unless the dump is a crash dump, so the hibernation stack has no disk.
    public SpReturn HwFindAdapter(PortConfiguration configuration, string argumentString, out bool again)
    {
        if (bug == "crash-only" && configuration.DumpMode != DumpMode.Crash)
        {
            again = false;
            return SpReturn.NotFound;
        }

        return inner.HwFindAdapter(configuration, argumentString, out again);
    }

    public bool HwInitialize() => inner.HwInitialize();

    public bool HwBuildIo(ScsiRequestBlock srb)
    {
        TruncateLba(srb);
        return inner.HwBuildIo(srb);
    }

    public bool HwStartIo(ScsiRequestBlock srb)
    {
        TruncateLba(srb);
        return inner.HwStartIo(srb);
    }

    public bool HwInterrupt() => inner.HwInterrupt();

    public bool HwResetBus(byte pathId) => inner.HwResetBus(pathId);

    // no-adapter-reset: claims to stop and restart the IOC without touching it, so a lost request stays lost.
    public ScsiAdapterControlStatus HwAdapterControl(ScsiAdapterControlType controlType, object? parameters) =>
        bug == "no-adapter-reset" && controlType is ScsiAdapterControlType.ScsiStopAdapter or ScsiAdapterControlType.ScsiRestartAdapter
            ? ScsiAdapterControlStatus.ScsiAdapterControlSuccess
            : inner.HwAdapterControl(controlType, parameters);

    // truncate-lba: sends READ/WRITE (16) as READ/WRITE (10) with the LBA cut to 32 bits, as firmware limited to
    // 10-byte CDBs would, so a dump past 2 TiB lands (and reads back) at the start of the disk.
    private void TruncateLba(ScsiRequestBlock srb)
    {
        if (bug != "truncate-lba" || srb.CdbLength != 16 || srb.Cdb[0] is not (0x88 or 0x8A))
        {
            return;
        }

        ReadOnlySpan<byte> cdb = srb.Cdb;
        Span<byte> ten = stackalloc byte[10];
        ten[0] = cdb[0] == 0x88 ? (byte)0x28 : (byte)0x2A;
        cdb[6..10].CopyTo(ten[2..6]);
        cdb[12..14].CopyTo(ten[7..9]);
        srb.SetCdb(ten);
    }
}

/// <summary>The storport routines the miniport imports, passed through except for completions the planted bug rewrites.</summary>
internal sealed class PlantedPortServices(IStorPortServices port, string bug) : IStorPortServices
{
    public bool IsDumpMode => port.IsDumpMode;

    public IReadOnlyList<PhysicalSegment> GetScatterGatherList(ScsiRequestBlock srb) => port.GetScatterGatherList(srb);

    public IRegisterSpace GetDeviceBase(AccessRange range) =>
        bug == "no-takeover-reset" ? new NoResetRegisters(port.GetDeviceBase(range)) : port.GetDeviceBase(range);

    public IDmaBuffer? GetUncachedExtension(PortConfiguration configuration, int length) => port.GetUncachedExtension(configuration, length);

    public ulong GetPhysicalAddress(ScsiRequestBlock srb, long offset, out uint length) => port.GetPhysicalAddress(srb, offset, out length);

    public int GetBusData(BusDataType busDataType, uint systemIoBusNumber, uint slotNumber, Span<byte> buffer) => port.GetBusData(busDataType, systemIoBusNumber, slotNumber, buffer);

    // short-timeout: every stall lasts a thousandth of what the miniport asked for (at least 1 µs), so each of its
    // timeouts, counted in stalls, is over after a thousandth of the time it was written for: 30 ms for a reset to READY.
    public void StallExecution(uint microseconds) => port.StallExecution(bug == "short-timeout" ? Math.Max(1, microseconds / 1000) : microseconds);

    public void LogError(ScsiRequestBlock? srb, uint errorCode, string message) => port.LogError(srb, errorCode, message);

    public void Notification(ScsiNotificationType type, ScsiRequestBlock? srb = null)
    {
        if (type == ScsiNotificationType.RequestComplete && srb is not null)
        {
            if (bug == "ignore-unit-attention" && srb.ScsiStatus == ScsiStatus.CheckCondition
                && srb.SenseInfoBuffer is { } sense && SenseInfo.TryParse(sense.Span[..srb.SenseInfoBufferLength], out var info) && info.Key == SenseInfo.KeyUnitAttention)
            {
                // Treats the unit attention after a reset as success: the command it answered was never carried out.
                srb.SrbStatus = SrbStatus.Success;
                srb.ScsiStatus = ScsiStatus.Good;
            }
        }

        port.Notification(type, srb);
    }
}

/// <summary>
/// no-takeover-reset: the IOC's registers with both reset writes lost (the message unit reset through the doorbell and
/// the adapter reset through the host diagnostic register), as a miniport that assumes the IOC it meets is fresh from
/// power-on and never takes over the one the normal-mode driver left OPERATIONAL.
/// </summary>
internal sealed class NoResetRegisters(IRegisterSpace registers) : IRegisterSpace
{
    private const int Doorbell = 0x00;
    private const int HostDiagnostic = 0x08;
    private const uint MessageUnitReset = 0x40u << 24;
    private const uint ResetAdapter = 0x4;

    public string Name => registers.Name;

    public int Length => registers.Length;

    public bool IsMemoryMapped => registers.IsMemoryMapped;

    public byte Read8(int offset) => registers.Read8(offset);

    public ushort Read16(int offset) => registers.Read16(offset);

    public uint Read32(int offset) => registers.Read32(offset);

    public void Write8(int offset, byte value) => registers.Write8(offset, value);

    public void Write16(int offset, ushort value) => registers.Write16(offset, value);

    public void Write32(int offset, uint value)
    {
        if ((offset == Doorbell && value == MessageUnitReset) || (offset == HostDiagnostic && (value & ResetAdapter) != 0))
        {
            return;
        }

        registers.Write32(offset, value);
    }
}
