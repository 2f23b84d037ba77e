using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.MiniportLsiSas;

/// <summary>
/// The polled Fusion-MPT (MPI 1.5) miniport for the LSI SAS1064/1068: what <c>dump_LSI_SAS</c> does in the crash
/// dump stack. It talks to the IOC only through its registers and one uncached extension, from which it carves the
/// request frame, the chain frames, the reply frames and the sense buffer. One request is in flight at a time.
/// </summary>
/// <remarks>
/// The contract's entry points, in the order the dump port calls them:
/// <list type="number">
/// <item><see cref="InitializationData"/> (HW_INITIALIZATION_DATA): what the port must give the driver.</item>
/// <item><see cref="HwFindAdapter"/>: claim the controller, map registers, get the uncached extension.</item>
/// <item><see cref="HwInitialize"/> (in the .Initialization file): bring the controller to operational.</item>
/// <item><see cref="HwStartIo"/> (in the .Io file): start one SRB.</item>
/// <item><see cref="HwInterrupt"/> (polled by the port): complete finished SRBs.</item>
/// <item><see cref="HwResetBus"/>.</item>
/// <item><see cref="HwAdapterControl"/> (in the .Initialization file): when the port recovers a hung adapter, stop
/// the controller and restart it without a new HwFindAdapter.</item>
/// </list>
/// VENDOR: <c>dumpstack new miniport --links storport</c> starts a driver as a renamed copy of this one; the places
/// marked "VENDOR:" are where your controller's code replaces the Fusion-MPT code.
/// </remarks>
internal sealed partial class LsiSasMiniport : IScsiMiniport
{
    // VENDOR: your controller's PCI vendor and device IDs.
    private const ushort LsiVendorId = 0x1000;
    private static readonly ushort[] SupportedDeviceIds = [0x0050, 0x0054, 0x0056, 0x0058];

    // VENDOR: your controller's frame, queue and transfer limits.

    /// <summary>Request and chain frame size in bytes (the Linux driver's MPT_DEFAULT_FRAME_SIZE).</summary>
    private const int FrameSize = 128;

    private const int ReplyFrameSize = 64;
    private const int ReplyFrameCount = 16;
    private const int SenseBufferSize = 256;
    private const int FrameAlignment = 64;

    private const uint MaximumTransferBytes = 128 * 1024;
    private const int PageSize = 4096;

    /// <summary>Elements for the largest transfer starting anywhere in a page.</summary>
    private const int MaximumElements = ((int)MaximumTransferBytes / PageSize) + 1;

    /// <summary>64-bit simple elements that fit after the 48-byte SCSI IO header.</summary>
    private const int MainFrameElements = (FrameSize - Mpi.ScsiIoHeaderSize) / Mpi.Sge64Size;

    /// <summary>64-bit elements that fit in one chain frame.</summary>
    private const int ChainFrameElements = FrameSize / Mpi.Sge64Size;

    private const byte MaximumTargets = 128;
    private const byte InitiatorId = 128;

    // SP_* error codes for ScsiPortLogError.
    private const uint SpProtocolError = 0x0005;
    private const uint SpInternalAdapterError = 0x0006;
    private const uint SpBadFirmwareError = 0x000A;

    private static readonly int ChainFrameCount = ChainFramesFor(MaximumElements);

    // Layout of the uncached extension, relative to the first 64-byte aligned byte.
    private static readonly int RequestFrameOffset = 0;
    private static readonly int ChainFramesOffset = RequestFrameOffset + FrameSize;
    private static readonly int ReplyFramesOffset = ChainFramesOffset + (ChainFrameCount * FrameSize);
    private static readonly int SenseBufferOffset = ReplyFramesOffset + (ReplyFrameCount * ReplyFrameSize);
    private static readonly int ExtensionBytes = SenseBufferOffset + SenseBufferSize + FrameAlignment;

    private readonly IStorPortServices _port;
    private readonly string _name;
    private readonly PhysicalSegment[] _elements = new PhysicalSegment[MaximumElements];

    private IRegisterSpace? _registers;
    private IDmaBuffer? _extension;
    private int _base;
    private ulong _basePhysical;
    private uint _highAddress;
    private int _replyFramesPosted;
    private bool _initialized;

    private ScsiRequestBlock? _active;
    private uint _activeContext;
    private uint _sequence;

