using System.Runtime.InteropServices;

namespace DumpFramework.Hardware.BlockDevices;

/// <summary>A page-aligned native buffer for O_DIRECT bounce copies, released even if the owner is not disposed.</summary>
internal sealed unsafe class AlignedNativeBuffer : SafeHandle
{
    public AlignedNativeBuffer(int length, int alignment)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        Length = length;
        SetHandle((IntPtr)NativeMemory.AlignedAlloc((nuint)length, (nuint)alignment));
    }

    /// <summary>The buffer length in bytes.</summary>
    public int Length { get; }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The buffer's first <paramref name="length"/> bytes.</summary>
    public Span<byte> Slice(int length)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        return new Span<byte>((void*)handle, length);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMemory.AlignedFree((void*)handle);
        return true;
    }
}
