using System.Buffers.Binary;
using DumpFramework.Abstractions.Ata;

namespace DumpFramework.Host.Tests.Ports;

/// <summary>
/// A channel miniport for one PIO disk whose media requests end as a script says (IRB_STATUS_BUSY, a device error
/// with the Status and Error registers set, …) before they succeed, so the real port's recovery budgets can be counted
/// exactly. Every IRB it is handed is recorded as <c>function opcode</c>.
/// </summary>
/// <param name="services">The ataport services of the port under test.</param>
internal sealed class ScriptedAtaChannel(IAtaPortServices services) : IAtaChannelMiniport
{
    /// <summary>Sectors of the scripted disk (32 MiB of 512-byte sectors).</summary>
    public const uint SectorCount = 0x10000;

    /// <summary>How the next media requests end, first to last; a request finds the script empty succeeds.</summary>
    public Queue<(IrbStatus Status, byte AtaStatus, byte AtaError)> Script { get; } = new();

    /// <summary>Every IRB handed to StartIo, e.g. <c>AtaWrite 0x30</c>.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>DataTransferLength of every media IRB handed to StartIo.</summary>
    public List<uint> MediaBytes { get; } = [];

    /// <summary>The uncached extension asked for in ChannelInitialize (4 KiB).</summary>
    public Abstractions.Hardware.IDmaBuffer? UncachedExtension { get; private set; }

    /// <summary>Vendor and device ID read with AtaPortGetBusData in ChannelInitialize.</summary>
    public (ushort VendorId, ushort DeviceId)? BusDataIds { get; private set; }

    public bool ChannelInitialize(IdeChannelConfiguration configuration)
    {
        Span<byte> ids = stackalloc byte[4];
        if (services.GetBusData(ids, 0) == ids.Length)
        {
            BusDataIds = (BinaryPrimitives.ReadUInt16LittleEndian(ids), BinaryPrimitives.ReadUInt16LittleEndian(ids[2..]));
        }

        configuration.BusMaster = false;
        UncachedExtension = services.GetUncachedExtension(4096);
        return true;
    }

    public bool HwInitialize(IdeDeviceParameters parameters) => true;

    public bool HwBuildIo(IdeRequestBlock irb) => true;

    public bool HwStartIo(IdeRequestBlock irb)
    {
        Requests.Add($"{irb.Function} 0x{irb.TaskFile.Current.Command:X2}");
        if (irb.Function == IrbFunction.AtaIdentify)
        {
            // One disk, the master: IDENTIFY DEVICE moves its 512 bytes by PIO; no device answers as slave.
            bool present = irb.TargetId == 0 && services.WriteRequestData(irb, 0, IdentifyData());
            irb.IrbStatus = present ? IrbStatus.Success : IrbStatus.SelectionTimeout;
            services.CompleteRequest(irb);
            return true;
        }

        bool media = irb.Function is IrbFunction.AtaRead or IrbFunction.AtaWrite;
        if (media)
        {
            MediaBytes.Add(irb.DataTransferLength);
        }

        (irb.IrbStatus, irb.AtaStatus, irb.AtaError) = media && Script.TryDequeue(out var step) ? step : (IrbStatus.Success, (byte)0x50, (byte)0);
        services.CompleteRequest(irb);
        return true;
    }

    public bool HwInterrupt() => false;

    public bool HwReset() => true;

    public bool HwControl(IdeControlAction action) => true;

    /// <summary>IDENTIFY DEVICE of a fixed LBA28 disk with a write cache and FLUSH CACHE, no DMA, no READ MULTIPLE.</summary>
    private static byte[] IdentifyData()
    {
        var data = new byte[512];
        void Word(int index, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(index * 2), value);
        Word(0, 0x0040);
        Word(49, 0x0200);
        Word(60, (ushort)(SectorCount & 0xFFFF));
        Word(61, (ushort)(SectorCount >> 16));
        Word(83, 0x5000);
        Word(85, 0x0020);
        return data;
    }
}
