using System.Buffers.Binary;
using System.Text;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.Tests.Scsi;

[TestClass]
public sealed class ScsiDiskTargetCommandTests
{
    [TestMethod]
    public void Test_unit_ready_start_stop_and_prevent_allow_succeed()
    {
        using var disk = new ScsiDisk();
        ScsiDisk.AssertGood(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)));
        ScsiDisk.AssertGood(disk.None(Cdb.Six(ScsiOpcodes.StartStopUnit, byte4: 1)));
        ScsiDisk.AssertGood(disk.None(Cdb.Six(ScsiOpcodes.PreventAllowMediumRemoval)));
    }

    [TestMethod]
    public void Standard_inquiry_describes_a_direct_access_disk()
    {
        using var disk = new ScsiDisk();
        var (result, data) = disk.In(Cdb.Inquiry(), 255);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(96L, result.TransferredBytes);
        Assert.AreEqual(0x00, data[0]);
        Assert.AreEqual(0x05, data[2]);
        Assert.AreEqual(0x12, data[3]);
        Assert.AreEqual(91, data[4]);
        Assert.AreEqual("DFBENCH ", Encoding.ASCII.GetString(data, 8, 8));
        Assert.AreEqual("VIRTUAL DISK    ", Encoding.ASCII.GetString(data, 16, 16));
        Assert.AreEqual("1.0 ", Encoding.ASCII.GetString(data, 32, 4));
        Assert.AreEqual(0x0300, BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(60)));
        StringAssert.StartsWith(disk.Target.Description, "DFBENCH VIRTUAL DISK 1.0, 64 MiB, 512-byte blocks");
    }

    [TestMethod]
    public void Inquiry_is_truncated_to_the_allocation_length_and_the_buffer()
    {
        using var disk = new ScsiDisk();
        var (result, _) = disk.In(Cdb.Inquiry(allocation: 36), 255);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(36L, result.TransferredBytes);
        (result, _) = disk.In(Cdb.Inquiry(allocation: 255), 20);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(20L, result.TransferredBytes, "the residual is the transport's to report");
    }

    [TestMethod]
    public void Inquiry_identity_is_configurable_and_validated()
    {
        using var disk = new ScsiDisk(options: new ScsiDiskTargetOptions { Vendor = "ACME", Product = "ROADRUNNER", Revision = "7", SerialNumber = "SN-1" });
        var (_, data) = disk.In(Cdb.Inquiry(), 96);
        Assert.AreEqual("ACME    ROADRUNNER      7   ", Encoding.ASCII.GetString(data, 8, 28));
        Assert.ThrowsExactly<ArgumentException>(() => new ScsiDisk(options: new ScsiDiskTargetOptions { Vendor = "TOO LONG VENDOR" }));
        Assert.ThrowsExactly<ArgumentException>(() => new ScsiDisk(options: new ScsiDiskTargetOptions { Product = "bad\u00e9" }));
    }

    [TestMethod]
    public void Inquiry_with_a_page_code_but_no_evpd_is_an_invalid_field()
    {
        using var disk = new ScsiDisk();
        var (result, _) = disk.In(Cdb.Inquiry(evpd: false, page: 0x80));
        ScsiDisk.AssertSense(result, SenseKey.IllegalRequest, 0x24, 0x00);
        Assert.AreEqual(0xC0, result.Sense.Span[15], "SKSV with C/D = CDB");
        Assert.AreEqual(2, BinaryPrimitives.ReadUInt16BigEndian(result.Sense.Span[16..]), "field pointer at the page code");
    }

    [TestMethod]
    public void Vpd_pages_list_serial_and_identification()
    {
        using var disk = new ScsiDisk(options: new ScsiDiskTargetOptions { SerialNumber = "SERIAL42" });
        var (result, data) = disk.In(Cdb.Inquiry(evpd: true, page: 0x00));
        ScsiDisk.AssertGood(result);
        CollectionAssert.AreEqual(new byte[] { 0x00, 0x00, 0x00, 0x03, 0x00, 0x80, 0x83 }, data);

        (result, data) = disk.In(Cdb.Inquiry(evpd: true, page: 0x80));
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(0x80, data[1]);
        Assert.AreEqual(8, BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(2)));
        Assert.AreEqual("SERIAL42", Encoding.ASCII.GetString(data, 4, 8));

        (result, data) = disk.In(Cdb.Inquiry(evpd: true, page: 0x83));
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(0x83, data[1]);
        Assert.AreEqual(data.Length - 4, BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(2)));
        Assert.AreEqual(0x01, data[4], "binary code set");
        Assert.AreEqual(0x03, data[5], "LU association, NAA");
        Assert.AreEqual(8, data[7]);
        Assert.AreEqual(0x3, data[8] >> 4, "NAA locally assigned");
        Assert.AreEqual(0x02, data[16], "ASCII code set");
        Assert.AreEqual(0x01, data[17], "T10 vendor ID designator");
        Assert.AreEqual("DFBENCH VIRTUAL DISK    SERIAL42", Encoding.ASCII.GetString(data, 20, data[19]));

        using var twin = new ScsiDisk(options: new ScsiDiskTargetOptions { SerialNumber = "SERIAL42" });
        var (_, twinData) = twin.In(Cdb.Inquiry(evpd: true, page: 0x83));
        CollectionAssert.AreEqual(data, twinData, "the identity is stable for the same disk");

        (result, _) = disk.In(Cdb.Inquiry(evpd: true, page: 0xB0));
        ScsiDisk.AssertSense(result, SenseKey.IllegalRequest, 0x24, 0x00);
    }

    [TestMethod]
    public void Other_luns_are_not_supported_but_answer_inquiry()
    {
        using var disk = new ScsiDisk();
        var (result, data) = disk.In(Cdb.Inquiry(), 96, lun: 1);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(0x7F, data[0]);
        ScsiDisk.AssertSense(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady), lun: 3), SenseKey.IllegalRequest, 0x25, 0x00);
        (result, data) = disk.In(Cdb.Six(ScsiOpcodes.RequestSense, byte4: 18), 18, lun: 1);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(SenseKey.IllegalRequest, SenseData.GetSenseKey(data));
        Assert.AreEqual(0x25, SenseData.GetAdditionalSenseCode(data));
    }

    [TestMethod]
    public void Read_capacity_10_reports_last_lba_and_block_size()
    {
        using var disk = new ScsiDisk(size: 1L << 30);
        var (result, data) = disk.In(Cdb.ReadCapacity10(), 8);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual((1u << 21) - 1, BinaryPrimitives.ReadUInt32BigEndian(data));
        Assert.AreEqual(512u, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4)));
        (result, _) = disk.In(Cdb.ReadCapacity10(lba: 5), 8);
        ScsiDisk.AssertSense(result, SenseKey.IllegalRequest, 0x24, 0x00);
        (result, _) = disk.In(Cdb.ReadCapacity10(lba: 5, pmi: true), 8);
        ScsiDisk.AssertGood(result);
    }

    [TestMethod]
    public void Read_capacity_16_reports_blocks_per_physical_block()
    {
        using var disk = new ScsiDisk(size: 1L << 30);
        var (result, data) = disk.In(Cdb.ReadCapacity16(), 32);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(32L, result.TransferredBytes);
        Assert.AreEqual((1UL << 21) - 1, BinaryPrimitives.ReadUInt64BigEndian(data));
        Assert.AreEqual(512u, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8)));
        Assert.AreEqual(3, data[13], "4096-byte physical blocks: 2^3 logical blocks each");
        (result, _) = disk.In(Cdb.ReadCapacity16(allocation: 12), 32);
        Assert.AreEqual(12L, result.TransferredBytes);
        (result, _) = disk.In(Cdb.ReadCapacity16(serviceAction: 0x11), 32);
        ScsiDisk.AssertSense(result, SenseKey.IllegalRequest, 0x24, 0x00);
    }

    [TestMethod]
    public void Read_capacity_10_saturates_above_2_TiB()
    {
        const long size = 3L << 40;
        using var disk = new ScsiDisk(size: size);
        var (result, data) = disk.In(Cdb.ReadCapacity10(), 8);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(0xFFFF_FFFFu, BinaryPrimitives.ReadUInt32BigEndian(data));
        (result, data) = disk.In(Cdb.ReadCapacity16(), 32);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual((ulong)(size / 512) - 1, BinaryPrimitives.ReadUInt64BigEndian(data));
        StringAssert.Contains(disk.Target.Description, "3 TiB");
    }

    [TestMethod]
    public void Report_luns_lists_lun_0()
    {
        using var disk = new ScsiDisk();
        var (result, data) = disk.In(Cdb.ReportLuns(256), 256);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(16L, result.TransferredBytes);
        Assert.AreEqual(8u, BinaryPrimitives.ReadUInt32BigEndian(data));
        Assert.IsTrue(data.AsSpan(8, 8).SequenceEqual(new byte[8]));
        (result, _) = disk.In(Cdb.ReportLuns(8), 256);
        ScsiDisk.AssertSense(result, SenseKey.IllegalRequest, 0x24, 0x00);
        (result, _) = disk.In(Cdb.ReportLuns(256, select: 3), 256);
        ScsiDisk.AssertSense(result, SenseKey.IllegalRequest, 0x24, 0x00);
    }

    [TestMethod]
    public void Request_sense_returns_the_last_error_once_then_no_sense()
    {
        using var disk = new ScsiDisk();
        var failed = disk.None([0xC0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        ScsiDisk.AssertSense(failed, SenseKey.IllegalRequest, 0x20, 0x00);
        var (result, data) = disk.In(Cdb.Six(ScsiOpcodes.RequestSense, byte4: 252), 252);
        ScsiDisk.AssertGood(result);
        CollectionAssert.AreEqual(failed.Sense.ToArray(), data);
        (result, data) = disk.In(Cdb.Six(ScsiOpcodes.RequestSense, byte4: 252), 252);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(SenseKey.NoSense, SenseData.GetSenseKey(data));
        Assert.AreEqual(18, data.Length);
        (result, _) = disk.In(Cdb.Six(ScsiOpcodes.RequestSense, byte1: 1, byte4: 252), 252);
        ScsiDisk.AssertSense(result, SenseKey.IllegalRequest, 0x24, 0x00);
    }

    [TestMethod]
    public void Another_command_clears_the_pending_sense()
    {
        using var disk = new ScsiDisk();
        ScsiDisk.AssertSense(disk.None(Cdb.Six(0x04)), SenseKey.IllegalRequest, 0x20, 0x00);
        ScsiDisk.AssertGood(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)));
        var (_, data) = disk.In(Cdb.Six(ScsiOpcodes.RequestSense, byte4: 18), 18);
        Assert.AreEqual(SenseKey.NoSense, SenseData.GetSenseKey(data));
    }

    [TestMethod]
    public void Unknown_opcodes_and_control_bits_are_rejected()
    {
        using var disk = new ScsiDisk();
        ScsiDisk.AssertSense(disk.None(Cdb.Six(0x04)), SenseKey.IllegalRequest, 0x20, 0x00);
        ScsiDisk.AssertSense(disk.None([0x7F, 0, 0, 0, 0, 0]), SenseKey.IllegalRequest, 0x20, 0x00);
        ScsiDisk.AssertSense(disk.None([]), SenseKey.IllegalRequest, 0x20, 0x00);

        var naca = disk.None([ScsiOpcodes.TestUnitReady, 0, 0, 0, 0, 0x04]);
        ScsiDisk.AssertSense(naca, SenseKey.IllegalRequest, 0x24, 0x00);
        Assert.AreEqual(5, BinaryPrimitives.ReadUInt16BigEndian(naca.Sense.Span[16..]));
        ScsiDisk.AssertSense(disk.None([ScsiOpcodes.TestUnitReady, 0, 0, 0, 0, 0x01]), SenseKey.IllegalRequest, 0x24, 0x00);
        ScsiDisk.AssertSense(disk.None([ScsiOpcodes.Read10, 0, 0, 0, 0, 0]), SenseKey.IllegalRequest, 0x24, 0x00);
    }

    [TestMethod]
    public void Data_direction_follows_the_opcode()
    {
        using var disk = new ScsiDisk();
        var target = disk.Target;
        Assert.AreEqual(ScsiDataDirection.In, target.GetDataDirection(Cdb.Rw10(ScsiOpcodes.Read10, 0, 1)));
        Assert.AreEqual(ScsiDataDirection.In, target.GetDataDirection(Cdb.ReadCapacity16()));
        Assert.AreEqual(ScsiDataDirection.None, target.GetDataDirection(Cdb.ReadCapacity16(serviceAction: 0x11)));
        Assert.AreEqual(ScsiDataDirection.In, target.GetDataDirection(Cdb.Inquiry()));
        Assert.AreEqual(ScsiDataDirection.Out, target.GetDataDirection(Cdb.Rw16(ScsiOpcodes.Write16, 0, 1)));
        Assert.AreEqual(ScsiDataDirection.Out, target.GetDataDirection(Cdb.ModeSelect6(24)));
        Assert.AreEqual(ScsiDataDirection.None, target.GetDataDirection(Cdb.Rw10(ScsiOpcodes.Verify10, 0, 1)));
        Assert.AreEqual(ScsiDataDirection.Out, target.GetDataDirection(Cdb.Rw10(ScsiOpcodes.Verify10, 0, 1, flags: 0x02)));
        Assert.AreEqual(ScsiDataDirection.None, target.GetDataDirection(Cdb.Six(ScsiOpcodes.TestUnitReady)));
        Assert.AreEqual(ScsiDataDirection.None, target.GetDataDirection([0xC0]));
        Assert.AreEqual(ScsiDataDirection.None, target.GetDataDirection([]));
    }

    [TestMethod]
    public void A_dma_failure_in_a_data_in_reply_is_reported()
    {
        using var disk = new ScsiDisk();
        var transfer = new ByteArrayTransfer(new byte[96], ScsiDataDirection.In, failAtOffset: 0);
        var result = disk.Target.Execute(0, Cdb.Inquiry(), transfer);
        Assert.IsTrue(result.DataTransferFailed);
        Assert.AreEqual(0L, result.TransferredBytes);
        Assert.AreNotEqual(ScsiStatus.Good, result.Status);
    }
}
