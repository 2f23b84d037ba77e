using System.Globalization;

namespace DumpFramework.Abstractions;

/// <summary>An NTSTATUS value: what dump port routines and dump filter callbacks return.</summary>
/// <param name="Value">The 32-bit status (severity in the top two bits).</param>
public readonly record struct NtStatus(uint Value)
{
    /// <summary>STATUS_SUCCESS.</summary>
    public static readonly NtStatus Success = new(0x00000000);

    /// <summary>STATUS_UNSUCCESSFUL.</summary>
    public static readonly NtStatus Unsuccessful = new(0xC0000001);

    /// <summary>STATUS_NOT_IMPLEMENTED.</summary>
    public static readonly NtStatus NotImplemented = new(0xC0000002);

    /// <summary>STATUS_INVALID_PARAMETER.</summary>
    public static readonly NtStatus InvalidParameter = new(0xC000000D);

    /// <summary>STATUS_NO_SUCH_DEVICE.</summary>
    public static readonly NtStatus NoSuchDevice = new(0xC000000E);

    /// <summary>STATUS_DATA_ERROR.</summary>
    public static readonly NtStatus DataError = new(0xC000003E);

    /// <summary>STATUS_INSUFFICIENT_RESOURCES.</summary>
    public static readonly NtStatus InsufficientResources = new(0xC000009A);

    /// <summary>STATUS_DEVICE_NOT_READY.</summary>
    public static readonly NtStatus DeviceNotReady = new(0xC00000A3);

    /// <summary>STATUS_IO_TIMEOUT.</summary>
    public static readonly NtStatus IoTimeout = new(0xC00000B5);

    /// <summary>STATUS_NOT_SUPPORTED.</summary>
    public static readonly NtStatus NotSupported = new(0xC00000BB);

    /// <summary>STATUS_DEVICE_BUSY (a warning-level status: retry later).</summary>
    public static readonly NtStatus DeviceBusy = new(0x80000011);

    /// <summary>STATUS_IO_DEVICE_ERROR.</summary>
    public static readonly NtStatus IoDeviceError = new(0xC0000185);

    /// <summary>STATUS_DISK_FULL.</summary>
    public static readonly NtStatus DiskFull = new(0xC000007F);

    /// <summary>STATUS_MEDIA_WRITE_PROTECTED.</summary>
    public static readonly NtStatus MediaWriteProtected = new(0xC00000A2);

    /// <summary>STATUS_ACCESS_DENIED.</summary>
    public static readonly NtStatus AccessDenied = new(0xC0000022);

    /// <summary>NT_SUCCESS(): severity success or informational.</summary>
    public bool IsSuccess => (int)Value >= 0;

    /// <inheritdoc/>
    public override string ToString() => "0x" + Value.ToString("X8", CultureInfo.InvariantCulture);
}
