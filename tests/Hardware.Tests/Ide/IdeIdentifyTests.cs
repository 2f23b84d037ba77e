using System.Text;
using DumpFramework.Hardware.Ide;
using static DumpFramework.Hardware.Tests.Ide.IdeRig;

namespace DumpFramework.Hardware.Tests.Ide;

[TestClass]
public sealed class IdeIdentifyTests
{
    [TestMethod]
    public void Identify_reports_the_words_a_driver_reads()
    {
        using var rig = new IdeRig(size: 64L << 20, options: new PiixIdeOptions { CompletionLatency = 0, Model = "ACME DUMPDISK 9000", SerialNumber = "SN123", FirmwareRevision = "FW42" });
        var identify = rig.Identify();
        Assert.AreEqual(0x0040, Word(identify, 0));
        Assert.AreEqual("ACME DUMPDISK 9000".PadRight(40), AtaString(identify, 27, 40));
        Assert.AreEqual("SN123".PadRight(20), AtaString(identify, 10, 20));
        Assert.AreEqual("FW42".PadRight(8), AtaString(identify, 23, 8));
        Assert.AreEqual((byte)'C', identify[54], "first character in the high byte of word 27");
        Assert.AreEqual((byte)'A', identify[55]);
        Assert.AreEqual(0x8010, Word(identify, 47));
        Assert.AreEqual(0x0001, Word(identify, 48));
        Assert.AreEqual(0x0300, Word(identify, 49) & 0x0300, "LBA and DMA");
        Assert.AreEqual(0, Word(identify, 59), "multiple mode off");
        Assert.AreEqual(131072u, Dword(identify, 60));
        Assert.AreEqual(0x0400, Word(identify, 83) & 0x0400);
        Assert.AreEqual(0x3000, Word(identify, 83) & 0x3000, "FLUSH CACHE and FLUSH CACHE EXT");
        Assert.AreEqual(0x4021, Word(identify, 82));
        Assert.AreEqual(0x0400, Word(identify, 86) & 0x0400);
        Assert.AreEqual(131072UL, BitConverter.ToUInt64(identify, 200));
        var (cylinders, heads, sectors) = (Word(identify, 1), Word(identify, 3), Word(identify, 6));
        Assert.AreEqual(16, heads);
        Assert.AreEqual(63, sectors);
        Assert.AreEqual(131072 / (16 * 63), cylinders);
        Assert.AreEqual(0xA5, identify[510]);
        Assert.AreEqual(0, identify.Aggregate(0, (sum, b) => (sum + b) & 0xFF), "integrity checksum");
    }

    [TestMethod]
    public void Lba28_capacity_is_capped_and_lba48_reaches_beyond_128_gib_on_a_sparse_image()
    {
        const long size = 200L << 30;
        using var rig = new IdeRig(size: size);
        var identify = rig.Identify();
        Assert.AreEqual(0x0FFF_FFFFu, Dword(identify, 60));
        Assert.AreEqual((ulong)(size / 512), BitConverter.ToUInt64(identify, 200));

        long lba = (1L << 28) + 12345;
        var source = rig.Buffer(8 * 512);
        Pattern(8 * 512, 21).CopyTo(source.Span);
        var table = rig.PrdTable((source.PhysicalAddress, 8 * 512));
        rig.Control.Write8(0, 0x02);
        rig.Dma(table, read: false, 0x35, () => rig.Lba48(lba, 8));
        Assert.AreEqual(0x50, rig.WaitDma().Status);
        CollectionAssert.AreEqual(source.Span.ToArray(), rig.ReadImage(lba * 512, 8 * 512));
        Assert.IsFalse(rig.ReadImage((lba & 0x0FFF_FFFF) * 512, 8 * 512).AsSpan().ContainsAnyExcept((byte)0), "no wrap to 28 bits");

        var target = rig.Buffer(8 * 512);
        table = rig.PrdTable((target.PhysicalAddress, 8 * 512));
        rig.Dma(table, read: true, 0x25, () => rig.Lba48(lba, 8));
        Assert.AreEqual(0x50, rig.WaitDma().Status);
        CollectionAssert.AreEqual(source.Span.ToArray(), target.Span.ToArray());

        Assert.AreEqual(0x50, rig.NonData(0x27));
        rig.Control.Write8(0, 0x82);
        long high = (long)rig.Command.Read8(3) << 24 | (long)rig.Command.Read8(4) << 32 | (long)rig.Command.Read8(5) << 40;
        rig.Control.Write8(0, 0x02);
        long low = rig.Command.Read8(3) | (long)rig.Command.Read8(4) << 8 | (long)rig.Command.Read8(5) << 16;
        Assert.AreEqual((size / 512) - 1, high | low, "READ NATIVE MAX ADDRESS EXT");

        Assert.AreEqual(0x50, rig.NonData(0xF8));
        Assert.AreEqual(0xFF, rig.Command.Read8(3));
        Assert.AreEqual(0xFF, rig.Command.Read8(4));
        Assert.AreEqual(0xFF, rig.Command.Read8(5));
        Assert.AreEqual(0x0F, rig.Command.Read8(6) & 0x0F, "READ NATIVE MAX ADDRESS is capped at 28 bits");

        // A 28-bit command cannot reach past 2^28 sectors: LBA wraps are impossible by construction.
        rig.Lba28(0x0FFF_FFFF, 1);
        rig.Issue(0x40);
        Assert.AreEqual(0x50, rig.Status);
    }

    [TestMethod]
    public void Four_kib_native_sectors_fill_words_106_and_117()
    {
        using var rig = new IdeRig(size: 8L << 20, sectorSize: 4096);
        var identify = rig.Identify();
        Assert.AreEqual(0x5000, Word(identify, 106));
        Assert.AreEqual(2048u, Dword(identify, 117));
        Assert.AreEqual(2048UL, BitConverter.ToUInt64(identify, 200));
    }

    [TestMethod]
    public void Five_twelve_emulated_sectors_report_eight_logical_per_physical()
    {
        using var rig = new IdeRig(size: 8L << 20);
        Assert.AreEqual(0x6003, Word(rig.Identify(), 106));
    }

    private static uint Dword(byte[] identify, int word) => (uint)(Word(identify, word) | (Word(identify, word + 1) << 16));

    private static string AtaString(byte[] identify, int firstWord, int length)
    {
        var text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            text.Append((char)identify[(firstWord * 2) + (i ^ 1)]);
        }

        return text.ToString();
    }
}
