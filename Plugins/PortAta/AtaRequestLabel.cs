using System.Globalization;

namespace DumpFramework.Plugins.PortAta;

/// <summary>What a request is, for messages: <c>WRITE DMA EXT LBA 0x1000 x 128</c>.</summary>
internal readonly record struct AtaRequestLabel(string Command, long Lba = 0, uint Sectors = 0)
{
    /// <summary>Whether the request moves medium data (a short transfer is then a failure).</summary>
    public bool IsMediaTransfer => Sectors != 0;

    public override string ToString() => IsMediaTransfer
        ? string.Create(CultureInfo.InvariantCulture, $"{Command} LBA 0x{Lba:X} x {Sectors}")
        : Command;
}
