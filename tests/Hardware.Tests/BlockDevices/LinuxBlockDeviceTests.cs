using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Tests.Memory;

namespace DumpFramework.Hardware.Tests.BlockDevices;

[TestClass]
public sealed class LinuxBlockDeviceTests
{
    private const long ImageSize = 64L << 20;

    [TestMethod]
    public void Loop_device_reports_size_block_sizes_and_read_write_access()
    {
        using var directory = new TestDirectory();
        string image = CreateImage(directory);
        using var loop = Attach(image, readOnly: false);
        using var device = LinuxBlockDevice.Open(loop.Path);
        Assert.AreEqual(ImageSize, device.Length);
        Assert.AreEqual(512, device.LogicalBlockSize);
        Assert.AreEqual(512, device.DeviceLogicalBlockSize);
        Assert.AreEqual(512, device.PhysicalBlockSize);
        Assert.IsFalse(device.IsReadOnly);
        Assert.AreEqual(loop.Path, device.Path);
    }

    [TestMethod]
    public void Data_written_through_the_device_lands_in_the_backing_file()
    {
        using var directory = new TestDirectory();
        string image = CreateImage(directory);
        using var loop = Attach(image, readOnly: false);

        // Deliberately misaligned in memory and larger than the bounce buffer: both paths are exercised.
        var backing = new byte[(3 << 20) + 512 + 1];
        new Random(17).NextBytes(backing);
        var unaligned = backing.AsMemory(1, (3 << 20) + 512);
        var aligned = new byte[8192];
        new Random(18).NextBytes(aligned);
        using (var device = LinuxBlockDevice.Open(loop.Path))
        {
            device.Write(1 << 20, unaligned.Span);
            device.Write(40L << 20, aligned);
            device.Flush();
            var read = new byte[unaligned.Length + 1];
            device.Read(1 << 20, read.AsSpan(1));
            Assert.IsTrue(unaligned.Span.SequenceEqual(read.AsSpan(1)));
        }

        using var file = new FileStream(image, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var check = new byte[unaligned.Length];
        file.Position = 1 << 20;
        file.ReadExactly(check);
        Assert.IsTrue(unaligned.Span.SequenceEqual(check), "backing file holds the unaligned write");
        var check2 = new byte[aligned.Length];
        file.Position = 40L << 20;
        file.ReadExactly(check2);
        CollectionAssert.AreEqual(aligned, check2);
    }

    [TestMethod]
    public void Data_in_the_backing_file_reads_through_the_device()
    {
        using var directory = new TestDirectory();
        string image = CreateImage(directory);
        var pattern = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();
        using (var file = new FileStream(image, FileMode.Open, FileAccess.Write))
        {
            file.Position = 5 << 20;
            file.Write(pattern);
        }

        using var loop = Attach(image, readOnly: false);
        using var device = LinuxBlockDevice.Open(loop.Path, readOnly: true);
        Assert.IsTrue(device.IsReadOnly);
        var read = new byte[4096];
        device.Read(5 << 20, read);
        CollectionAssert.AreEqual(pattern, read);
    }

    [TestMethod]
    public void A_read_only_loop_device_is_detected_and_refuses_writes()
    {
        using var directory = new TestDirectory();
        string image = CreateImage(directory);
        using var loop = Attach(image, readOnly: true);
        using var device = LinuxBlockDevice.Open(loop.Path, readOnly: false);
        Assert.IsTrue(device.IsReadOnly, "BLKROGET or the EROFS/EACCES fallback marks it read-only");
        var error = Assert.ThrowsExactly<IOException>(() => device.Write(0, new byte[512]));
        StringAssert.Contains(error.Message, "read-only");
        device.Read(0, new byte[512]);
    }

    [TestMethod]
    public void A_larger_logical_block_size_can_be_presented()
    {
        using var directory = new TestDirectory();
        string image = CreateImage(directory);
        using var loop = Attach(image, readOnly: false);
        using (var device = LinuxBlockDevice.Open(loop.Path, logicalBlockSize: 4096))
        {
            Assert.AreEqual(4096, device.LogicalBlockSize);
            Assert.AreEqual(4096, device.PhysicalBlockSize);
            Assert.ThrowsExactly<ArgumentException>(() => device.Read(512, new byte[4096]));
        }

        Assert.ThrowsExactly<ArgumentException>(() => LinuxBlockDevice.Open(loop.Path, logicalBlockSize: 256));
    }

    [TestMethod]
    public void Access_checks_match_the_image_device()
    {
        using var directory = new TestDirectory();
        string image = CreateImage(directory);
        using var loop = Attach(image, readOnly: false);
        using var device = LinuxBlockDevice.Open(loop.Path);
        Assert.ThrowsExactly<ArgumentException>(() => device.Read(100, new byte[512]));
        Assert.ThrowsExactly<ArgumentException>(() => device.Write(0, new byte[100]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => device.Read(ImageSize, new byte[512]));
    }

    [TestMethod]
    public void A_regular_file_is_not_opened_as_a_block_device()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.ThrowsExactly<PlatformNotSupportedException>(() => LinuxBlockDevice.Open("/dev/null"));
            return;
        }

        using var directory = new TestDirectory();
        string image = CreateImage(directory);
        var error = Assert.ThrowsExactly<ArgumentException>(() => LinuxBlockDevice.Open(image));
        StringAssert.Contains(error.Message, "not a block device");
        Assert.ThrowsExactly<FileNotFoundException>(() => LinuxBlockDevice.Open(directory.File("missing")));
    }

