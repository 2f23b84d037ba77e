namespace DumpFramework.Abstractions.Drivers;

/// <summary>Thrown when a driver is asked for an operation it does not implement. The message names the driver
/// and the operation so the failure is attributable.</summary>
public sealed class DriverOperationNotSupportedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public DriverOperationNotSupportedException()
        : this("(unknown)", "(unknown)")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DriverOperationNotSupportedException(string message)
        : base(message)
    {
        DriverName = string.Empty;
        Operation = string.Empty;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DriverOperationNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
        DriverName = string.Empty;
        Operation = string.Empty;
    }

    /// <summary>Creates the exception for a driver and operation.</summary>
    /// <param name="driverName">The driver's dump name, e.g. <c>dump_vmscsi</c>.</param>
    /// <param name="operation">The operation, e.g. <c>StartIo</c>.</param>
    public DriverOperationNotSupportedException(string driverName, string operation)
        : base($"{driverName}: {operation} is not implemented by this driver.")
    {
        DriverName = driverName;
        Operation = operation;
    }

    /// <summary>The driver's dump name.</summary>
    public string DriverName { get; }

    /// <summary>The operation that is not implemented.</summary>
    public string Operation { get; }
}
