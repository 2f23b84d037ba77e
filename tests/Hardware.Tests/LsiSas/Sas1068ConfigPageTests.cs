using System.Buffers.Binary;
using System.Text;
using DumpFramework.Hardware.Tests.LsiSas.TestSupport;

namespace DumpFramework.Hardware.Tests.LsiSas;

/// <summary>
/// CONFIG (function 0x04) as Linux fusion (<c>mpt_config</c>, <c>mptsas_probe_devices</c>) drives it: PAGE_HEADER, then
/// READ_CURRENT into a host buffer; values checked against IOC_FACTS, PORT_FACTS, PCI and the attached disks.
/// </summary>
[TestClass]
public sealed class Sas1068ConfigPageTests
{
    private const byte PageHeader = 0;
    private const byte ReadCurrent = 1;
    private const byte WriteCurrent = 2;
    private const byte TypeIoUnit = 0x00;
    private const byte TypeIoc = 0x01;
    private const byte TypeManufacturing = 0x09;
    private const byte TypeExtended = 0x0F;
    private const byte ExtSasIoUnit = 0x10;
    private const byte ExtSasDevice = 0x12;
    private const byte ExtSasPhy = 0x13;

    private static uint[] ConfigRequest(byte action, byte type, byte number, uint pageAddress = 0, byte extType = 0,
        uint bufferLength = 0, ulong bufferAddress = 0, uint context = 0x4321) =>
    [
        action | (0x04u << 24),
        (uint)extType << 16,
        context,
        0,
        0,
        ((uint)number << 16) | ((uint)type << 24),
        pageAddress,
        bufferLength == 0 ? 0xD300_0000u : 0xD300_0000u | bufferLength,
        (uint)bufferAddress,
        (uint)(bufferAddress >> 32),
    ];

