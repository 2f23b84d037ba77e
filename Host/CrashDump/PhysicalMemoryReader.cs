namespace DumpFramework.Host.CrashDump;

/// <summary>Reads the dumped machine's memory; <c>IPhysicalMemory.TryRead</c> fits.</summary>
/// <param name="physicalAddress">Start address.</param>
/// <param name="destination">Where the bytes go; its length is the read length.</param>
/// <returns><see langword="false"/> when any byte cannot be read.</returns>
internal delegate bool PhysicalMemoryReader(ulong physicalAddress, Span<byte> destination);
