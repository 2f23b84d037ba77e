namespace DumpFramework.Abstractions.Hardware;

/// <summary>The PCI identity of an emulated function, as the port configuration reports it to a miniport.</summary>
/// <param name="VendorId">PCI vendor ID (e.g. 0x1000 for LSI).</param>
/// <param name="DeviceId">PCI device ID (e.g. 0x0054 for the SAS1068).</param>
/// <param name="SubsystemVendorId">Subsystem vendor ID.</param>
/// <param name="SubsystemId">Subsystem ID.</param>
/// <param name="ClassCode">24-bit class code (base, sub-class, programming interface).</param>
/// <param name="RevisionId">Revision ID.</param>
public readonly record struct PciIdentity(ushort VendorId, ushort DeviceId, ushort SubsystemVendorId, ushort SubsystemId, uint ClassCode, byte RevisionId);
