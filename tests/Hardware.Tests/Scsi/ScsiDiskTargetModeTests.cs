using System.Buffers.Binary;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.Tests.Scsi;

[TestClass]
public sealed class ScsiDiskTargetModeTests
{
    [TestMethod]
    public void Mode_sense_6_returns_header_block_descriptor_and_caching_page()
    {
        using var disk = new ScsiDisk(size: 64L << 20);
        var (result, data) = disk.In(Cdb.ModeSense6(0x08), 255);
        ScsiDisk.AssertGood(result);
        Assert.HasCount(4 + 8 + 20, data);
        Assert.AreEqual(data.Length - 1, data[0], "mode data length");
        Assert.AreEqual(0x10, data[2], "DPOFUA, not write-protected");
        Assert.AreEqual(8, data[3]);
        Assert.AreEqual((64u << 20) / 512, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4)));
        Assert.AreEqual(512u, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8)) & 0xFFFFFF);
        Assert.AreEqual(0x08, data[12]);
        Assert.AreEqual(0x12, data[13]);
        Assert.AreEqual(0x04, data[14] & 0x04, "WCE set by default");
        Assert.AreEqual(0x00, data[14] & 0x01, "RCD clear");
    }

    [TestMethod]
    public void Dbd_drops_the_block_descriptor_and_allocation_length_truncates()
    {
        using var disk = new ScsiDisk();
        var (result, data) = disk.In(Cdb.ModeSense6(0x08, dbd: true), 255);
        ScsiDisk.AssertGood(result);
        Assert.HasCount(24, data);
        Assert.AreEqual(0, data[3]);
        Assert.AreEqual(0x08, data[4]);

        (result, data) = disk.In(Cdb.ModeSense6(0x08, allocation: 4), 255);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(4L, result.TransferredBytes);
        Assert.AreEqual(31, data[0], "the mode data length is the full length even when truncated");
    }

    [TestMethod]
    public void All_pages_returns_caching_and_control()
    {
        using var disk = new ScsiDisk();
        var (result, data) = disk.In(Cdb.ModeSense6(0x3F, dbd: true), 255);
        ScsiDisk.AssertGood(result);
        Assert.HasCount(4 + 20 + 12, data);
        Assert.AreEqual(0x08, data[4]);
        Assert.AreEqual(0x0A, data[24]);
        Assert.AreEqual(0x0A, data[25]);
        ScsiDisk.AssertGood(disk.In(Cdb.ModeSense6(0x3F, subpage: 0xFF), 255).Result);
    }

    [TestMethod]
    public void Page_control_values_are_honoured()
    {
        using var disk = new ScsiDisk(options: new ScsiDiskTargetOptions { WriteCacheEnabled = false });
        var (_, current) = disk.In(Cdb.ModeSense6(0x08, dbd: true), 255);
        Assert.AreEqual(0, current[6] & 0x04, "WCE clear as configured");
        var (_, changeable) = disk.In(Cdb.ModeSense6(0x08, pageControl: 1, dbd: true), 255);
        Assert.AreEqual(0x04, changeable[6], "only WCE is changeable");
        Assert.IsFalse(changeable.AsSpan(7).ContainsAnyExcept((byte)0));
        var (_, defaults) = disk.In(Cdb.ModeSense6(0x08, pageControl: 2, dbd: true), 255);
        Assert.AreEqual(0, defaults[6] & 0x04);
        ScsiDisk.AssertSense(disk.In(Cdb.ModeSense6(0x08, pageControl: 3), 255).Result, SenseKey.IllegalRequest, 0x39, 0x00);
    }

    [TestMethod]
    public void Unknown_pages_and_subpages_are_invalid_fields()
    {
        using var disk = new ScsiDisk();
        ScsiDisk.AssertSense(disk.In(Cdb.ModeSense6(0x1C), 255).Result, SenseKey.IllegalRequest, 0x24, 0x00);
        ScsiDisk.AssertSense(disk.In(Cdb.ModeSense6(0x08, subpage: 1), 255).Result, SenseKey.IllegalRequest, 0x24, 0x00);
    }

    [TestMethod]
    public void Read_only_disks_report_write_protect()
    {
        using var disk = new ScsiDisk(readOnly: true);
        var (_, data) = disk.In(Cdb.ModeSense6(0x08), 255);
        Assert.AreEqual(0x80, data[2] & 0x80);
    }

    [TestMethod]
    public void Mode_sense_10_supports_long_lba_descriptors_and_saturates_short_ones()
    {
        using var disk = new ScsiDisk(size: 3L << 40);
        var (result, data) = disk.In(Cdb.ModeSense10(0x08), 1024);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(data.Length - 2, BinaryPrimitives.ReadUInt16BigEndian(data));
        Assert.AreEqual(8, BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(6)));
        Assert.AreEqual(0xFFFF_FFFFu, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8)), "short descriptor saturates");

        (result, data) = disk.In(Cdb.ModeSense10(0x08, llbaa: true), 1024);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(0x01, data[4] & 0x01, "LONGLBA");
        Assert.AreEqual(16, BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(6)));
        Assert.AreEqual((3UL << 40) / 512, BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(8)));
        Assert.AreEqual(512u, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(20)));
        Assert.AreEqual(0x08, data[24]);
    }

    [TestMethod]
    public void Mode_select_changes_wce_and_the_flush_policy()
    {
        using var disk = new ScsiDisk();
        var (_, sense) = disk.In(Cdb.ModeSense6(0x08), 255);
        var parameters = (byte[])sense.Clone();
        parameters[0] = 0;          // mode data length is reserved in MODE SELECT
        parameters[2] = 0;          // device-specific parameter
        parameters[14] &= 0xFB;     // clear WCE
        ScsiDisk.AssertGood(disk.Out(Cdb.ModeSelect6((byte)parameters.Length), parameters));
        Assert.IsFalse(disk.Target.WriteCacheEnabled);
        var (_, after) = disk.In(Cdb.ModeSense6(0x08), 255);
        Assert.AreEqual(0, after[14] & 0x04);

        ScsiDisk.AssertGood(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 0, 1), new byte[512]));
        Assert.AreEqual(1, disk.Device.Flushes, "write-through once WCE is clear");
    }

    [TestMethod]
    public void Mode_select_rejects_unchangeable_fields_and_bad_lists()
    {
        using var disk = new ScsiDisk();
        var (_, sense) = disk.In(Cdb.ModeSense6(0x08, dbd: true), 255);
        var parameters = (byte[])sense.Clone();
        parameters[0] = 0;
        parameters[2] = 0;
        parameters[4 + 13] = 0x01;  // number of cache segments is not changeable
        var result = disk.Out(Cdb.ModeSelect6((byte)parameters.Length), parameters);
        ScsiDisk.AssertSense(result, SenseKey.IllegalRequest, 0x26, 0x00);
        Assert.AreEqual(0x80, result.Sense.Span[15], "SKSV, field in the parameter list");
        Assert.AreEqual(17, BinaryPrimitives.ReadUInt16BigEndian(result.Sense.Span[16..]));

        ScsiDisk.AssertSense(disk.Out(Cdb.ModeSelect6(10), sense[..10]), SenseKey.IllegalRequest, 0x1A, 0x00);
        ScsiDisk.AssertSense(disk.Out(Cdb.ModeSelect6(24, save: true), sense), SenseKey.IllegalRequest, 0x24, 0x00);
        ScsiDisk.AssertSense(disk.Out(Cdb.ModeSelect6(24, pageFormat: false), sense), SenseKey.IllegalRequest, 0x24, 0x00);
        byte[] unknownPage = [0, 0, 0, 0, 0x1C, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        ScsiDisk.AssertSense(disk.Out(Cdb.ModeSelect6((byte)unknownPage.Length), unknownPage), SenseKey.IllegalRequest, 0x26, 0x00);
        Assert.IsTrue(disk.Target.WriteCacheEnabled, "nothing changed");
        ScsiDisk.AssertGood(disk.Out(Cdb.ModeSelect6(0), []));
    }
}
