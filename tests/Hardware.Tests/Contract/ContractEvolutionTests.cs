using System.Reflection;
using System.Runtime.CompilerServices;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Hardware.Tests.Contract;

/// <summary>The contract's evolution rule (Abstractions/README.md), checked on the compiled contract.</summary>
[TestClass]
public sealed class ContractEvolutionTests
{
    /// <summary>Interfaces a vendor's driver implements: members added within a major need a default body.</summary>
    private static readonly Type[] VendorImplemented =
    [
        typeof(IDriverPlugin), typeof(IScsiMiniport), typeof(IAtaChannelMiniport), typeof(IDumpFilter), typeof(IDumpPort),
        typeof(IDumpPortBinding), typeof(IScsiPortServices), typeof(IStorPortServices), typeof(IAtaPortServices),
    ];

    /// <summary>Interfaces only the host implements: drivers call them, so they may grow freely.</summary>
    private static readonly Type[] HostImplemented =
    [
        typeof(IAdapterResources), typeof(IPhysicalMemory), typeof(IDmaBuffer), typeof(IDmaAllocator), typeof(IRegisterSpace),
        typeof(IStallClock), typeof(IDumpLog),
    ];

    /// <summary>Fixed Windows structures: positional on purpose, they never grow.</summary>
    private static readonly Type[] FixedPositionalRecords =
    [
        typeof(NtStatus), typeof(ScsiAddress), typeof(AccessRange), typeof(PciIdentity), typeof(PhysicalRange),
        typeof(PhysicalSegment), typeof(SenseInfo), typeof(DiskGeometry), typeof(DiskPartitionInfo),
    ];

    private static Assembly Contract => typeof(IDriverPlugin).Assembly;

    [TestMethod]
    public void Every_public_interface_is_classified_as_vendor_or_host_implemented()
    {
        var classified = VendorImplemented.Concat(HostImplemented).ToHashSet();
        var unclassified = Contract.GetExportedTypes().Where(t => t.IsInterface && !classified.Contains(t)).Select(t => t.FullName).ToList();
        Assert.IsEmpty(unclassified, $"Classify in ContractEvolutionTests and Abstractions/README.md: {string.Join(", ", unclassified)}");
    }

    [TestMethod]
    public void Vendor_implemented_interfaces_have_no_abstract_member_beyond_the_major_baseline()
    {
        var baseline = ReadBaseline();
        var current = AbstractMembers().ToList();
        var added = current.Except(baseline).ToList();
        var removed = baseline.Except(current).ToList();
        string expected = string.Join(Environment.NewLine, current);
        Assert.IsEmpty(added, $"Members added to interfaces vendors implement need a default body (or, in a new major, a new baseline). Added without one: {string.Join("; ", added)}.{Environment.NewLine}Baseline of the current surface:{Environment.NewLine}{expected}");
        Assert.IsEmpty(removed, $"Removing a member breaks drivers of this major: {string.Join("; ", removed)}.{Environment.NewLine}Baseline of the current surface:{Environment.NewLine}{expected}");
    }

    [TestMethod]
    public void Only_fixed_windows_structures_are_positional_records()
    {
        var positional = Contract.GetExportedTypes()
            .Where(t => t.GetMethod("Deconstruct", BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)?.IsDefined(typeof(CompilerGeneratedAttribute)) == true)
            .Where(t => !FixedPositionalRecords.Contains(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.IsEmpty(positional, $"Records that may grow use init properties, not a positional constructor: {string.Join(", ", positional)}");
    }

    private static IEnumerable<string> AbstractMembers() =>
        VendorImplemented
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(method => method.IsAbstract)
                .Select(method => $"{type.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})"))
            .Order(StringComparer.Ordinal);

    private static HashSet<string> ReadBaseline()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "ContractBaseline.txt");
        return File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
    }
}
