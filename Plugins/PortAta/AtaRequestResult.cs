using DumpFramework.Abstractions;

namespace DumpFramework.Plugins.PortAta;

/// <summary>The outcome of a port operation: a status and, on failure, the message for LastError.</summary>
internal readonly record struct AtaRequestResult(NtStatus Status, string? Failure)
{
    public static AtaRequestResult Succeeded => new(NtStatus.Success, null);

    public bool IsSuccess => Status.IsSuccess;
}
