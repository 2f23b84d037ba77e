using System.Buffers.Binary;
using System.Text;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.LsiSas;

/// <summary>
/// The MPI 1.5 configuration pages the SAS1068 model serves, in one place: page identities, versions and byte layouts
/// (<c>mpi_cnfg.h</c> / <c>mpi_sas.h</c> field order; QEMU <c>hw/scsi/mptconfig.c</c> is the behavioural reference).
/// The topology is QEMU's: a direct-attached domain with one phy per port, phy <c>i</c> wired to target ID <c>i</c>;
/// phy handles are <c>i + 1</c> and an attached device's handle is <c>i + 1 + NumberOfPorts</c>, so that the handles
/// Linux <c>mptsas_probe_devices</c> walks (SAS Device page 0, GET_NEXT_HANDLE) name exactly the disks that answer SCSI IO.
/// </summary>
internal sealed class MpiConfigPages
{
    // CONFIG request (function 0x04) and reply field offsets.
    public const int RequestSize = 0x28;
    public const int ReplySize = 0x18;
    public const int ActionOffset = 0x00;
    public const int ExtPageLengthOffset = 0x04;
    public const int ExtPageTypeOffset = 0x06;
    public const int HeaderOffset = 0x14;
    public const int PageAddressOffset = 0x18;
    public const int PageBufferSgeOffset = 0x1C;

    // Actions.
    public const byte ActionPageHeader = 0;
    public const byte ActionReadCurrent = 1;
    public const byte ActionWriteCurrent = 2;
    public const byte ActionPageDefault = 3;
    public const byte ActionWriteNvram = 4;
    public const byte ActionReadDefault = 5;
    public const byte ActionReadNvram = 6;

    // Page types (header byte 3, low nibble) and extended page types (request byte 6).
    public const byte TypeMask = 0x0F;
    public const byte TypeIoUnit = 0x00;
    public const byte TypeIoc = 0x01;
    public const byte TypeManufacturing = 0x09;
    public const byte TypeExtended = 0x0F;
    public const byte ExtTypeSasIoUnit = 0x10;
    public const byte ExtTypeSasExpander = 0x11;
    public const byte ExtTypeSasDevice = 0x12;
    public const byte ExtTypeSasPhy = 0x13;

    // PageAddress forms (bits 31:28) of the SAS Device and SAS PHY pages.
    public const int FormShift = 28;
    public const uint DeviceFormGetNextHandle = 0;
    public const uint DeviceFormBusTargetId = 1;
    public const uint DeviceFormHandle = 2;
    public const uint PhyFormPhyNumber = 0;
    public const uint PhyFormPhyTableIndex = 1;

    // SAS device information bits and link rates (nibbles of the programmed / hardware rate bytes).
    public const uint DeviceInfoEndDevice = 0x0000_0001;
    public const uint DeviceInfoSspTarget = 0x0000_0400;
    public const byte LinkRateFailedSpeedNegotiation = 0x02;
    public const byte LinkRate1_5 = 0x08;
    public const byte LinkRate3_0 = 0x09;

    // SAS Device page 0 flags: present, mapped, mapping persistent.
    public const ushort DeviceFlagsPresentMappedPersistent = 0x0007;

    /// <summary>The IOC's own SAS address (NAA 5 in LSI's range; bench-assigned vendor part), shared by its phys.</summary>
    public const ulong AdapterSasAddress = 0x5006_05B0_0DF0_1068;

    /// <summary>Base of the attached devices' SAS addresses: target ID <c>i</c> is at <c>DeviceSasAddressBase + i</c>.</summary>
    public const ulong DeviceSasAddressBase = 0x5006_05B0_0DF1_0000;

    private const int StandardHeaderSize = 4;
    private const int ExtendedHeaderSize = 8;
    private const int SasIoUnit0PhySize = 16;
    private const int SasIoUnit1PhySize = 12;

