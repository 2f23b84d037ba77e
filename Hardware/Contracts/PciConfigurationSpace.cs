using System.Buffers.Binary;
using System.Numerics;
using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Contracts;

/// <summary>
/// The 256-byte PCI configuration space of an emulated function (type 0 header), as the firmware left it at boot:
/// identity, class code, I/O and memory decode and bus mastering enabled, one BAR per register window with the
/// address the firmware assigned, INTA# routed. Dump-mode drivers read it through ScsiPortGetBusData /
/// StorPortGetBusData and never write it.
/// </summary>
public sealed class PciConfigurationSpace
{
    /// <summary>The size of a conventional PCI configuration space.</summary>
    public const int Size = 256;

    /// <summary>Where the firmware places I/O BARs (above the legacy ISA range).</summary>
    public const uint IoBase = 0xC000;

    /// <summary>Where the firmware places memory BARs (the 32-bit MMIO hole below 4 GiB).</summary>
    public const uint MemoryBase = 0xFE00_0000;

    private const int MaximumBars = 6;
    private readonly byte[] _bytes = new byte[Size];

    /// <summary>Builds the configuration space of a function with these register windows, in BAR order.</summary>
    /// <param name="identity">The function's identity.</param>
    /// <param name="windows">Its register windows; at most six.</param>
    /// <exception cref="ArgumentException">More than six windows.</exception>
    public PciConfigurationSpace(PciIdentity identity, IReadOnlyList<IRegisterSpace> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count > MaximumBars)
        {
            throw new ArgumentException($"A type 0 function has at most {MaximumBars} BARs, not {windows.Count}.", nameof(windows));
        }

        var span = _bytes.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x00..], identity.VendorId);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x02..], identity.DeviceId);
        // Command: I/O space, memory space, bus master, as the firmware enables a boot controller.
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x04..], 0x0007);
        span[0x08] = identity.RevisionId;
        span[0x09] = (byte)identity.ClassCode;
        span[0x0A] = (byte)(identity.ClassCode >> 8);
        span[0x0B] = (byte)(identity.ClassCode >> 16);
        span[0x0E] = 0x00;
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x2C..], identity.SubsystemVendorId);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x2E..], identity.SubsystemId);
        span[0x3C] = 11;
        span[0x3D] = 1;

        uint io = IoBase;
        uint memory = MemoryBase;
        for (int bar = 0; bar < windows.Count; bar++)
        {
            var window = windows[bar];
            // A BAR decodes a naturally aligned power-of-two range: at least 4 bytes of I/O, 16 of memory.
            uint size = BitOperations.RoundUpToPowerOf2((uint)Math.Max(window.Length, window.IsMemoryMapped ? 16 : 4));
            uint value;
            if (window.IsMemoryMapped)
            {
                memory = AlignUp(memory, Math.Max(size, 0x1000u));
                value = memory;
                memory += Math.Max(size, 0x1000u);
            }
            else
            {
                io = AlignUp(io, size);
                value = io | 1;
                io += size;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(span[(0x10 + (4 * bar))..], value);
        }
    }

    /// <summary>Copies configuration space bytes.</summary>
    /// <param name="offset">Byte offset.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The bytes copied: 0 outside the space, fewer than asked at its end.</returns>
    public int Read(int offset, Span<byte> buffer)
    {
        if (offset < 0 || offset >= Size)
        {
            return 0;
        }

        int count = Math.Min(buffer.Length, Size - offset);
        _bytes.AsSpan(offset, count).CopyTo(buffer);
        return count;
    }

    private static uint AlignUp(uint value, uint alignment) => (value + alignment - 1) & ~(alignment - 1);
}
