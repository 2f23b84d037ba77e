using System.Diagnostics;
using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Hardware.Tests.Memory;

namespace DumpFramework.Hardware.Tests.BlockDevices;

[TestClass]
public sealed class ImageFileBlockDeviceTests
{
    [TestMethod]
    public void A_new_image_is_created_sparse()
    {
        using var directory = new TestDirectory();
        string path = directory.File("disk.img");
        using (var device = ImageFileBlockDevice.Open(path, 1L << 30))
        {
            Assert.AreEqual(1L << 30, device.Length);
            Assert.AreEqual(512, device.LogicalBlockSize);
            Assert.AreEqual(4096, device.PhysicalBlockSize);
            Assert.IsFalse(device.IsReadOnly);
            Assert.AreEqual(path, device.Path);
        }

        Assert.AreEqual(1L << 30, new FileInfo(path).Length);
        long allocated = AllocatedBytes(path);
        Assert.IsLessThan(1L << 20, allocated, $"{allocated} bytes allocated for an untouched 1 GiB image");
    }

    [TestMethod]
    public void Writes_read_back_and_survive_reopening()
    {
        using var directory = new TestDirectory();
        string path = directory.File("disk.img");
        var data = new byte[3 * 4096];
        new Random(5).NextBytes(data);
        using (var device = ImageFileBlockDevice.Open(path, 64L << 20))
        {
            device.Write(512 * 1001, data);
            device.Flush();
            var read = new byte[data.Length];
            device.Read(512 * 1001, read);
            CollectionAssert.AreEqual(data, read);
        }

        using (var reopened = ImageFileBlockDevice.Open(path, createSize: null))
        {
            Assert.AreEqual(64L << 20, reopened.Length);
            var read = new byte[data.Length];
            reopened.Read(512 * 1001, read);
            CollectionAssert.AreEqual(data, read);
        }

        using var file = File.OpenRead(path);
        file.Position = 512 * 1001;
        var direct = new byte[data.Length];
        file.ReadExactly(direct);
        CollectionAssert.AreEqual(data, direct);
    }

    [TestMethod]
    public void Writeback_runs_beside_the_writer_and_stops_with_the_image()
    {
        using var directory = new TestDirectory();
        string path = directory.File("disk.img");
        var data = new byte[ImageFileBlockDevice.WritebackBatch / 4];
        new Random(7).NextBytes(data);
        var device = ImageFileBlockDevice.Open(path, 4 * ImageFileBlockDevice.WritebackBatch);
        Assert.IsTrue(device.IsWritebackRunning, "a writable image starts its writeback thread when opened, not during a dump");

        // Three batches' worth: the writeback of the first two is started on the thread while the writes go on.
        for (int i = 0; i < 12; i++)
        {
            device.Write((long)i * data.Length, data);
        }

        device.Flush();
        device.Dispose();
        device.Dispose();
        Assert.IsFalse(device.IsWritebackRunning, "disposing the image stops its writeback thread");

        using var reopened = ImageFileBlockDevice.Open(path, createSize: null, readOnly: true);
        Assert.IsFalse(reopened.IsWritebackRunning, "a read-only image has nothing to write back");
        var read = new byte[data.Length];
        for (int i = 0; i < 12; i++)
        {
            reopened.Read((long)i * data.Length, read);
            CollectionAssert.AreEqual(data, read, $"piece {i}");
        }
    }

    [TestMethod]
    public void A_missing_image_without_a_size_is_a_clear_error()
    {
        using var directory = new TestDirectory();
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => ImageFileBlockDevice.Open(directory.File("none.img"), createSize: null));
        StringAssert.Contains(error.Message, "give a size");
    }

    [TestMethod]
    public void An_existing_image_smaller_than_asked_is_refused_and_a_larger_one_kept()
    {
        using var directory = new TestDirectory();
        string path = directory.File("small.img");
        File.WriteAllBytes(path, new byte[8192]);
        var error = Assert.ThrowsExactly<IOException>(() => ImageFileBlockDevice.Open(path, 16384));
        StringAssert.Contains(error.Message, "smaller than the 16384 bytes");
        using var device = ImageFileBlockDevice.Open(path, 4096);
        Assert.AreEqual(8192L, device.Length);
    }

    [TestMethod]
    public void Misaligned_or_out_of_range_access_is_rejected_with_a_reason()
    {
        using var directory = new TestDirectory();
        using var device = ImageFileBlockDevice.Open(directory.File("disk.img"), 1L << 20);
        var offsetError = Assert.ThrowsExactly<ArgumentException>(() => device.Read(100, new byte[512]));
        StringAssert.Contains(offsetError.Message, "Offset 100");
        var lengthError = Assert.ThrowsExactly<ArgumentException>(() => device.Write(512, new byte[100]));
        StringAssert.Contains(lengthError.Message, "length 100");
        var endError = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => device.Read((1L << 20) - 512, new byte[1024]));
        StringAssert.Contains(endError.Message, "past the end");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => device.Read(-512, new byte[512]));
        device.Read((1L << 20) - 512, new byte[512]);
    }

    [TestMethod]
    public void A_read_only_image_refuses_writes()
    {
        using var directory = new TestDirectory();
        string path = directory.File("ro.img");
        ImageFileBlockDevice.Open(path, 1L << 20).Dispose();
        using var device = ImageFileBlockDevice.Open(path, createSize: null, readOnly: true);
        Assert.IsTrue(device.IsReadOnly);
        var error = Assert.ThrowsExactly<IOException>(() => device.Write(0, new byte[512]));
        StringAssert.Contains(error.Message, "read-only");
        device.Read(0, new byte[512]);
        device.Flush();
        Assert.ThrowsExactly<ArgumentException>(() => ImageFileBlockDevice.Open(directory.File("new.img"), 1L << 20, readOnly: true));
    }

    [TestMethod]
    public void Block_sizes_are_validated()
    {
        using var directory = new TestDirectory();
        string path = directory.File("disk.img");
        Assert.ThrowsExactly<ArgumentException>(() => ImageFileBlockDevice.Open(path, 1L << 20, logicalBlockSize: 500));
        Assert.ThrowsExactly<ArgumentException>(() => ImageFileBlockDevice.Open(path, 1L << 20, logicalBlockSize: 4096, physicalBlockSize: 512));
        Assert.ThrowsExactly<ArgumentException>(() => ImageFileBlockDevice.Open(path, 1000));
        Assert.IsFalse(File.Exists(path), "nothing is created when the arguments are wrong");
        using var device = ImageFileBlockDevice.Open(path, 1L << 20, logicalBlockSize: 4096, physicalBlockSize: 4096);
        Assert.ThrowsExactly<ArgumentException>(() => device.Read(512, new byte[4096]));
    }

    private static long AllocatedBytes(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("allocated size is read with GNU stat");
        }

        var start = new ProcessStartInfo("stat", ["-c", "%b %B", path]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        string[] parts = process.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
