using System.Runtime.InteropServices;
using System.Text;

namespace DumpFramework.Host.Native;

/// <summary>
/// The pipe protocol between the host and its native miniport worker, mirroring Native/shim/dumpfw_protocol.h field
/// for field (the sizes are checked when the host starts a worker: <see cref="CheckSizes"/>). Every message is a
/// <see cref="NativeHeader"/> and its payload; control alternates strictly (call, callbacks each answered, return).
/// </summary>
internal static class NativeProtocol
{
    public const uint Version = 1;
    public const int MaxSegments = 512;
    public const int MaxAccessRanges = 6;
    public const int MaxText = 512;

    public const uint CallLoad = 1;
    public const uint CallFindAdapter = 2;
    public const uint CallInitialize = 3;
    public const uint CallBuildIo = 4;
    public const uint CallStartIo = 5;
    public const uint CallInterrupt = 6;
    public const uint CallResetBus = 7;
    public const uint CallAdapterControl = 8;
    public const uint CallQuit = 9;
    public const uint Return = 32;
    public const uint CallbackReadRegister = 64;
    public const uint CallbackWriteRegister = 65;
    public const uint CallbackStall = 66;
    public const uint CallbackNotify = 67;
    public const uint CallbackLogError = 68;
    public const uint CallbackBusData = 69;
    public const uint CallbackLog = 70;
    public const uint CallbackUncachedExtension = 71;
    public const uint CallbackReply = 96;

    public const uint LogDebug = 0;
    public const uint LogInformation = 1;
    public const uint LogWarning = 2;
    public const uint LogRefused = 3;

    /// <summary>Refuses to run when a structure here does not have the size the shim's header gives it.</summary>
    public static unsafe void CheckSizes()
    {
        Check(sizeof(NativeHeader), 8, nameof(NativeHeader));
        Check(sizeof(NativeRegion), 24, nameof(NativeRegion));
        Check(sizeof(NativeLoadCall), 1296, nameof(NativeLoadCall));
        Check(sizeof(NativeLoadReturn), 540, nameof(NativeLoadReturn));
        Check(sizeof(NativeFindAdapterCall), 256, nameof(NativeFindAdapterCall));
        Check(sizeof(NativeFindAdapterReturn), 28, nameof(NativeFindAdapterReturn));
        Check(sizeof(NativeRequest), 8296, nameof(NativeRequest));
        Check(sizeof(NativeRequestResult), 16, nameof(NativeRequestResult));
        Check(sizeof(NativeRequestReturn), 24, nameof(NativeRequestReturn));
        Check(sizeof(NativeAdapterControl), 76, nameof(NativeAdapterControl));
        Check(sizeof(NativeRegisterAccess), 16, nameof(NativeRegisterAccess));
        Check(sizeof(NativeNotify), 24, nameof(NativeNotify));
        Check(sizeof(NativeLogError), 16, nameof(NativeLogError));
        Check(sizeof(NativeBusData), 24, nameof(NativeBusData));
        Check(sizeof(NativeUncachedExtension), 8, nameof(NativeUncachedExtension));
        Check(sizeof(NativeLog), 520, nameof(NativeLog));
    }

    /// <summary>A NUL-terminated UTF-8 text from a fixed field.</summary>
    public static unsafe string Text(byte* text, int capacity)
    {
        var span = new ReadOnlySpan<byte>(text, capacity);
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }

    /// <summary>Writes <paramref name="value"/> NUL-terminated into a fixed field, or refuses when it does not fit.</summary>
    public static unsafe void SetText(byte* text, int capacity, string value, string what)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        if (count >= capacity)
        {
            throw new ArgumentException($"{what} is {count} bytes; at most {capacity - 1} fit", nameof(value));
        }

