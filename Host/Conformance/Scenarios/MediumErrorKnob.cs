using System.Globalization;

namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>
/// An unrecoverable medium error at one LBA of the dump region, injected through whichever knob the stack has: the
/// controller's own setting (<c>uncorrectable_lba</c> on an IDE channel, where the ATA disk reports ERR + UNC) or a
/// <c>medium_error</c> fault in the dump disk's <c>faults</c> list.
/// </summary>
internal static class MediumErrorKnob
{
    public static Capability Needed { get; } = Capability.Either(Capability.ControllerSetting("uncorrectable_lba"), Capability.DiskKey("faults"));

    /// <summary>The LBA hit: 4 MiB into the region, past the header (so the header was already rewritten).</summary>
    public static long Lba(StackUnderTest stack) => (stack.Manifest.Dump.Offset + (4L << 20)) / stack.Manifest.DumpDisk.BlockSize;

    public static void Inject(ManifestVariant variant, StackUnderTest stack)
    {
        long lba = Lba(stack);
        string text = lba.ToString(CultureInfo.InvariantCulture);
        if (stack.Model.FindSetting("uncorrectable_lba") is not null)
        {
            variant.SetControllerSetting("uncorrectable_lba", text);
        }
        else
        {
            variant.SetDisk(stack.Manifest.Dump.Disk, "faults", ManifestVariant.List([("kind", "medium_error"), ("lba", $"{text}-{text}"), ("count", "1000000")]));
        }
    }

    /// <summary>Whether <paramref name="error"/> names the LBA (decimal, or hex as the ports write it).</summary>
    public static bool Names(string? error, long lba) =>
        error is not null && (error.Contains(lba.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            || error.Contains(string.Create(CultureInfo.InvariantCulture, $"0x{lba:X}"), StringComparison.OrdinalIgnoreCase));
}
