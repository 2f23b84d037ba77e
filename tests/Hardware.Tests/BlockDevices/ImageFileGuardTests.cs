using System.Diagnostics;
using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Hardware.Tests.Memory;

namespace DumpFramework.Hardware.Tests.BlockDevices;

/// <summary>
/// A writable image is the dump's alone and must stay the file it was: a second writer is refused naming the holder,
/// a FIFO or device is refused before any open can block, and an image truncated, deleted or replaced underneath
/// fails every later write and flush with the reason.
/// </summary>
[TestClass]
public sealed class ImageFileGuardTests
{
    private const long Size = 4L << 20;

    [TestMethod]
    public void A_second_writer_is_refused_naming_the_holder_while_readers_still_open_it()
    {
        using var directory = new TestDirectory();
        string path = directory.File("disk.img");
        using (ImageFileBlockDevice.Open(path, Size))
        {
            var refused = Assert.ThrowsExactly<FileLockedException>(() => ImageFileBlockDevice.Open(path, Size));
            StringAssert.Contains(refused.Message, $"is in use: locked by PID {Environment.ProcessId} (");
            Assert.AreEqual(path, refused.Path);

            using var reader = ImageFileBlockDevice.Open(path, null, readOnly: true);
            Assert.AreEqual(Size, reader.Length);
            Assert.AreEqual(Size, File.ReadAllBytes(path).Length, "a plain reader is shut out");
        }

        using var again = ImageFileBlockDevice.Open(path, Size);
        Assert.IsFalse(again.IsReadOnly);
    }

    [TestMethod]
    public void A_fifo_or_a_character_device_is_refused_without_blocking()
    {
        using var directory = new TestDirectory();
        string fifo = directory.File("disk.fifo");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        foreach (var (path, kind) in new[] { (fifo, "a pipe or FIFO"), ("/dev/zero", "a character device") })
        {
            var open = Task.Run(() => Assert.ThrowsExactly<IOException>(() => ImageFileBlockDevice.Open(path, Size)));
            Assert.IsTrue(open.Wait(TimeSpan.FromSeconds(30)), $"opening {path} blocked");
            StringAssert.Contains(open.Result.Message, $"is {kind}, not an image file");
        }
    }

    [TestMethod]
    public void A_path_with_a_nul_character_is_refused_instead_of_cut_short()
    {
        using var directory = new TestDirectory();
        string real = directory.File("disk");
        var refused = Assert.ThrowsExactly<ArgumentException>(() => ImageFileBlockDevice.Open(real + "\0.img", Size));
        StringAssert.Contains(refused.Message, "NUL character");
        Assert.IsFalse(File.Exists(real), "the C library's cut-short name was created");
    }

    [TestMethod]
    public void A_truncated_image_fails_the_next_write_and_every_flush_after_it()
    {
        using var directory = new TestDirectory();
        string path = directory.File("disk.img");
        using var device = ImageFileBlockDevice.Open(path, Size);
        device.Write(0, new byte[4096]);
        Truncate(path, 1L << 20);

        var write = Assert.ThrowsExactly<IOException>(() => device.Write(2L << 20, new byte[4096]));
        StringAssert.Contains(write.Message, $"changed size during the dump ({Size} -> {1L << 20} bytes)");
        Assert.AreEqual(1L << 20, new FileInfo(path).Length, "the write grew the truncated file back");
        Assert.AreEqual(write.Message, device.Failure);
        Assert.ThrowsExactly<IOException>(device.Flush);
    }

    [TestMethod]
    public void A_deleted_image_fails_the_flush()
    {
        using var directory = new TestDirectory();
        string path = directory.File("disk.img");
        using var device = ImageFileBlockDevice.Open(path, Size);
        File.Delete(path);
        var flush = Assert.ThrowsExactly<IOException>(device.Flush);
        StringAssert.Contains(flush.Message, "was deleted during the dump");
    }

    [TestMethod]
    public void An_image_replaced_by_a_rename_fails_the_flush_and_the_new_file_keeps_its_bytes()
    {
        using var directory = new TestDirectory();
        string path = directory.File("disk.img");
        string other = directory.File("other.img");
        using var device = ImageFileBlockDevice.Open(path, Size);
        File.WriteAllBytes(other, new byte[8192]);
        File.Move(other, path, overwrite: true);
        var write = Assert.ThrowsExactly<IOException>(() => device.Write(0, new byte[512]));
        StringAssert.Contains(write.Message, "was replaced by another file during the dump");
        Assert.ThrowsExactly<IOException>(device.Flush);
        Assert.AreEqual(8192, new FileInfo(path).Length);
    }

    [TestMethod]
    public void A_new_name_for_the_image_is_caught_as_a_change_of_its_link_count()
    {
        using var directory = new TestDirectory();
        string path = directory.File("disk.img");
        using var device = ImageFileBlockDevice.Open(path, Size);

        // Someone else's hard link: the inode is now reachable (and writable) by another name.
        using (var link = Process.Start("ln", [path, directory.File("keep.img")]))
        {
            link.WaitForExit();
            Assert.AreEqual(0, link.ExitCode);
        }

        var relinked = Assert.ThrowsExactly<IOException>(() => device.Write(0, new byte[512]));
        StringAssert.Contains(relinked.Message, "link count 1 -> 2");
    }

    private static void Truncate(string path, long length)
    {
        using var truncate = Process.Start("truncate", ["-s", length.ToString(System.Globalization.CultureInfo.InvariantCulture), path]);
        truncate.WaitForExit();
        Assert.AreEqual(0, truncate.ExitCode);
    }
}
