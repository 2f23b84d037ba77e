using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Abstractions.Drivers;

/// <summary>
/// The entry point of a plugin assembly: the analogue of a driver image's DriverEntry. Who the driver is lives in the
/// assembly's <see cref="DumpDriverAttribute"/> and <see cref="DumpDriverSettingAttribute"/>s, which the host reads
/// from metadata before it loads the assembly; the host creates one instance of the one implementing type it finds in
/// the plugin's main assembly only after those checks and the plugin's integrity check passed.
/// </summary>
/// <remarks>
/// A port registers an <see cref="Port.IDumpPort"/> and the port services it exports
/// (<see cref="Scsi.IScsiPortServices"/>, <see cref="Scsi.IStorPortServices"/> or <see cref="Ata.IAtaPortServices"/>).
/// A miniport registers <see cref="Scsi.IScsiMiniport"/> or <see cref="Ata.IAtaChannelMiniport"/> and takes the port
/// services it links against as a constructor dependency: the host supplies the dump port's implementation, just as
/// Windows binds the <c>dump_</c> miniport's imports to the dump port. A filter registers
/// <see cref="Filters.IDumpFilter"/> keyed by its base name. Each stack has its own service provider, disposed with it.
/// </remarks>
public interface IDriverPlugin
{
    /// <summary>Registers the driver's services into the stack's container.</summary>
    /// <param name="services">The stack's service collection.</param>
    /// <param name="configuration">Load name and manifest settings of this driver in the stack.</param>
    void ConfigureServices(IServiceCollection services, DriverConfiguration configuration);
}
