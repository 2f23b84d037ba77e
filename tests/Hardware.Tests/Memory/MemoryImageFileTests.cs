using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Hardware.Tests.Memory;

[TestClass]
public sealed class MemoryImageFileTests
{
    [TestMethod]
    public void Maps_the_file_as_one_run_from_zero_rounded_down_to_pages()
    {
        using var directory = new TestDirectory();
        string path = directory.File("ram.raw");
        var content = new byte[(3 * 4096) + 100];
        new Random(1).NextBytes(content);
        File.WriteAllBytes(path, content);

        using var image = new MemoryImageFile(path);
        Assert.AreEqual(new PhysicalRange(0, 3 * 4096), image.Ranges.Single());
        Assert.IsFalse(image.IsWritable);
        var read = new byte[4000];
        Assert.IsTrue(image.TryRead(0x1F00, read));
        CollectionAssert.AreEqual(content.AsSpan(0x1F00, 4000).ToArray(), read);
        Assert.IsFalse(image.TryRead((3 * 4096) - 4, new byte[8]), "the partial last page is not mapped");
        Assert.IsFalse(image.TryWrite(0, new byte[8]));
        StringAssert.Contains(image.Description, "ram.raw");
    }

    [TestMethod]
    public void Writable_image_writes_through_to_the_file()
    {
        using var directory = new TestDirectory();
        string path = directory.File("ram.raw");
        File.WriteAllBytes(path, new byte[8192]);
        using (var image = new MemoryImageFile(path, writable: true))
        {
            Assert.IsTrue(image.TryWrite(4094, [1, 2, 3, 4]));
        }

        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4 }, File.ReadAllBytes(path).AsSpan(4094, 4).ToArray());
    }

    [TestMethod]
    public void A_file_smaller_than_a_page_is_rejected()
    {
        using var directory = new TestDirectory();
        string path = directory.File("tiny.raw");
        File.WriteAllBytes(path, new byte[100]);
        var error = Assert.ThrowsExactly<FormatException>(() => new MemoryImageFile(path));
        StringAssert.Contains(error.Message, "page");
        File.WriteAllBytes(path, []);
        Assert.ThrowsExactly<FormatException>(() => new MemoryImageFile(path));
    }

    [TestMethod]
    public void A_large_sparse_image_is_mapped_not_loaded()
    {
        using var directory = new TestDirectory();
        string path = directory.File("big.raw");
        using (var file = File.Create(path))
        {
            file.SetLength(8L << 30);
            file.Position = (6L << 30) + 12;
            file.Write([0xAB, 0xCD]);
        }

        long before = GC.GetTotalMemory(forceFullCollection: false);
        using var image = new MemoryImageFile(path);
        var read = new byte[4];
        Assert.IsTrue(image.TryRead((6UL << 30) + 11, read));
        CollectionAssert.AreEqual(new byte[] { 0, 0xAB, 0xCD, 0 }, read);
        Assert.IsLessThan(64L << 20, GC.GetTotalMemory(forceFullCollection: false) - before);
    }
}