    /// <summary>Creates the miniport (DriverEntry).</summary>
    /// <param name="port">The Storport routines the driver imports (the dump port's implementation).</param>
    /// <param name="configuration">The driver's load name and settings.</param>
    public LsiSasMiniport(IStorPortServices port, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(configuration);
        _port = port;
        _name = configuration.LoadName;
        InitializationData = new HwInitializationData
        {
            NumberOfAccessRanges = 2,
            SrbExtensionSize = 0,
            UncachedExtensionSize = ExtensionBytes,
            NeedPhysicalAddresses = true,
            MapBuffers = StorMapBuffers.NoBuffers,
            AutoRequestSense = true,
            TaggedQueuing = false,
            MultipleRequestPerLu = false,
        };
    }

    public HwInitializationData InitializationData { get; }

    public SpReturn HwFindAdapter(PortConfiguration configuration, string argumentString, out bool again)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        again = false;
        if (configuration.Pci.VendorId != LsiVendorId || Array.IndexOf(SupportedDeviceIds, configuration.Pci.DeviceId) < 0)
        {
            return SpReturn.NotFound;
        }

        bool dumpStack = (argumentString ?? string.Empty).Contains("dump=1", StringComparison.OrdinalIgnoreCase) || configuration.DumpMode != DumpMode.None;
        if (!dumpStack)
        {
            _port.LogError(null, SpInternalAdapterError, $"{_name}: this polled miniport only runs in a dump stack (no \"dump=1\").");
            return SpReturn.BadConfig;
        }

        // VENDOR: pick your register window(s) and size the uncached extension for your queues.
        // The memory BAR and the I/O BAR decode the same registers; prefer memory.
        AccessRange? registers = null;
        foreach (var range in configuration.AccessRanges)
        {
            if (range.RangeLength >= 0x100 && (registers is null || (range.RangeInMemory && !registers.Value.RangeInMemory)))
            {
                registers = range;
            }
        }

        if (registers is null)
        {
            _port.LogError(null, SpInternalAdapterError, $"{_name}: no register window of at least 256 bytes in the configuration.");
            return SpReturn.BadConfig;
        }

        _registers = _port.GetDeviceBase(registers.Value);
        var extension = _port.GetUncachedExtension(configuration, ExtensionBytes);
        if (extension is null || extension.Length < ExtensionBytes)
        {
            _port.LogError(null, SpInternalAdapterError, $"{_name}: no uncached extension of {ExtensionBytes} bytes.");
            return SpReturn.Error;
        }

        // All frames share the upper 32 address bits given to IOC_INIT: the extension must not straddle 4 GiB.
        int skew = (int)((FrameAlignment - (extension.PhysicalAddress % FrameAlignment)) % FrameAlignment);
        ulong first = extension.PhysicalAddress + (ulong)skew;
        ulong last = extension.PhysicalAddress + (ulong)extension.Length - 1;
        if ((first >> 32) != (last >> 32))
        {
            _port.LogError(null, SpInternalAdapterError, $"{_name}: the uncached extension crosses a 4 GiB boundary.");
            return SpReturn.Error;
        }

        _extension = extension;
        _base = skew;
        _basePhysical = first;
        _highAddress = (uint)(first >> 32);

        configuration.MaximumTransferLength = MaximumTransferBytes;
        configuration.NumberOfPhysicalBreaks = MaximumElements - 1;
        configuration.AlignmentMask = 0x3;
        configuration.ScatterGather = true;
        configuration.Master = true;
        configuration.Dma64BitAddresses = true;
        configuration.NumberOfBuses = 1;
        configuration.MaximumNumberOfTargets = MaximumTargets;
        configuration.InitiatorBusId = InitiatorId;
        return SpReturn.Found;
    }

    public bool HwResetBus(byte pathId)
    {
        // In a dump stack a bus reset would only lose the disk's state: ignore it, as the dump rules require.
        return true;
    }

    /// <summary>Chain frames needed for <paramref name="elements"/> 64-bit simple elements.</summary>
    private static int ChainFramesFor(int elements)
    {
        if (elements <= MainFrameElements)
        {
            return 0;
        }

        int remaining = elements - (MainFrameElements - 1);
        int frames = 0;
        while (remaining > 0)
        {
            frames++;
            remaining -= remaining > ChainFrameElements ? ChainFrameElements - 1 : remaining;
        }

        return frames;
    }

    private uint Read(int offset) => _registers!.Read32(offset);

    private void Write(int offset, uint value) => _registers!.Write32(offset, value);

    private Span<byte> Extension(int offset, int length) => _extension!.Span.Slice(_base + offset, length);

    private ulong Physical(int offset) => _basePhysical + (ulong)offset;
}
