using DumpFramework.Abstractions;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>How a port operation ended: the status to return and, on failure, the message for LastError.</summary>
/// <param name="Status">The NTSTATUS.</param>
/// <param name="Failure">The failure description (naming port, miniport and device), <see langword="null"/> on success.</param>
internal readonly record struct PortRequestResult(NtStatus Status, string? Failure)
{
    /// <summary>Success.</summary>
    public static PortRequestResult Succeeded => new(NtStatus.Success, null);

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => Status.IsSuccess;
}
