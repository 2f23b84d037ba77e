using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>A bitmap dump that leaves all-zero pages out, as the automatic and active memory dumps do.</summary>
internal sealed class CleanBitmapDump : ConformanceScenario
{
    public override string Name => "clean-bitmap-dump";

    public override string WindowsBehaviour => "A kernel, automatic or active memory dump (DumpType 5): a page bitmap says which pages follow; free zeroed pages are left out, so the writes are scattered runs, not one stream.";

    public override string Expected => "a valid bitmap dump without its zero pages";

    public override string PassCriterion => "the dump succeeds, its header and bitmap are valid, and every page the bitmap lists equals the memory dumped";

    public override DumpOptions Options => new() { Format = DumpFormat.Bitmap, OmitZeroPages = true };

    public override string? Run(ScenarioBench bench) => ExpectValidDump(bench, bench.Dump(bench.CrashManifest()));
}
