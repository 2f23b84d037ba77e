using System.Buffers.Binary;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Host.Tests.Ports;

/// <summary>
/// A storport/scsiport miniport for one 32 MiB disk that uses the optional parts of contract 2.0 and records what the
/// real port does with them: it reads its PCI IDs with GetBusData in HwFindAdapter, asks for a dump buffer, answers
/// INQUIRY and READ CAPACITY itself in HwBuildIo by writing into the mapped data view (so they never reach HwStartIo),
/// and reports ScsiStopAdapter / ScsiRestartAdapter when <see cref="SupportsStopAndRestart"/> is set. Every other request
/// completes successfully in HwStartIo, except one left unanswered when <see cref="HangNextMediaRequest"/> is set.
/// </summary>
/// <param name="services">The port routines of the port under test.</param>
/// <param name="mapBuffers">What the miniport registers as HW_INITIALIZATION_DATA.MapBuffers.</param>
internal sealed class ScriptedScsiMiniport(IScsiPortServices services, StorMapBuffers mapBuffers) : IScsiMiniport
{
    /// <summary>Blocks of the scripted disk (32 MiB of 512-byte blocks).</summary>
    public const uint BlockCount = 0x10000;

    /// <summary>The INQUIRY product the miniport answers with.</summary>
    public const string Product = "SCRIPTED DISK";

    private PortConfiguration? _configuration;

    public HwInitializationData InitializationData { get; } = new() { MapBuffers = mapBuffers };

    /// <summary>The dump buffer to ask for in HwFindAdapter (RequestedDumpBufferSize).</summary>
    public uint RequestedDumpBufferSize { get; set; }

    /// <summary>Whether HwAdapterControl reports and carries out ScsiStopAdapter and ScsiRestartAdapter.</summary>
    public bool SupportsStopAndRestart { get; set; }

    /// <summary>Leave the next READ or WRITE unanswered, so the port times it out and recovers the adapter.</summary>
    public bool HangNextMediaRequest { get; set; }

    /// <summary>Vendor and device ID read from configuration space with GetBusData in HwFindAdapter.</summary>
    public (ushort VendorId, ushort DeviceId)? BusDataIds { get; private set; }

    /// <summary>The length of the DumpRegion the port had provided when HwInitialize ran (0: none).</summary>
    public int DumpRegionAtInitialize { get; private set; }

    /// <summary>MiniportDumpData as the configuration handed to HwFindAdapter carried it.</summary>
    public byte[] MiniportDumpData { get; private set; } = [];

    /// <summary>Every entry point the port called, in order, e.g. <c>HwBuildIo 0x12</c>, <c>HwAdapterControl ScsiStopAdapter</c>.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>For each READ/WRITE started, whether the port had mapped its data (DataView set).</summary>
    public List<bool> MediaRequestsMapped { get; } = [];

    /// <summary>For each READ/WRITE started, its DataTransferLength and the elements of its scatter/gather list.</summary>
    public List<(uint Bytes, int Elements)> MediaTransfers { get; } = [];

    /// <summary>Bytes of uncached extension to ask for in HwFindAdapter (0: none).</summary>
    public int UncachedExtensionBytes { get; set; }

    /// <summary>The uncached extension the port handed out, if one was asked for.</summary>
    public Abstractions.Hardware.IDmaBuffer? UncachedExtension { get; private set; }

    /// <summary>The limits the configuration carried once HwFindAdapter had run (what the port left after its caps).</summary>
    public (uint MaximumTransferLength, uint NumberOfPhysicalBreaks) LimitsSeen => (_configuration?.MaximumTransferLength ?? 0, _configuration?.NumberOfPhysicalBreaks ?? 0);

    /// <summary>NumberOfPhysicalBreaks to report in HwFindAdapter.</summary>
    public uint PhysicalBreaks { get; set; } = uint.MaxValue;

