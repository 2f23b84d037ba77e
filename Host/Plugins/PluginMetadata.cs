using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Plugins;

/// <summary>
/// What a plugin assembly says about itself, read from its metadata only: the driver identity its
/// <see cref="DumpDriverAttribute"/> and <see cref="DumpDriverSettingAttribute"/>s declare and the version of the
/// contract assembly it references. Nothing of the plugin is loaded or run: the file is parsed as data, as Windows
/// reads an image's headers before it maps the driver.
/// </summary>
internal sealed record PluginMetadata(DriverIdentity Identity, Version? ContractReference)
{
    private const string ContractNamespace = "DumpFramework.Abstractions.Drivers";

    private static readonly string ContractAssemblyName = typeof(IDriverPlugin).Assembly.GetName().Name!;

    /// <summary>Reads the plugin's identity from <paramref name="assemblyPath"/>.</summary>
    /// <exception cref="PluginLoadException">The file is not a regular file, not a .NET assembly, declares no driver, or
    /// declares one that is not usable.</exception>
    public static PluginMetadata Read(string assemblyPath)
    {
        string file = Path.GetFileName(assemblyPath);
        PluginFileKind.RequireRegularFile(assemblyPath);
        try
        {
            using var stream = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                throw new PluginLoadException($"{file} is not a .NET assembly.");
            }

            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly)
            {
                throw new PluginLoadException($"{file} is a .NET module, not an assembly.");
            }

