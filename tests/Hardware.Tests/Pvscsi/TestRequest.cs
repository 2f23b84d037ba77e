using System.Buffers.Binary;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.Tests.Pvscsi;

/// <summary>A PVSCSIRingReqDesc as a test driver fills it (offsets from hardware-models.md §3.7).</summary>
internal sealed class TestRequest
{
    public ulong Context { get; set; } = 1;

    public byte[] Cdb { get; set; } = [ScsiOpcodes.TestUnitReady, 0, 0, 0, 0, 0];

    /// <summary>cdbLen as written; defaults to the CDB's length.</summary>
    public int? CdbLength { get; set; }

    public ulong DataAddress { get; set; }

    public ulong DataLength { get; set; }

    public ulong SenseAddress { get; set; }

    public uint SenseLength { get; set; }

    public uint Flags { get; set; }

    public byte Bus { get; set; }

    public byte Target { get; set; }

    /// <summary>The 8-byte SAM LUN; defaults to lun[1] = 0.</summary>
    public byte[] Lun { get; set; } = new byte[8];

    public bool IsReadWrite => Cdb[0] is ScsiOpcodes.Read6 or ScsiOpcodes.Read10 or ScsiOpcodes.Read12 or ScsiOpcodes.Read16
        or ScsiOpcodes.Write6 or ScsiOpcodes.Write10 or ScsiOpcodes.Write12 or ScsiOpcodes.Write16;

    public static TestRequest Read(ulong context, uint lba, ushort blocks, ulong address) => new()
    {
        Context = context,
        Cdb = Scsi.Cdb.Rw10(ScsiOpcodes.Read10, lba, blocks),
        DataAddress = address,
        DataLength = blocks * 512UL,
        Flags = PvscsiSpec.FlagToHost,
    };

    public static TestRequest Write(ulong context, uint lba, ushort blocks, ulong address) => new()
    {
        Context = context,
        Cdb = Scsi.Cdb.Rw10(ScsiOpcodes.Write10, lba, blocks),
        DataAddress = address,
        DataLength = blocks * 512UL,
        Flags = PvscsiSpec.FlagToDevice,
    };

    public void Encode(Span<byte> descriptor)
    {
        descriptor[..PvscsiSpec.RequestLength].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor, Context);
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor[0x08..], DataAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor[0x10..], DataLength);
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor[0x18..], SenseAddress);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor[0x20..], SenseLength);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor[0x24..], Flags);
        Cdb.AsSpan(0, Math.Min(Cdb.Length, 16)).CopyTo(descriptor[0x28..]);
        descriptor[0x38] = (byte)(CdbLength ?? Cdb.Length);
        Lun.CopyTo(descriptor[0x39..]);
        descriptor[0x41] = 0x20;
        descriptor[0x42] = Bus;
        descriptor[0x43] = Target;
    }
}