    public SpReturn HwFindAdapter(PortConfiguration configuration, string argumentString, out bool again)
    {
        again = false;
        Calls.Add("HwFindAdapter");
        _configuration = configuration;
        Span<byte> ids = stackalloc byte[4];
        if (services.GetBusData(BusDataType.PCIConfiguration, configuration.SystemIoBusNumber, configuration.SlotNumber, ids) == ids.Length)
        {
            BusDataIds = (BinaryPrimitives.ReadUInt16LittleEndian(ids), BinaryPrimitives.ReadUInt16LittleEndian(ids[2..]));
        }

        MiniportDumpData = configuration.MiniportDumpData.ToArray();
        configuration.RequestedDumpBufferSize = RequestedDumpBufferSize;
        configuration.MaximumTransferLength = 0x10000;
        configuration.NumberOfPhysicalBreaks = PhysicalBreaks;
        configuration.Dma64BitAddresses = true;
        if (UncachedExtensionBytes > 0)
        {
            UncachedExtension = services.GetUncachedExtension(configuration, UncachedExtensionBytes);
        }

        return SpReturn.Found;
    }

    public bool HwInitialize()
    {
        Calls.Add("HwInitialize");
        DumpRegionAtInitialize = _configuration?.DumpRegion?.Length ?? 0;
        return true;
    }

    public bool HwBuildIo(ScsiRequestBlock srb)
    {
        byte opcode = srb.CdbLength > 0 ? srb.Cdb[0] : (byte)0;
        Calls.Add($"HwBuildIo 0x{opcode:X2}");
        if (srb.DataView is not { } view || opcode is not (0x12 or 0x25))
        {
            return true;
        }

        // Answered from the miniport's own knowledge, through the mapped buffer: the port must not call HwStartIo.
        Span<byte> answer = stackalloc byte[36];
        answer.Clear();
        int length;
        if (opcode == 0x12)
        {
            answer[2] = 0x05;
            answer[4] = 31;
            "SCRIPTED"u8.CopyTo(answer[8..]);
            answer.Slice(16, 16).Fill((byte)' ');
            System.Text.Encoding.ASCII.GetBytes(Product).CopyTo(answer[16..]);
            "1.0 "u8.CopyTo(answer[32..]);
            length = 36;
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(answer, BlockCount - 1);
            BinaryPrimitives.WriteUInt32BigEndian(answer[4..], 512);
            length = 8;
        }

        length = (int)Math.Min(length, view.Length);
        srb.SrbStatus = view.Write(0, answer[..length]) ? SrbStatus.Success : SrbStatus.Error;
        srb.DataTransferLength = (uint)length;
        services.Notification(ScsiNotificationType.RequestComplete, srb);
        services.Notification(ScsiNotificationType.NextRequest);
        return false;
    }

    public bool HwStartIo(ScsiRequestBlock srb)
    {
        byte opcode = srb.CdbLength > 0 ? srb.Cdb[0] : (byte)0;
        Calls.Add($"HwStartIo 0x{opcode:X2}");
        if (opcode is 0x28 or 0x2A or 0x88 or 0x8A)
        {
            MediaRequestsMapped.Add(srb.DataView is not null);
            MediaTransfers.Add((srb.DataTransferLength, ((IStorPortServices)services).GetScatterGatherList(srb).Count));
            if (HangNextMediaRequest)
            {
                HangNextMediaRequest = false;
                return true;
            }
        }

        if (opcode is 0x12 or 0x25)
        {
            // Only reached when the port did not map the buffer: the miniport cannot answer without the device.
            srb.SrbStatus = SrbStatus.Error;
        }
        else
        {
            srb.SrbStatus = SrbStatus.Success;
        }

        services.Notification(ScsiNotificationType.RequestComplete, srb);
        services.Notification(ScsiNotificationType.NextRequest);
        return true;
    }

    public bool HwInterrupt() => false;

    public bool HwResetBus(byte pathId)
    {
        Calls.Add("HwResetBus");
        return true;
    }

    public ScsiAdapterControlStatus HwAdapterControl(ScsiAdapterControlType controlType, object? parameters)
    {
        Calls.Add($"HwAdapterControl {controlType}");
        if (!SupportsStopAndRestart)
        {
            return ScsiAdapterControlStatus.ScsiAdapterControlUnsuccessful;
        }

        if (controlType == ScsiAdapterControlType.ScsiQuerySupportedControlTypes && parameters is ScsiSupportedControlTypeList list)
        {
            list.SupportedTypeList[(int)ScsiAdapterControlType.ScsiQuerySupportedControlTypes] = true;
            list.SupportedTypeList[(int)ScsiAdapterControlType.ScsiStopAdapter] = true;
            list.SupportedTypeList[(int)ScsiAdapterControlType.ScsiRestartAdapter] = true;
        }

        return ScsiAdapterControlStatus.ScsiAdapterControlSuccess;
    }
}
