namespace DumpFramework.Host.Scaffolding;

/// <summary>What <c>dumpstack new</c> was asked to generate.</summary>
/// <param name="Kind">Miniport or filter.</param>
/// <param name="Vendor">The vendor: first part of the project name and namespace.</param>
/// <param name="Name">The driver's base name: <c>Name.sys</c>, loaded as <c>dump_Name</c>.</param>
/// <param name="Links">For a miniport, the port interface (<c>storport</c>, <c>scsiport</c>, <c>ataport</c>); <see langword="null"/> for the default.</param>
/// <param name="OutputDirectory">The project folder; <see langword="null"/> for <c>./Vendor.Name</c>.</param>
/// <param name="Feed">The local package feed for nuget.config; <see langword="null"/> for the default.</param>
/// <param name="Force">Write into an existing folder, overwriting generated files.</param>
/// <param name="Language">For a miniport, C# (a plugin) or C (a native miniport built with CMake).</param>
internal sealed record ScaffoldRequest(ScaffoldKind Kind, string Vendor, string Name, string? Links, string? OutputDirectory, string? Feed, bool Force, ScaffoldLanguage Language = ScaffoldLanguage.CSharp);
