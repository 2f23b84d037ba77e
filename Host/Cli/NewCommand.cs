using System.CommandLine;
using DumpFramework.Host.Scaffolding;

namespace DumpFramework.Host.Cli;

/// <summary>
/// <c>dumpstack new miniport|filter</c>: generates a vendor driver project (plugin, tests, sample manifest, README,
/// nuget.config; for <c>miniport --lang c</c> a CMake project of the C sample) from the Scriban templates under
/// <c>templates/</c>. The hidden <c>--emit-template-pack DIR</c> writes
/// the <c>dotnet new</c> pack's content from the same templates.
/// </summary>
internal static class NewCommand
{
    public static Command Create()
    {
        var emitPack = new Option<DirectoryInfo>("--emit-template-pack")
        {
            Description = "Write the dotnet new template pack content into this folder (used by templates/pack).",
            Hidden = true,
        };
        var emitForce = new Option<bool>("--force") { Description = "With --emit-template-pack: write into an existing folder.", Hidden = true };
        var command = new Command("new", "Generate a vendor driver project: a plugin that loads into dumpstack, its tests, a sample stack manifest and a README.")
        {
            CreateKind(ScaffoldKind.Miniport, "miniport", "A dump miniport: a working copy of the built-in driver for its port interface, to replace with your controller's code (--lang c: the C sample as a CMake project with a test script running the dump and the conformance kit)."),
            CreateKind(ScaffoldKind.Filter, "filter", "A dump filter: sees every dump write before the port and every read after it, with the substitute buffer rules laid out."),
            emitPack,
            emitForce,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(emitPack) is not { } directory)
            {
                error.WriteLine("dumpstack new: say what to generate: 'dumpstack new miniport ...' or 'dumpstack new filter ...' (see --help)");
                return ExitCodes.InvalidInput;
            }

            return CommandHost.Run(parse, host =>
            {
                var files = TemplatePackEmitter.Emit(directory.FullName, parse.GetValue(emitForce));
                host.Output.WriteLine($"template pack content: {files.Count} files in {directory.FullName}");
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Command CreateKind(ScaffoldKind kind, string name, string description)
    {
        var vendor = new Option<string>("--vendor") { Description = "Your company, a C# identifier (e.g. Contoso): the first part of the project name and namespace.", Required = true };
        var driverName = new Option<string>("--name") { Description = $"The driver's base name (e.g. ContosoRaid): {name} Name.sys, loaded as dump_Name; 1-15 letters, digits or '_', starting with a letter.", Required = true };
        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "The project folder (default: ./Vendor.Name). It must not exist unless --force is given." };
        var force = new Option<bool>("--force") { Description = "Write into an existing folder, overwriting files of the same name." };
        var feed = new Option<string>("--feed") { Description = $"The local package feed holding DumpFramework.Abstractions, for the generated nuget.config (default: {ScaffoldVersions.DefaultFeed}, beside the project)." };
        var command = new Command(name, description) { vendor, driverName, output, force, feed };
        Option<string>? links = null;
        Option<string>? language = null;
        if (kind == ScaffoldKind.Miniport)
        {
            language = new Option<string>("--lang")
            {
                Description = "The language of the miniport: csharp (default; a plugin, a renamed copy of the built-in driver) or c (a WDK-style C source built with CMake against the SDK headers, run in the native worker: the C LSI SAS1068 sample renamed; links storport or scsiport).",
            };
            command.Add(language);
            links = new Option<string>("--links")
            {
                Description = $"The port interface the miniport links against: {string.Join(", ", LinkTemplate.All.Select(l => $"{l.Name} (starts from {l.BuiltInDriver} on {l.ControllerModel})"))}. Default: the first available.",
            };
            command.Add(links);
        }

        command.SetAction(parse => CommandHost.Run(parse, host => Run(
            new ScaffoldRequest(
                kind,
                parse.GetValue(vendor)!,
                parse.GetValue(driverName)!,
                links is null ? null : parse.GetValue(links),
                parse.GetValue(output)?.FullName,
                parse.GetValue(feed),
                parse.GetValue(force),
                ParseLanguage(language is null ? null : parse.GetValue(language))),
            host)));
        return command;
    }

    /// <summary>The <c>--lang</c> value: <c>csharp</c> (or <c>c#</c>, <c>cs</c>) or <c>c</c>, any case.</summary>
    /// <exception cref="ScaffoldException">Another value.</exception>
    public static ScaffoldLanguage ParseLanguage(string? value) => value?.ToLowerInvariant() switch
    {
        null or "csharp" or "c#" or "cs" => ScaffoldLanguage.CSharp,
        "c" => ScaffoldLanguage.C,
        _ => throw new ScaffoldException($"--lang '{value}' is not a language of the templates (csharp, c)"),
    };

    public static int Run(ScaffoldRequest request, CommandHost host)
    {
        var output = host.Output;
        var result = ProjectScaffolder.Scaffold(request, Environment.CurrentDirectory);
        string kind = request.Kind == ScaffoldKind.Miniport ? "miniport" : "filter";
        output.WriteLine($"created the {kind} project {result.ProjectName} (dump_{request.Name}) in {result.Directory}:");
        foreach (var file in result.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            output.WriteLine("  " + file.Path);
        }

        if (request.Language == ScaffoldLanguage.C)
        {
            output.WriteLine($"next: sh test.sh there (cmake builds lib{request.Name}.so and the pinned manifest build/{request.Name}.yaml, then dumpstack dump and dumpstack conformance run on it; exit 0 = green). Set DUMPSTACK if dumpstack is not on PATH.");
            return ExitCodes.Success;
        }

        output.WriteLine("next: dotnet build and dotnet test there (the feed in nuget.config must hold DumpFramework.Abstractions), then see its README to publish it into a plugin folder and dump through stacks/" + request.Name + ".yaml.");
        return ExitCodes.Success;
    }
}
