namespace DumpFramework.Host.Scaffolding;

/// <summary>The language a generated miniport is written in (<c>--lang</c>).</summary>
internal enum ScaffoldLanguage
{
    /// <summary>A C# plugin: the built-in managed driver for the link, renamed.</summary>
    CSharp,

    /// <summary>A C miniport built with CMake against the SDK headers and run in the native worker: the C sample
    /// (Native/samples/lsisas), renamed.</summary>
    C,
}