        var span = new Span<byte>(text, capacity);
        span.Clear();
        Encoding.UTF8.GetBytes(value, span);
    }

    private static void Check(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{name} is {actual} bytes, the shim's is {expected}: the host and Native/shim/dumpfw_protocol.h disagree");
        }
    }
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeHeader
{
    public uint Kind;
    public uint Length;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeSegment
{
    public ulong Physical;
    public uint Length;
    public uint Reserved;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeRegion
{
    public ulong ArenaOffset;
    public ulong Physical;
    public uint Length;
    public uint Reserved;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeLoadCall
{
    public uint Version;
    public uint Links;
    public ulong ArenaLength;
    public fixed byte Library[1024];
    public fixed byte ArenaPath[256];
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeLoadReturn
{
    public uint Status;
    public uint InitializeStatus;
    public uint NumberOfAccessRanges;
    public uint SrbExtensionSize;
    public uint DeviceExtensionSize;
    public byte MapBuffers;
    public byte NeedPhysicalAddresses;
    public byte TaggedQueuing;
    public byte AutoRequestSense;
    public byte MultipleRequestPerLu;
    public byte HasBuildIo;
    public byte HasAdapterControl;
    public byte Reserved;
    public fixed byte Text[NativeProtocol.MaxText];
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeAccessRange
{
    public ulong Start;
    public uint Length;
    public byte InMemory;
    public byte Reserved0;
    public byte Reserved1;
    public byte Reserved2;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeFindAdapterCall
{
    public uint SystemIoBusNumber;
    public uint SlotNumber;
    public uint AccessRangeCount;
    public byte DumpMode;
    public byte Reserved0;
    public byte Reserved1;
    public byte Reserved2;
    public NativeAccessRange Range0;
    public NativeAccessRange Range1;
    public NativeAccessRange Range2;
    public NativeAccessRange Range3;
    public NativeAccessRange Range4;
    public NativeAccessRange Range5;
    public ulong MiniportDumpDataOffset;
    public uint MiniportDumpDataLength;
    public uint Reserved3;
    public fixed byte ArgumentString[128];
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeFindAdapterReturn
{
    public uint Result;
    public uint MaximumTransferLength;
    public uint NumberOfPhysicalBreaks;
    public uint AlignmentMask;
    public uint RequestedDumpBufferSize;
    public byte NumberOfBuses;
    public byte MaximumNumberOfTargets;
    public byte InitiatorBusId;
    public byte ScatterGather;
    public byte Master;
    public byte Dma64BitAddresses;
    public byte Again;
    public byte Reserved;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeRequest
{
    public uint Slot;
    public byte Function;
    public byte SrbStatus;
    public byte ScsiStatus;
    public byte PathId;
    public byte TargetId;
    public byte Lun;
    public byte QueueTag;
    public byte QueueAction;
    public byte CdbLength;
    public byte SenseInfoBufferLength;
    public byte DataMapped;
    public byte Reserved;
    public uint SrbFlags;
    public uint DataTransferLength;
    public uint TimeOutValue;
    public uint QueueSortKey;
    public uint InternalStatus;
    public uint SegmentCount;
    public ulong DataOffset;
    public ulong SenseOffset;
    public ulong ExtensionOffset;
    public ulong SensePhysical;
    public ulong ExtensionPhysical;
    public uint ExtensionLength;
    public uint Reserved2;
    public fixed byte Cdb[16];
    public fixed byte Segments[NativeProtocol.MaxSegments * 16];

    /// <summary>Bytes to send: the segments actually used, not the whole array.</summary>
    public readonly int UsedLength => 104 + ((int)SegmentCount * 16);
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeRequestResult
{
    public uint Slot;
    public byte SrbStatus;
    public byte ScsiStatus;
    public byte SenseInfoBufferLength;
    public byte DataWritten;
    public uint DataTransferLength;
    public uint InternalStatus;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeRequestReturn
{
    public uint Value;
    public uint Reserved;
    public NativeRequestResult Result;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeAdapterControl
{
    public uint ControlType;
    public uint Status;
    public uint MaxControlType;
    public fixed byte Supported[64];
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeRegisterAccess
{
    public uint Window;
    public uint Offset;
    public uint Width;
    public uint Value;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeNotify
{
    public uint Type;
    public uint HasRequest;
    public NativeRequestResult Result;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeLogError
{
    public uint ErrorCode;
    public uint UniqueId;
    public int Slot;
    public byte PathId;
    public byte TargetId;
    public byte Lun;
    public byte Reserved;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeBusData
{
    public uint BusDataType;
    public uint SystemIoBusNumber;
    public uint SlotNumber;
    public uint Offset;
    public uint Length;
    public uint Reserved;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeUncachedExtension
{
    public uint Length;
    public uint Dma64;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeLog
{
    public uint Level;
    public uint Reserved;
    public fixed byte Text[NativeProtocol.MaxText];
}
