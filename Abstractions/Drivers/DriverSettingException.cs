namespace DumpFramework.Abstractions.Drivers;

/// <summary>
/// A driver refused the value of one of its settings. Thrown from <see cref="IDriverPlugin.ConfigureServices"/>
/// (the <see cref="DriverConfiguration"/> accessors throw it); the host reports it at the setting's position in the
/// manifest.
/// </summary>
public sealed class DriverSettingException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="driverName">The driver's load name, e.g. <c>dump_atapi</c>.</param>
    /// <param name="key">The setting key.</param>
    /// <param name="message">The whole message: it names the driver, the key and the accepted values.</param>
    public DriverSettingException(string driverName, string key, string message)
        : base(message)
    {
        DriverName = driverName;
        Key = key;
    }

    /// <summary>Creates the exception with no details (serialization and tooling only).</summary>
    public DriverSettingException()
    {
        DriverName = string.Empty;
        Key = string.Empty;
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public DriverSettingException(string message)
        : base(message)
    {
        DriverName = string.Empty;
        Key = string.Empty;
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DriverSettingException(string message, Exception innerException)
        : base(message, innerException)
    {
        DriverName = string.Empty;
        Key = string.Empty;
    }

    /// <summary>The driver's load name.</summary>
    public string DriverName { get; }

    /// <summary>The refused setting's key.</summary>
    public string Key { get; }
}
