namespace DumpFramework.Abstractions.Drivers;

/// <summary>
/// How a caller of a driver (a dump port calling its miniport, a host calling a filter) turns an exception the driver
/// raised into a failed operation, the way a real dump stack survives a misbehaving driver instead of crashing with it.
/// </summary>
public static class DriverFault
{
    /// <summary>Whether the exception is a driver fault to turn into a failed operation. Corrupted-state exceptions
    /// (out of memory, stack overflow, access violation) are not: they must pass.</summary>
    /// <param name="exception">What the driver raised.</param>
    /// <returns><see langword="true"/> when the caller should catch it and fail the operation.</returns>
    public static bool IsDriverFault(Exception exception) =>
        exception is not (OutOfMemoryException or StackOverflowException or AccessViolationException);

    /// <summary>The status of an operation a driver fault ended: <see cref="NtStatus.NotImplemented"/> for a
    /// <see cref="DriverOperationNotSupportedException"/>, else <see cref="NtStatus.IoDeviceError"/>.</summary>
    /// <param name="exception">What the driver raised.</param>
    /// <returns>The status to report.</returns>
    public static NtStatus StatusOf(Exception exception) =>
        exception is DriverOperationNotSupportedException ? NtStatus.NotImplemented : NtStatus.IoDeviceError;

    /// <summary>Names the fault, for example <c>dump_atapi StartIo threw InvalidOperationException: ...</c>.</summary>
    /// <param name="driverName">The driver's load name.</param>
    /// <param name="routine">The routine that raised it.</param>
    /// <param name="exception">What the driver raised.</param>
    /// <returns>The description.</returns>
    public static string Describe(string driverName, string routine, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return $"{driverName} {routine} threw {exception.GetType().Name}: {exception.Message}";
    }
}
