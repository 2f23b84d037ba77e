using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Scsi;
using DumpFramework.Hardware.Tests.Memory;

namespace DumpFramework.Hardware.Tests.Scsi;

/// <summary>A target over a sparse image file behind a counting wrapper, with command helpers.</summary>
internal sealed class ScsiDisk : IDisposable
{
    private readonly TestDirectory _directory = new();

    /// <summary>A disk; <paramref name="unitAttention"/> false (the default here) spares tests of other behaviour the
    /// power-on UNIT ATTENTION every real disk raises.</summary>
    public ScsiDisk(long size = 64L << 20, ScsiDiskTargetOptions? options = null, int blockSize = 512, bool readOnly = false, bool unitAttention = false)
    {
        options ??= new ScsiDiskTargetOptions();
        options.UnitAttentionOnReset = unitAttention;
        ImagePath = _directory.File("disk.img");
        if (readOnly)
        {
            ImageFileBlockDevice.Open(ImagePath, size, blockSize).Dispose();
        }

        Device = new CountingBlockDevice(ImageFileBlockDevice.Open(ImagePath, readOnly ? null : size, blockSize, Math.Max(4096, blockSize), readOnly));
        Target = new ScsiDiskTarget(Device, options);
    }

    public string ImagePath { get; }

    public CountingBlockDevice Device { get; }

    public ScsiDiskTarget Target { get; }

    /// <summary>Runs a data-in (or no-data) command into a buffer of the given size.</summary>
    public (ScsiCommandResult Result, byte[] Data) In(byte[] cdb, int bufferLength = 512, byte lun = 0)
    {
        var transfer = new ByteArrayTransfer(new byte[bufferLength], bufferLength == 0 ? ScsiDataDirection.None : ScsiDataDirection.In);
        var result = Target.Execute(lun, cdb, transfer);
        return (result, transfer.Buffer[..(int)Math.Min(result.TransferredBytes, bufferLength)]);
    }

    /// <summary>Runs a data-out command.</summary>
    public ScsiCommandResult Out(byte[] cdb, byte[] data) => Target.Execute(0, cdb, new ByteArrayTransfer(data, ScsiDataDirection.Out));

    /// <summary>Runs a command without a data phase.</summary>
    public ScsiCommandResult None(byte[] cdb, byte lun = 0) => Target.Execute(lun, cdb, new ByteArrayTransfer([], ScsiDataDirection.None));

    public void Dispose()
    {
        Device.Dispose();
        _directory.Dispose();
    }

    public static void AssertGood(ScsiCommandResult result)
    {
        Assert.AreEqual(ScsiStatus.Good, result.Status, $"sense {Convert.ToHexString(result.Sense.Span)}");
        Assert.IsFalse(result.DataTransferFailed);
    }

    public static void AssertSense(ScsiCommandResult result, SenseKey key, byte asc, byte ascq)
    {
        Assert.AreEqual(ScsiStatus.CheckCondition, result.Status);
        Assert.AreEqual(SenseData.FixedLength, result.Sense.Length);
        Assert.AreEqual(0x70, result.Sense.Span[0] & 0x7F);
        Assert.AreEqual(key, SenseData.GetSenseKey(result.Sense.Span), Convert.ToHexString(result.Sense.Span));
        Assert.AreEqual(asc, SenseData.GetAdditionalSenseCode(result.Sense.Span), Convert.ToHexString(result.Sense.Span));
        Assert.AreEqual(ascq, SenseData.GetAdditionalSenseCodeQualifier(result.Sense.Span), Convert.ToHexString(result.Sense.Span));
    }
}