    /// <summary>Every page the IOC serves: type (the extended type for extended pages), number, version, builder.</summary>
    private static readonly PageDefinition[] Pages =
    [
        new(TypeManufacturing, 0, 0x00, static (p, _, page) => p.Manufacturing0(page)),
        new(TypeManufacturing, 5, 0x02, static (_, _, page) => Manufacturing5(page)),
        new(TypeIoUnit, 0, 0x00, static (_, _, page) => Fixed(page, TypeIoUnit, 0, 0x00, 8, AdapterSasAddress)),
        new(TypeIoUnit, 1, 0x02, static (_, _, page) => Fixed(page, TypeIoUnit, 1, 0x02, 4, IoUnit1Flags)),
        new(TypeIoUnit, 2, 0x02, static (_, _, page) => Fixed(page, TypeIoUnit, 2, 0x02, 28, 0)),
        new(TypeIoc, 0, 0x01, static (p, _, page) => p.Ioc0(page)),
        new(TypeIoc, 1, 0x03, static (_, _, page) => Fixed(page, TypeIoc, 1, 0x03, 12, 0)),
        new(TypeIoc, 2, 0x04, static (_, _, page) => Fixed(page, TypeIoc, 2, 0x04, 8, 0)),
        new(TypeIoc, 3, 0x00, static (_, _, page) => Fixed(page, TypeIoc, 3, 0x00, 4, 0)),
        new(TypeIoc, 4, 0x00, static (_, _, page) => Fixed(page, TypeIoc, 4, 0x00, 4, 0)),
        new(ExtTypeSasIoUnit, 0, 0x04, static (p, _, page) => p.SasIoUnit0(page)),
        new(ExtTypeSasIoUnit, 1, 0x07, static (p, _, page) => p.SasIoUnit1(page)),
        new(ExtTypeSasPhy, 0, 0x01, static (p, address, page) => p.SasPhy0(address, page)),
        new(ExtTypeSasDevice, 0, 0x05, static (p, address, page) => p.SasDevice0(address, page)),
    ];

    /// <summary>IO Unit page 1 flags: a single-function IOC with integrated RAID disabled (QEMU's value).</summary>
    private const ulong IoUnit1Flags = 0x41;

    private readonly PciIdentity _pci;
    private readonly IScsiTarget?[] _targets;
    private readonly int _ports;

    /// <param name="pci">The IOC's PCI identity (IOC page 0 repeats it).</param>
    /// <param name="targets">The controller's targets by ID; IDs below <paramref name="ports"/> sit behind phys.</param>
    /// <param name="ports">NumberOfPorts of IOC_FACTS: one phy each.</param>
    public MpiConfigPages(PciIdentity pci, IScsiTarget?[] targets, int ports)
    {
        _pci = pci;
        _targets = targets;
        _ports = ports;
    }

    /// <summary>The largest page this IOC builds, in bytes.</summary>
    public int MaximumPageSize => ExtendedHeaderSize + 8 + (_ports * SasIoUnit0PhySize);

    private delegate int PageBuilder(MpiConfigPages pages, uint pageAddress, Span<byte> page);

    private readonly record struct PageDefinition(byte Type, byte Number, byte Version, PageBuilder Build);

    /// <summary>Whether the IOC knows any page of <paramref name="type"/> (CONFIG_INVALID_PAGE rather than INVALID_TYPE).</summary>
    public static bool IsKnownType(byte type) => Array.Exists(Pages, page => page.Type == type);

    /// <summary>Builds page <paramref name="number"/> of <paramref name="type"/> for <paramref name="pageAddress"/>.</summary>
    /// <param name="type">The page type, or the extended page type for an extended page.</param>
    /// <param name="number">The page number.</param>
    /// <param name="pageAddress">The request's PageAddress (device handle, phy number…).</param>
    /// <param name="page">Receives the page, header included; at least <see cref="MaximumPageSize"/> bytes.</param>
    /// <param name="version">The page's version.</param>
    /// <returns>The page length in bytes; 0 when the IOC has no such page, -1 when the page exists but
    /// <paramref name="pageAddress"/> names no instance of it.</returns>
    public int TryBuild(byte type, byte number, uint pageAddress, Span<byte> page, out byte version)
    {
        version = 0;
        foreach (var definition in Pages)
        {
            if (definition.Type == type && definition.Number == number)
            {
                version = definition.Version;
                page.Clear();
                return definition.Build(this, pageAddress, page);
            }
        }

        return 0;
    }

    /// <summary>The phy's attached device handle, 0 when nothing is attached.</summary>
    public ushort DeviceHandle(int phy) => _targets[phy] is null ? (ushort)0 : (ushort)(phy + 1 + _ports);

    private static int Fixed(Span<byte> page, byte type, byte number, byte version, int bodyLength, ulong firstValue)
    {
        int length = StandardHeaderSize + bodyLength;
        WriteStandardHeader(page, type, number, version, length);
        if (bodyLength >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(page[StandardHeaderSize..], firstValue);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(page[StandardHeaderSize..], (uint)firstValue);
        }

        return length;
    }

    private static void WriteStandardHeader(Span<byte> page, byte type, byte number, byte version, int length)
    {
        page[0] = version;
        page[1] = (byte)(length / 4);
        page[2] = number;
        page[3] = type;
    }

