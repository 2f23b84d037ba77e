using System.Globalization;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>What a request is, for failure messages and the log: the command name and, for media access, the range.
/// Kept as a struct of a constant string and numbers so the hot path formats nothing.</summary>
/// <param name="Command">The command, e.g. <c>WRITE(10)</c>, <c>WRITE DMA EXT</c> or <c>SRB_FUNCTION_SHUTDOWN</c>.</param>
/// <param name="Lba">First block, when <paramref name="Blocks"/> is non-zero.</param>
/// <param name="Blocks">Number of blocks (sectors) moved; 0 for commands without a media range.</param>
internal readonly record struct PortRequestLabel(string Command, long Lba = 0, uint Blocks = 0)
{
    /// <summary>Whether the request reads or writes the medium (a short transfer is then a failure).</summary>
    public bool IsMediaTransfer => Blocks != 0;

    /// <inheritdoc/>
    public override string ToString() => IsMediaTransfer
        ? string.Create(CultureInfo.InvariantCulture, $"{Command} LBA 0x{Lba:X} x {Blocks}")
        : Command;
}
