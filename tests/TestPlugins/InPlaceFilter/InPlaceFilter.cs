using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.TestPlugins.InPlaceFilter;

/// <summary>
/// Inverts the first byte of every write directly in physical memory, at the address of the MDL's first segment,
/// without substituting a buffer: what a filter must never do. The host has to notice.
/// </summary>
internal sealed class InPlaceFilter(IPhysicalMemory memory) : IDumpFilter
{
    public NtStatus Initialize(FilterExtension extension, FilterInitializationData data) => NtStatus.Success;

    public NtStatus Start(FilterExtension extension) => NtStatus.Success;

    public NtStatus Write(FilterExtension extension, DumpFilterWrite write)
    {
        ulong address = write.Data.Segments[0].Address;
        Span<byte> first = stackalloc byte[1];
        if (!memory.TryRead(address, first))
        {
            return NtStatus.Unsuccessful;
        }

        first[0] ^= 0xFF;

        // Success only when the tampering really happened, so a host test knows there is something to catch.
        return memory.TryWrite(address, first) ? NtStatus.Success : NtStatus.Unsuccessful;
    }

    public NtStatus Finish(FilterExtension extension) => NtStatus.Success;

    public NtStatus Unload(FilterExtension extension) => NtStatus.Success;

    public NtStatus Read(FilterExtension extension, DumpFilterRead read) => NtStatus.Success;
}