    private static void WriteExtendedHeader(Span<byte> page, byte extType, byte number, byte version, int length)
    {
        page[0] = version;
        page[2] = number;
        page[3] = TypeExtended;
        BinaryPrimitives.WriteUInt16LittleEndian(page[4..], (ushort)(length / 4));
        page[6] = extType;
    }

    private static void WriteString(Span<byte> field, string value) => Encoding.ASCII.GetBytes(value, field);

    /// <summary>Manufacturing 0: ChipName[16], ChipRevision[8], BoardName[16], BoardAssembly[16], BoardTracerNumber[16].</summary>
    private int Manufacturing0(Span<byte> page)
    {
        const int length = StandardHeaderSize + 72;
        WriteStandardHeader(page, TypeManufacturing, 0, 0x00, length);
        WriteString(page.Slice(0x04, 16), "LSISAS1068");
        WriteString(page.Slice(0x14, 8), _pci.RevisionId == 0 ? "A0" : $"{(char)('A' + (_pci.RevisionId >> 4))}{_pci.RevisionId & 0xF}");
        WriteString(page.Slice(0x1C, 16), "LSISAS1068 bench");
        WriteString(page.Slice(0x2C, 16), "DumpFramework");
        WriteString(page.Slice(0x3C, 16), "0000000000001068");
        return length;
    }

    /// <summary>Manufacturing 5: the IOC's SAS address (u64), then reserved fields.</summary>
    private static int Manufacturing5(Span<byte> page)
    {
        const int length = StandardHeaderSize + 20;
        WriteStandardHeader(page, TypeManufacturing, 5, 0x02, length);
        BinaryPrimitives.WriteUInt64LittleEndian(page[0x04..], AdapterSasAddress);
        return length;
    }

    /// <summary>IOC 0: TotalNVStore, FreeNVStore, VendorID, DeviceID, RevisionID, ClassCode, SubsystemVendorID,
    /// SubsystemID — the same identity as PCI configuration space.</summary>
    private int Ioc0(Span<byte> page)
    {
        const int length = StandardHeaderSize + 24;
        WriteStandardHeader(page, TypeIoc, 0, 0x01, length);
        BinaryPrimitives.WriteUInt16LittleEndian(page[0x0C..], _pci.VendorId);
        BinaryPrimitives.WriteUInt16LittleEndian(page[0x0E..], _pci.DeviceId);
        page[0x10] = _pci.RevisionId;
        BinaryPrimitives.WriteUInt32LittleEndian(page[0x14..], _pci.ClassCode);
        BinaryPrimitives.WriteUInt16LittleEndian(page[0x18..], _pci.SubsystemVendorId);
        BinaryPrimitives.WriteUInt16LittleEndian(page[0x1A..], _pci.SubsystemId);
        return length;
    }

    private uint AttachedDeviceInfo(int phy) => _targets[phy] is null ? 0 : DeviceInfoEndDevice | DeviceInfoSspTarget;

