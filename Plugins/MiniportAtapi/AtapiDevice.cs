using DumpFramework.Abstractions.Ata;

namespace DumpFramework.Plugins.MiniportAtapi;

/// <summary>What the miniport knows about one device position on its channel.</summary>
internal sealed class AtapiDevice
{
    public AtapiDeviceKind Kind { get; set; }

    /// <summary>The 512 bytes of IDENTIFY DEVICE data, kept as the port's IDENTIFY IRB passes through the data register
    /// (taken at construction: nothing is allocated once the dump runs).</summary>
    public byte[] IdentifyData { get; } = new byte[512];

    /// <summary>Whether <see cref="IdentifyData"/> holds a complete IDENTIFY DEVICE answer.</summary>
    public bool Identified { get; set; }

    /// <summary>The parameters agreed in HwInitialize (re-applied after a channel reset).</summary>
    public IdeDeviceParameters? Parameters { get; set; }

    /// <summary>The transfer mode value programmed with SET FEATURES 03h, or 0 when none was.</summary>
    public byte TransferModeValue { get; set; }

    /// <summary>Whether IDENTIFY word 48 allows 32-bit data register access.</summary>
    public bool DwordIo { get; set; }

    /// <summary>IDENTIFY word <paramref name="index"/>, or 0 before IDENTIFY.</summary>
    public ushort Word(int index) => Identified ? (ushort)(IdentifyData[index * 2] | (IdentifyData[(index * 2) + 1] << 8)) : (ushort)0;
}