    [TestMethod]
    public void Factory_recognises_block_devices_and_picks_the_implementation()
    {
        using var directory = new TestDirectory();
        string image = CreateImage(directory);
        Assert.IsFalse(BlockDeviceFactory.IsBlockDevice(image));
        Assert.IsFalse(BlockDeviceFactory.IsBlockDevice(directory.Path));
        Assert.IsFalse(BlockDeviceFactory.IsBlockDevice(directory.File("missing")));

        using (IBlockDevice file = BlockDeviceFactory.Open(image, createSize: null, 512, readOnly: false))
        {
            Assert.IsInstanceOfType<ImageFileBlockDevice>(file);
        }

        using (IBlockDevice created = BlockDeviceFactory.Open(directory.File("new.img"), 1L << 20, 4096, readOnly: false))
        {
            Assert.IsInstanceOfType<ImageFileBlockDevice>(created);
            Assert.AreEqual(4096, created.LogicalBlockSize);
        }

        using var loop = Attach(image, readOnly: false);
        Assert.IsTrue(BlockDeviceFactory.IsBlockDevice(loop.Path));
        string link = directory.File("disk-link");
        File.CreateSymbolicLink(link, loop.Path);
        Assert.IsTrue(BlockDeviceFactory.IsBlockDevice(link), "symlinks such as /dev/disk/by-id are followed");
        using (IBlockDevice device = BlockDeviceFactory.Open(link, ImageSize, 512, readOnly: false))
        {
            Assert.IsInstanceOfType<LinuxBlockDevice>(device);
            Assert.AreEqual(ImageSize, device.Length);
        }

        var error = Assert.ThrowsExactly<IOException>(() => BlockDeviceFactory.Open(loop.Path, ImageSize * 2, 512, readOnly: false));
        StringAssert.Contains(error.Message, "less than");
    }

    private static string CreateImage(TestDirectory directory)
    {
        string path = directory.File("loop.img");
        ImageFileBlockDevice.Open(path, ImageSize).Dispose();
        return path;
    }

    private static LoopDevice Attach(string image, bool readOnly)
    {
        var loop = LoopDevice.TryAttach(image, readOnly, out string reason);
        if (loop is null)
        {
            Assert.Inconclusive($"No loop device: {reason}");
        }

        return loop;
    }
}