    /// <summary>SAS IO Unit 0: NumPhys at 0x0C, then per phy (16 bytes at 0x10): Port, PortFlags, PhyFlags,
    /// NegotiatedLinkRate, ControllerPhyDeviceInfo, AttachedDevHandle, ControllerDevHandle, DiscoveryStatus.</summary>
    private int SasIoUnit0(Span<byte> page)
    {
        int length = ExtendedHeaderSize + 8 + (_ports * SasIoUnit0PhySize);
        WriteExtendedHeader(page, ExtTypeSasIoUnit, 0, 0x04, length);
        page[0x0C] = (byte)_ports;
        for (int phy = 0; phy < _ports; phy++)
        {
            var entry = page.Slice(0x10 + (phy * SasIoUnit0PhySize), SasIoUnit0PhySize);
            entry[0] = (byte)phy;
            entry[3] = _targets[phy] is null ? LinkRateFailedSpeedNegotiation : LinkRate3_0;

            // As QEMU: the device information and both handles describe the attached end device.
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], AttachedDeviceInfo(phy));
            BinaryPrimitives.WriteUInt16LittleEndian(entry[8..], DeviceHandle(phy));
            BinaryPrimitives.WriteUInt16LittleEndian(entry[10..], DeviceHandle(phy));
        }

        return length;
    }

    /// <summary>SAS IO Unit 1: NumPhys at 0x10, then per phy (12 bytes at 0x14): Port, PortFlags, PhyFlags,
    /// MaxMinLinkRate, ControllerPhyDeviceInfo, MaxTargetPortConnectTime.</summary>
    private int SasIoUnit1(Span<byte> page)
    {
        int length = ExtendedHeaderSize + 12 + (_ports * SasIoUnit1PhySize);
        WriteExtendedHeader(page, ExtTypeSasIoUnit, 1, 0x07, length);
        page[0x10] = (byte)_ports;
        for (int phy = 0; phy < _ports; phy++)
        {
            var entry = page.Slice(0x14 + (phy * SasIoUnit1PhySize), SasIoUnit1PhySize);
            entry[0] = (byte)phy;
            entry[3] = (LinkRate3_0 << 4) | LinkRate1_5;
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], AttachedDeviceInfo(phy));
        }

        return length;
    }

    /// <summary>SAS PHY 0 (by phy number or table index): AttachedDevHandle, SASAddress of the attached device,
    /// OwnerDevHandle, Port, AttachedDeviceInfo, ProgrammedLinkRate, HwLinkRate, ChangeCount, PhyInfo.</summary>
    private int SasPhy0(uint pageAddress, Span<byte> page)
    {
        uint form = pageAddress >> FormShift;
        uint phy = form switch
        {
            PhyFormPhyNumber => pageAddress & 0xFF,
            PhyFormPhyTableIndex => pageAddress & 0xFFFF,
            _ => uint.MaxValue,
        };
        if (phy >= (uint)_ports)
        {
            return -1;
        }

        int i = (int)phy;
        const int length = ExtendedHeaderSize + 28;
        WriteExtendedHeader(page, ExtTypeSasPhy, 0, 0x01, length);
        BinaryPrimitives.WriteUInt16LittleEndian(page[0x08..], DeviceHandle(i));
        BinaryPrimitives.WriteUInt64LittleEndian(page[0x0C..], _targets[i] is null ? 0 : DeviceSasAddressBase + phy);
        BinaryPrimitives.WriteUInt16LittleEndian(page[0x14..], DeviceHandle(i));
        page[0x16] = (byte)i;
        BinaryPrimitives.WriteUInt32LittleEndian(page[0x18..], AttachedDeviceInfo(i));
        page[0x1C] = (LinkRate3_0 << 4) | LinkRate1_5;
        page[0x1D] = (LinkRate3_0 << 4) | LinkRate1_5;
        return length;
    }

    /// <summary>SAS Device 0 (GET_NEXT_HANDLE, bus/target ID or handle): Slot, EnclosureHandle, SASAddress,
    /// ParentDevHandle, PhyNum, AccessStatus, DevHandle, TargetID, Bus, DeviceInfo, Flags, PhysicalPort.</summary>
    private int SasDevice0(uint pageAddress, Span<byte> page)
    {
        int target = ResolveDevice(pageAddress);
        if (target < 0 || _targets[target] is null)
        {
            return -1;
        }

        const int length = ExtendedHeaderSize + 28;
        WriteExtendedHeader(page, ExtTypeSasDevice, 0, 0x05, length);
        BinaryPrimitives.WriteUInt64LittleEndian(page[0x0C..], DeviceSasAddressBase + (ulong)target);
        BinaryPrimitives.WriteUInt16LittleEndian(page[0x14..], (ushort)(target + 1));
        page[0x16] = (byte)target;
        BinaryPrimitives.WriteUInt16LittleEndian(page[0x18..], DeviceHandle(target));
        page[0x1A] = (byte)target;
        BinaryPrimitives.WriteUInt32LittleEndian(page[0x1C..], DeviceInfoEndDevice | DeviceInfoSspTarget);
        BinaryPrimitives.WriteUInt16LittleEndian(page[0x20..], DeviceFlagsPresentMappedPersistent);
        page[0x22] = (byte)target;
        return length;
    }

    /// <summary>The target ID a SAS Device PageAddress names, or -1.</summary>
    private int ResolveDevice(uint pageAddress)
    {
        uint form = pageAddress >> FormShift;
        switch (form)
        {
            case DeviceFormGetNextHandle:
            {
                // The next attached device whose handle is above the given one; 0xFFFF starts the walk.
                uint handle = pageAddress & 0xFFFF;
                int first = handle == 0xFFFF ? 0 : Math.Max(0, (int)handle - _ports);
                for (int target = first; target < _ports; target++)
                {
                    if (_targets[target] is not null)
                    {
                        return target;
                    }
                }

                return -1;
            }

            case DeviceFormBusTargetId:
            {
                // Bus in bits 15:8 (only bus 0 exists), target ID in bits 7:0.
                uint target = pageAddress & 0xFF;
                return (pageAddress & 0xFF00) != 0 || target >= (uint)_ports ? -1 : (int)target;
            }

            case DeviceFormHandle:
            {
                int target = (int)(pageAddress & 0xFFFF) - 1 - _ports;
                return target >= 0 && target < _ports ? target : -1;
            }

            default:
                return -1;
        }
    }
}