    private static ushort IocStatus(byte[] reply) => BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(0x0E));

    /// <summary>Header then page, the two-step read every Fusion driver does; returns the page bytes.</summary>
    private static byte[] ReadPage(LsiSasBench bench, byte type, byte number, uint pageAddress = 0, byte extType = 0)
    {
        var header = bench.Host.Handshake(ConfigRequest(PageHeader, type, number, pageAddress, extType));
        Assert.AreEqual((ushort)0, IocStatus(header), $"PAGE_HEADER of type 0x{type:X2}/0x{extType:X2} page {number}");
        Assert.AreEqual((byte)6, header[2], "CONFIG reply MsgLength");
        Assert.AreEqual((byte)0x04, header[3]);
        Assert.AreEqual(0x4321u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)), "MsgContext");
        int length = type == TypeExtended ? BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(4)) * 4 : header[0x15] * 4;
        Assert.IsGreaterThan(0, length, "the header reports the page length");

        var buffer = bench.Data(4096);
        buffer.Fill(0xEE);
        var read = bench.Host.Handshake(ConfigRequest(ReadCurrent, type, number, pageAddress, extType, (uint)length, buffer.PhysicalAddress));
        Assert.AreEqual((ushort)0, IocStatus(read), "READ_CURRENT");
        var page = buffer.Read(0, length);
        Assert.AreEqual((byte)0xEE, buffer.Read(length, 1)[0], "nothing is written past the SGE's length");
        Assert.AreEqual(header[0x14], page[0], "the page header's version matches PAGE_HEADER's");
        Assert.AreEqual(number, page[2]);
        Assert.AreEqual(type, page[3]);
        if (type == TypeExtended)
        {
            Assert.AreEqual(length / 4, BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(4)));
            Assert.AreEqual(extType, page[6]);
        }
        else
        {
            Assert.AreEqual(length / 4, page[1]);
        }

        return page;
    }

    private static string Ascii(byte[] page, int offset, int length) => Encoding.ASCII.GetString(page, offset, length).TrimEnd('\0');

    [TestMethod]
    public void Ioc_page_0_repeats_the_PCI_identity()
    {
        using var bench = new LsiSasBench();
        var page = ReadPage(bench, TypeIoc, 0);
        Assert.HasCount(28, page);
        Assert.AreEqual((byte)0x01, page[0], "IOC page 0 version");
        var pci = bench.Controller.Pci;
        Assert.AreEqual(pci.VendorId, BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(0x0C)));
        Assert.AreEqual(pci.DeviceId, BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(0x0E)));
        Assert.AreEqual(pci.RevisionId, page[0x10]);
        Assert.AreEqual(pci.ClassCode, BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(0x14)));
        Assert.AreEqual(pci.SubsystemVendorId, BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(0x18)));
        Assert.AreEqual(pci.SubsystemId, BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(0x1A)));
    }

    [TestMethod]
    public void Manufacturing_page_0_names_the_chip_and_board_and_IOC_page_2_reports_no_RAID()
    {
        using var bench = new LsiSasBench();
        var manufacturing = ReadPage(bench, TypeManufacturing, 0);
        Assert.HasCount(76, manufacturing);
        Assert.AreEqual("LSISAS1068", Ascii(manufacturing, 0x04, 16), "ChipName");
        Assert.AreEqual("A0", Ascii(manufacturing, 0x14, 8), "ChipRevision of PCI revision 0");
        Assert.IsFalse(string.IsNullOrEmpty(Ascii(manufacturing, 0x1C, 16)), "BoardName");

        var ioc2 = ReadPage(bench, TypeIoc, 2);
        Assert.HasCount(12, ioc2);
        Assert.AreEqual((byte)0x04, ioc2[0], "IOC page 2 version");
        Assert.AreEqual(0u, BinaryPrimitives.ReadUInt32LittleEndian(ioc2.AsSpan(4)), "no RAID capabilities");
        Assert.AreEqual((byte)0, ioc2[9], "MaxVolumes: mpt_findImVolumes finds no integrated RAID");

        var ioUnit0 = ReadPage(bench, TypeIoUnit, 0);
        var manufacturing5 = ReadPage(bench, TypeManufacturing, 5);
        Assert.AreEqual(BinaryPrimitives.ReadUInt64LittleEndian(manufacturing5.AsSpan(4)), BinaryPrimitives.ReadUInt64LittleEndian(ioUnit0.AsSpan(4)),
            "IO Unit page 0's unique value is the IOC's SAS address");
    }

    [TestMethod]
    public void Sas_io_unit_pages_have_one_phy_per_port_and_the_attached_disks()
    {
        using var bench = new LsiSasBench(secondDisk: true);
        var facts = bench.Host.Handshake(MpiTestHost.IocFactsRequest(1));
        var portFacts = bench.Host.Handshake(MpiTestHost.PortFactsRequest(0, 2));
        int ports = facts[0x26];
        Assert.AreEqual(ports, BinaryPrimitives.ReadUInt16LittleEndian(portFacts.AsSpan(0x16)), "PORT_FACTS MaxDevices");

        var unit0 = ReadPage(bench, TypeExtended, 0, extType: ExtSasIoUnit);
        Assert.HasCount(16 + (ports * 16), unit0);
        Assert.AreEqual(ports, unit0[0x0C], "NumPhys = IOC_FACTS NumberOfPorts");
        for (int phy = 0; phy < ports; phy++)
        {
            var entry = unit0.AsSpan(0x10 + (phy * 16), 16);
            bool attached = phy < 2;
            Assert.AreEqual(phy, entry[0], $"phy {phy} port");
            Assert.AreEqual(attached ? (byte)0x09 : (byte)0x02, entry[3], $"phy {phy} negotiated rate");
            Assert.AreEqual(attached ? 0x401u : 0u, BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]), $"phy {phy} device info");
            Assert.AreEqual(attached ? (ushort)(phy + 1 + ports) : (ushort)0, BinaryPrimitives.ReadUInt16LittleEndian(entry[8..]), $"phy {phy} attached handle");
        }

        var unit1 = ReadPage(bench, TypeExtended, 1, extType: ExtSasIoUnit);
        Assert.HasCount(20 + (ports * 12), unit1);
        Assert.AreEqual(ports, unit1[0x10]);
        Assert.AreEqual((byte)0x98, unit1[0x14 + 3], "max 3.0, min 1.5 Gb/s");
        Assert.AreEqual(0x401u, BinaryPrimitives.ReadUInt32LittleEndian(unit1.AsSpan(0x14 + 12 + 4)), "phy 1 has a disk");
        Assert.AreEqual(0u, BinaryPrimitives.ReadUInt32LittleEndian(unit1.AsSpan(0x14 + 24 + 4)), "phy 2 has none");
    }

    [TestMethod]
    public void Sas_device_page_0_get_next_handle_walk_finds_exactly_the_disks_that_answer()
    {
        using var bench = new LsiSasBench(secondDisk: true);
        bench.Host.InitializeToOperational();

        // mptsas_probe_devices: GET_NEXT_HANDLE from 0xFFFF until the IOC refuses.
        var found = new List<(ushort Handle, byte Target, ulong SasAddress)>();
        uint handle = 0xFFFF;
        for (int guard = 0; guard < 16; guard++)
        {
            var header = bench.Host.Handshake(ConfigRequest(PageHeader, TypeExtended, 0, handle, ExtSasDevice));
            if (IocStatus(header) != 0)
            {
                Assert.AreEqual((ushort)0x0022, IocStatus(header), "the walk ends with CONFIG_INVALID_PAGE");
                break;
            }

            var page = ReadPage(bench, TypeExtended, 0, handle, ExtSasDevice);
            Assert.HasCount(36, page);
            ushort devHandle = BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(0x18));
            found.Add((devHandle, page[0x1A], BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(0x0C))));
            Assert.AreEqual((byte)0, page[0x1B], "bus");
            Assert.AreEqual(0x401u, BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(0x1C)), "SSP target end device");
            Assert.AreEqual((ushort)0x0007, BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(0x20)), "present, mapped");
            handle = devHandle;
        }

        Assert.HasCount(2, found);
        Assert.AreEqual((byte)0, found[0].Target);
        Assert.AreEqual((byte)1, found[1].Target);
        Assert.AreNotEqual(found[0].SasAddress, found[1].SasAddress);
        Assert.AreEqual((ulong)5, found[0].SasAddress >> 60, "NAA 5 SAS address");

        // The other forms name the same device; each target found answers SCSI IO.
        var byHandle = ReadPage(bench, TypeExtended, 0, (2u << 28) | found[1].Handle, ExtSasDevice);
        var byTarget = ReadPage(bench, TypeExtended, 0, (1u << 28) | 1u, ExtSasDevice);
        CollectionAssert.AreEqual(byHandle, byTarget);
        Assert.AreEqual(found[1].SasAddress, BinaryPrimitives.ReadUInt64LittleEndian(byHandle.AsSpan(0x0C)));
        foreach (var device in found)
        {
            ulong frame = bench.Host.BuildScsiIo(0, device.Target, LsiSasBench.TestUnitReady, 0, 0, 0x100u + device.Target);
            var reply = bench.Host.Run(frame);
            Assert.IsTrue(reply.IsTurbo, $"target {device.Target} answers TEST UNIT READY");
        }

        // No disk at target 2, bus 1 does not exist.
        Assert.AreEqual((ushort)0x0022, IocStatus(bench.Host.Handshake(ConfigRequest(PageHeader, TypeExtended, 0, (1u << 28) | 2u, ExtSasDevice))));
        Assert.AreEqual((ushort)0x0022, IocStatus(bench.Host.Handshake(ConfigRequest(PageHeader, TypeExtended, 0, (1u << 28) | 0x100u, ExtSasDevice))));
    }

    [TestMethod]
    public void Sas_phy_page_0_links_the_phy_to_its_device()
    {
        using var bench = new LsiSasBench();
        var phy0 = ReadPage(bench, TypeExtended, 0, 0, ExtSasPhy);
        Assert.HasCount(36, phy0);
        ushort attached = BinaryPrimitives.ReadUInt16LittleEndian(phy0.AsSpan(0x08));
        Assert.AreEqual((ushort)9, attached, "phy 0's attached device handle");
        Assert.AreEqual(0x401u, BinaryPrimitives.ReadUInt32LittleEndian(phy0.AsSpan(0x18)));
        var device = ReadPage(bench, TypeExtended, 0, (2u << 28) | attached, ExtSasDevice);
        Assert.AreEqual(BinaryPrimitives.ReadUInt64LittleEndian(device.AsSpan(0x0C)), BinaryPrimitives.ReadUInt64LittleEndian(phy0.AsSpan(0x0C)),
            "the phy's attached SAS address is the device's");
        Assert.AreEqual((byte)0, device[0x16], "the device sits on phy 0");

        var phy3 = ReadPage(bench, TypeExtended, 0, 3, ExtSasPhy);
        Assert.AreEqual((ushort)0, BinaryPrimitives.ReadUInt16LittleEndian(phy3.AsSpan(0x08)), "nothing attached to phy 3");
        Assert.AreEqual((ushort)0x0022, IocStatus(bench.Host.Handshake(ConfigRequest(PageHeader, TypeExtended, 0, 8, ExtSasPhy))), "no phy 8");
    }

    [TestMethod]
    public void Refused_requests_carry_the_config_IOCStatus_codes()
    {
        using var bench = new LsiSasBench();
        var buffer = bench.Data(4096);
        buffer.Fill(0x5A);
        Assert.AreEqual((ushort)0x0020, IocStatus(bench.Host.Handshake(ConfigRequest(7, TypeIoc, 0))), "CONFIG_INVALID_ACTION");
        Assert.AreEqual((ushort)0x0021, IocStatus(bench.Host.Handshake(ConfigRequest(PageHeader, 0x05, 0))), "RAID volume pages: INVALID_TYPE");
        Assert.AreEqual((ushort)0x0022, IocStatus(bench.Host.Handshake(ConfigRequest(PageHeader, TypeIoc, 9))), "IOC page 9: INVALID_PAGE");
        Assert.AreEqual((ushort)0x0021, IocStatus(bench.Host.Handshake(ConfigRequest(PageHeader, TypeExtended, 0, extType: 0x05))), "extended type below 0x10");
        Assert.AreEqual((ushort)0x0021, IocStatus(bench.Host.Handshake(ConfigRequest(PageHeader, TypeExtended, 0, extType: 0x11))), "no expanders");
        var write = bench.Host.Handshake(ConfigRequest(WriteCurrent, TypeIoc, 1, bufferLength: 16, bufferAddress: buffer.PhysicalAddress));
        Assert.AreEqual((ushort)0x0025, IocStatus(write), "CONFIG_CANT_COMMIT");

        // A short SGE gets as much of the page as fits; a header request moves nothing.
        var shortRead = bench.Host.Handshake(ConfigRequest(ReadCurrent, TypeManufacturing, 0, bufferLength: 8, bufferAddress: buffer.PhysicalAddress));
        Assert.AreEqual((ushort)0, IocStatus(shortRead));
        Assert.AreEqual((byte)19, shortRead[0x15], "the reply still reports the whole page");
        Assert.AreEqual("LSIS", Encoding.ASCII.GetString(buffer.Read(4, 4)));
        Assert.AreEqual((byte)0x5A, buffer.Read(8, 1)[0]);

        // The page buffer outside memory: an error reply, no FAULT.
        var unmapped = bench.Host.Handshake(ConfigRequest(ReadCurrent, TypeIoc, 0, bufferLength: 28, bufferAddress: 0x7_0000_0000));
        Assert.AreEqual((ushort)0x0004, IocStatus(unmapped));
        Assert.IsNull(bench.Controller.Fault);
    }

    [TestMethod]
    public void Config_through_the_request_FIFO_gets_an_address_reply()
    {
        using var bench = new LsiSasBench();
        bench.Host.InitializeToOperational();
        var buffer = bench.Data(4096);
        uint[] request = ConfigRequest(ReadCurrent, TypeIoc, 0, bufferLength: 28, bufferAddress: buffer.PhysicalAddress, context: 0x77);
        var bytes = new byte[request.Length * 4];
        for (int i = 0; i < request.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), request[i]);
        }

        ulong frame = bench.Host.RequestFrame(1);
        bench.Host.WriteMemory(frame, bytes);
        var reply = bench.Host.Run(frame);
        Assert.IsFalse(reply.IsTurbo);
        Assert.AreEqual(0x77u, reply.Context);
        Assert.AreEqual((byte)0x04, reply.Function);
        Assert.AreEqual((ushort)0, reply.IocStatus);
        Assert.AreEqual((ushort)0x1000, BinaryPrimitives.ReadUInt16LittleEndian(buffer.Read(0x0C, 2)));
    }
}
