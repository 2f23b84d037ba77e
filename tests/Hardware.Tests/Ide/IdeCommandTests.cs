using DumpFramework.Hardware.Ide;
using static DumpFramework.Hardware.Tests.Ide.IdeRig;

namespace DumpFramework.Hardware.Tests.Ide;

[TestClass]
public sealed class IdeCommandTests
{
    [TestMethod]
    [DataRow((byte)0x00, DisplayName = "NOP")]
    [DataRow((byte)0x08, DisplayName = "DEVICE RESET")]
    [DataRow((byte)0xA0, DisplayName = "PACKET")]
    [DataRow((byte)0xA1, DisplayName = "IDENTIFY PACKET DEVICE")]
    [DataRow((byte)0xB0, DisplayName = "SMART")]
    [DataRow((byte)0x3D, DisplayName = "WRITE DMA FUA EXT")]
    [DataRow((byte)0xFF, DisplayName = "undefined")]
    public void Commands_outside_the_model_abort(byte opcode)
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 1 });
        rig.Issue(opcode);
        Assert.AreEqual(Drdy | Err, rig.WaitNotBusy());
        Assert.AreEqual(Abrt, rig.Error);
        Assert.IsTrue(rig.Controller.InterruptAsserted);
    }

    [TestMethod]
    public void Reads_and_writes_past_the_end_fail_with_idnf_and_the_first_bad_sector()
    {
        using var rig = new IdeRig(size: 1L << 20);
        rig.Lba28(2040, 16);
        rig.Issue(0x20);
        Assert.AreEqual(Drdy | Err, rig.Status);
        Assert.AreEqual(Idnf, rig.Error);
        Assert.AreEqual(0x00, rig.Command.Read8(3), "LBA 2048 = 0x800");
        Assert.AreEqual(0x08, rig.Command.Read8(4));
        Assert.AreEqual(16, rig.Command.Read8(2));

        rig.Lba48(5000, 1);
        rig.Issue(0x34);
        Assert.AreEqual(Drdy | Err, rig.Status);
        Assert.AreEqual(Idnf, rig.Error);

        rig.Lba28(2047, 1);
        rig.Issue(0x40);
        Assert.AreEqual(0x50, rig.Status, "the last sector verifies");
    }

    [TestMethod]
    public void Ext_sector_count_0_means_65536()
    {
        using var rig = new IdeRig(size: 65536L * 512);
        rig.Lba48(0, 0);
        rig.Issue(0x42);
        Assert.AreEqual(0x50, rig.Status, "65536 sectors from LBA 0 fit exactly");
        rig.Lba48(1, 0);
        rig.Issue(0x42);
        Assert.AreEqual(Drdy | Err, rig.Status);
        Assert.AreEqual(Idnf, rig.Error);
    }

    [TestMethod]
    public void Read_verify_reports_an_uncorrectable_sector()
    {
        using var rig = new IdeRig(size: 256L << 20, options: new PiixIdeOptions { CompletionLatency = 0, UncorrectableSectors = new HashSet<long> { 0x21005 } });
        rig.Lba28(0x21000, 16);
        rig.Issue(0x40);
        Assert.AreEqual(Drdy | Err, rig.Status);
        Assert.AreEqual(Unc, rig.Error);
        Assert.AreEqual(0x05, rig.Command.Read8(3));
        Assert.AreEqual(0x10, rig.Command.Read8(4));
        Assert.AreEqual(0x02, rig.Command.Read8(5));
        Assert.AreEqual(11, rig.Command.Read8(2));
        rig.Lba28(0, 16);
        rig.Issue(0x40);
        Assert.AreEqual(0x50, rig.Status);
    }

    [TestMethod]
    public void Flush_cache_and_flush_cache_ext_reach_the_raw_device()
    {
        using var rig = new IdeRig();
        Assert.AreEqual(0x50, rig.NonData(0xE7));
        Assert.AreEqual(0x50, rig.NonData(0xEA));
        Assert.AreEqual(2, rig.Disk.Flushes);
        rig.Disk.FailFlush = true;
        Assert.AreEqual(Drdy | Df | Err, rig.NonData(0xE7));
        StringAssert.Contains(rig.Controller.Fault, "FLUSH CACHE");
    }

    [TestMethod]
    public void Set_features_toggles_the_write_cache_in_identify_word_85()
    {
        using var rig = new IdeRig();
        Assert.AreEqual(0x20, Word(rig.Identify(), 85) & 0x20);
        Assert.AreEqual(0x50, rig.NonData(0xEF, features: 0x82));
        Assert.AreEqual(1, rig.Disk.Flushes, "disabling the cache writes it back");
        Assert.AreEqual(0, Word(rig.Identify(), 85) & 0x20);
        Assert.AreEqual(0x50, rig.NonData(0xEF, features: 0x02));
        Assert.AreEqual(0x20, Word(rig.Identify(), 85) & 0x20);
        Assert.AreEqual(0x50, rig.NonData(0xEF, features: 0xAA), "look-ahead on: accepted");
        Assert.AreEqual(Drdy | Err, rig.NonData(0xEF, features: 0x44));
        Assert.AreEqual(Abrt, rig.Error);
    }

    [TestMethod]
    public void Set_features_transfer_mode_updates_words_62_63_and_88()
    {
        using var rig = new IdeRig();
        var identify = rig.Identify();
        Assert.AreEqual(0x203F, Word(identify, 88), "UDMA 5 selected at power-on");
        Assert.AreEqual(0x50, rig.NonData(0xEF, features: 0x03, count: 0x42));
        identify = rig.Identify();
        Assert.AreEqual(0x043F, Word(identify, 88));
        Assert.AreEqual(0x0007, Word(identify, 63));
        Assert.AreEqual(0x50, rig.NonData(0xEF, features: 0x03, count: 0x22));
        identify = rig.Identify();
        Assert.AreEqual(0x003F, Word(identify, 88));
        Assert.AreEqual(0x0407, Word(identify, 63));
        Assert.AreEqual(0x50, rig.NonData(0xEF, features: 0x03, count: 0x0C), "PIO 4");
        Assert.AreEqual(Drdy | Err, rig.NonData(0xEF, features: 0x03, count: 0x47), "UDMA 7 unsupported");
        Assert.AreEqual(Drdy | Err, rig.NonData(0xEF, features: 0x03, count: 0x0F), "PIO 7 unsupported");
    }

    [TestMethod]
    public void Check_power_mode_follows_standby_idle_and_media_access()
    {
        using var rig = new IdeRig();
        Assert.AreEqual(0x50, rig.NonData(0xE5));
        Assert.AreEqual(0xFF, rig.Command.Read8(2));
        Assert.AreEqual(0x50, rig.NonData(0xE0));
        Assert.AreEqual(0x50, rig.NonData(0xE5));
        Assert.AreEqual(0x00, rig.Command.Read8(2));
        rig.Lba28(0, 1);
        rig.Issue(0x40);
        Assert.AreEqual(0x50, rig.Status);
        Assert.AreEqual(0x50, rig.NonData(0xE5));
        Assert.AreEqual(0xFF, rig.Command.Read8(2));
        Assert.AreEqual(0x50, rig.NonData(0xE1));
        Assert.AreEqual(0x50, rig.NonData(0xE5));
        Assert.AreEqual(0x80, rig.Command.Read8(2));
        Assert.AreEqual(0x50, rig.NonData(0xE2));
        Assert.AreEqual(0x50, rig.NonData(0xE3));
    }

    [TestMethod]
    [DataRow((byte)0x10)]
    [DataRow((byte)0x70)]
    [DataRow((byte)0x91)]
    public void Legacy_commands_complete_without_effect(byte opcode)
    {
        using var rig = new IdeRig();
        Assert.AreEqual(0x50, rig.NonData(opcode));
    }

    [TestMethod]
    public void Read_native_max_address_reports_the_last_sector()
    {
        using var rig = new IdeRig(size: 1L << 20);
        rig.Command.Write8(6, 0xE0);
        Assert.AreEqual(0x50, rig.NonData(0xF8));
        Assert.AreEqual(0xFF, rig.Command.Read8(3));
        Assert.AreEqual(0x07, rig.Command.Read8(4));
        Assert.AreEqual(0x00, rig.Command.Read8(5));
        Assert.AreEqual(0xE0, rig.Command.Read8(6));
    }

    [TestMethod]
    public void A_hang_holds_bsy_until_a_soft_reset()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 0, HangOnCommand = 0xCA });
        rig.Lba28(0, 1);
        rig.Issue(0xCA);
        for (int i = 0; i < 50; i++)
        {
            Assert.AreEqual(Bsy, rig.AltStatus & Bsy);
        }

        rig.Control.Write8(0, 0x06);
        rig.Control.Write8(0, 0x02);
        Assert.AreEqual(0x50, rig.AltStatus);
        var target = rig.Buffer(0x1000);
        var table = rig.PrdTable((target.PhysicalAddress, 0x200));
        rig.Dma(table, read: false, 0xCA, () => rig.Lba28(0, 1));
        Assert.AreEqual(0x50, rig.WaitDma().Status, "hangs once only");
    }

    [TestMethod]
    public void An_injected_device_fault_reports_df()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 0, DeviceFaultOnCommand = 0xE7 });
        Assert.AreEqual(Drdy | Df | Err, rig.NonData(0xE7));
        Assert.AreEqual(0, rig.Error);
        StringAssert.Contains(rig.Controller.Fault, "device fault");
    }

    [TestMethod]
    public void Without_the_48_bit_feature_set_ext_commands_abort()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 0, SupportsLba48 = false });
        var identify = rig.Identify();
        Assert.AreEqual(0, Word(identify, 83) & 0x0400);
        Assert.AreEqual(0, Word(identify, 86) & 0x0400);
        Assert.AreEqual(0UL, BitConverter.ToUInt64(identify, 200));
        rig.Lba48(0, 1);
        rig.Issue(0x24);
        Assert.AreEqual(Drdy | Err, rig.Status);
        Assert.AreEqual(Abrt, rig.Error);
        Assert.AreEqual(Drdy | Err, rig.NonData(0xEA));
        Assert.AreEqual(0x50, rig.NonData(0xE7));
    }
}