            return new PluginMetadata(ReadIdentity(metadata, file), ReadContractReference(metadata));
        }
        catch (PluginLoadException)
        {
            throw;
        }
        catch (Exception error) when (error is BadImageFormatException or InvalidOperationException or ArgumentException or InvalidCastException)
        {
            // Data from an untrusted file: any way its metadata does not parse is the plugin's fault, named as such.
            throw new PluginLoadException($"{file} is not a .NET assembly, or is damaged: {error.Message}", error);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new PluginLoadException($"{file} cannot be read: {error.Message}", error);
        }
    }

    private static Version? ReadContractReference(MetadataReader metadata)
    {
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            if (metadata.StringComparer.Equals(reference.Name, ContractAssemblyName))
            {
                return reference.Version;
            }
        }

        return null;
    }

    private static DriverIdentity ReadIdentity(MetadataReader metadata, string file)
    {
        var provider = new ArgumentTypeProvider();
        DumpDriverAttribute? driver = null;
        var settings = new List<DumpDriverSettingAttribute>();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            switch (ContractAttributeName(metadata, attribute.Constructor))
            {
                case nameof(DumpDriverAttribute):
                    if (driver is not null)
                    {
                        throw new PluginLoadException($"{file} declares more than one [assembly: DumpDriver(...)].");
                    }

                    driver = Driver(attribute.DecodeValue(provider), file);
                    break;
                case nameof(DumpDriverSettingAttribute):
                    settings.Add(Setting(attribute.DecodeValue(provider), file));
                    break;
            }
        }

        if (driver is null)
        {
            throw new PluginLoadException(
                $"{file} declares no driver: a plugin assembly carries [assembly: DumpDriver(kind, base name, version, ...)] from {ContractAssemblyName} " +
                "(a plugin built against contract 1.x, with IDriverPlugin.Identity, must be rebuilt).");
        }

        try
        {
            return DriverIdentity.FromAttributes(driver, settings);
        }
        catch (ArgumentException error)
        {
            throw new PluginLoadException($"{file}: its [assembly: DumpDriver...] declaration is not usable: {error.Message}", error);
        }
    }

    // Only the contract's own attribute types count: a type of the same name defined in the plugin (a private copy of
    // the contract) is a definition, not a reference to the contract assembly, and is ignored.
    private static string? ContractAttributeName(MetadataReader metadata, EntityHandle constructor)
    {
        if (constructor.Kind != HandleKind.MemberReference)
        {
            return null;
        }

        var parent = metadata.GetMemberReference((MemberReferenceHandle)constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference)
        {
            return null;
        }

        var type = metadata.GetTypeReference((TypeReferenceHandle)parent);
        if (type.ResolutionScope.Kind != HandleKind.AssemblyReference
            || !metadata.StringComparer.Equals(type.Namespace, ContractNamespace)
            || !metadata.StringComparer.Equals(metadata.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name, ContractAssemblyName))
        {
            return null;
        }

        string name = metadata.GetString(type.Name);
        return name is nameof(DumpDriverAttribute) or nameof(DumpDriverSettingAttribute) ? name : null;
    }

    private static DumpDriverAttribute Driver(CustomAttributeValue<ArgumentType> value, string file)
    {
        var fixedArguments = value.FixedArguments;
        if (fixedArguments.Length != 5)
        {
            throw new PluginLoadException($"{file}: its DumpDriver attribute has {fixedArguments.Length} constructor arguments, not this contract's 5 (kind, base name, version, contract major, contract minor).");
        }

        var driver = new DumpDriverAttribute(
            (DriverKind)Fixed<int>(fixedArguments[0], file),
            Fixed<string>(fixedArguments[1], file),
            Fixed<string>(fixedArguments[2], file),
            Fixed<int>(fixedArguments[3], file),
            Fixed<int>(fixedArguments[4], file));
        foreach (var named in value.NamedArguments)
        {
            switch (named.Name)
            {
                case nameof(DumpDriverAttribute.LinksAgainst):
                    driver.LinksAgainst = (PortInterface)Named<int>(named, file);
                    break;
                case nameof(DumpDriverAttribute.Exports):
                    driver.Exports = [.. Array<int>(named, file).Select(p => (PortInterface)p)];
                    break;
                case nameof(DumpDriverAttribute.NotImplemented):
                    driver.NotImplemented = Array<string>(named, file);
                    break;
                case nameof(DumpDriverAttribute.Description):
                    driver.Description = Named<string>(named, file);
                    break;
                default:
                    throw new PluginLoadException($"{file}: its DumpDriver attribute sets '{named.Name}', which this contract does not have.");
            }
        }

        return driver;
    }

    private static DumpDriverSettingAttribute Setting(CustomAttributeValue<ArgumentType> value, string file)
    {
        if (value.FixedArguments.Length != 2)
        {
            throw new PluginLoadException($"{file}: a DumpDriverSetting attribute has {value.FixedArguments.Length} constructor arguments, not this contract's 2 (key, description).");
        }

        var setting = new DumpDriverSettingAttribute(Fixed<string>(value.FixedArguments[0], file), Fixed<string>(value.FixedArguments[1], file));
        foreach (var named in value.NamedArguments)
        {
            switch (named.Name)
            {
                case nameof(DumpDriverSettingAttribute.Values):
                    setting.Values = Named<string>(named, file);
                    break;
                case nameof(DumpDriverSettingAttribute.Default):
                    setting.Default = named.Value as string;
                    break;
                case nameof(DumpDriverSettingAttribute.Required):
                    setting.Required = Named<bool>(named, file);
                    break;
                default:
                    throw new PluginLoadException($"{file}: a DumpDriverSetting attribute sets '{named.Name}', which this contract does not have.");
            }
        }

        return setting;
    }

    private static T Fixed<T>(CustomAttributeTypedArgument<ArgumentType> argument, string file) =>
        argument.Value is T value ? value : throw new PluginLoadException($"{file}: a DumpDriver attribute argument is {argument.Value ?? "null"}, not a {typeof(T).Name}.");

    private static T Named<T>(CustomAttributeNamedArgument<ArgumentType> argument, string file) =>
        argument.Value is T value ? value : throw new PluginLoadException($"{file}: attribute property {argument.Name} is {argument.Value ?? "null"}, not a {typeof(T).Name}.");

    private static T[] Array<T>(CustomAttributeNamedArgument<ArgumentType> argument, string file) =>
        argument.Value is ImmutableArray<CustomAttributeTypedArgument<ArgumentType>> elements
            ? [.. elements.Select(e => e.Value is T value ? value : throw new PluginLoadException($"{file}: attribute property {argument.Name} holds {e.Value ?? "null"}, not a {typeof(T).Name}."))]
            : throw new PluginLoadException($"{file}: attribute property {argument.Name} is not an array.");

    /// <summary>A type in an attribute blob, as far as decoding needs it: the contract's attributes take primitives,
    /// strings, the contract's enums (all int) and arrays of those.</summary>
    internal sealed record ArgumentType(string Name, PrimitiveTypeCode? Primitive = null, ArgumentType? Element = null);

    private sealed class ArgumentTypeProvider : ICustomAttributeTypeProvider<ArgumentType>
    {
        private static readonly string[] ContractEnums = [typeof(DriverKind).FullName!, typeof(PortInterface).FullName!];

        public ArgumentType GetPrimitiveType(PrimitiveTypeCode typeCode) => new(typeCode.ToString(), typeCode);

        public ArgumentType GetSystemType() => new("System.Type");

        public ArgumentType GetSZArrayType(ArgumentType elementType) => new(elementType.Name + "[]", Element: elementType);

        public ArgumentType GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeDefinition(handle);
            return new(reader.GetString(type.Namespace) + "." + reader.GetString(type.Name));
        }

        public ArgumentType GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            return new(reader.GetString(type.Namespace) + "." + reader.GetString(type.Name));
        }

        // Named arguments of enum type carry the enum's assembly-qualified name.
        public ArgumentType GetTypeFromSerializedName(string name) => new(name.Split(',')[0].Trim());

        public PrimitiveTypeCode GetUnderlyingEnumType(ArgumentType type) =>
            ContractEnums.Contains(type.Name)
                ? PrimitiveTypeCode.Int32
                : throw new BadImageFormatException($"attribute argument of type {type.Name}, which is not one of the contract's enums");

        public bool IsSystemType(ArgumentType type) => type.Name == "System.Type";
    }
}
