using System.Globalization;

namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>The power fails at a random write: what is on the disk is never a valid dump, and the next crash's dump succeeds.</summary>
internal sealed class PowerCut : ConformanceScenario
{
    public override string Name => "power-cut-mid-dump";

    public override string WindowsBehaviour => "The machine loses power part way through the dump. Because the header is made valid only after the last write, SMSS finds no valid dump at the next boot; the next crash writes a complete dump over the remains.";

    public override string Expected => "no valid dump after the cut; a valid dump at the next crash";

    public override string PassCriterion => "cut at a write chosen from the seed, the disk holds no dump marked valid; the next dump on the same disk succeeds and reads back with every page identical";

    public override string? Run(ScenarioBench bench)
    {
        long length;
        using (var memory = CreateMemory(bench.Seed))
        {
            length = memory.Ranges.Sum(r => (long)r.Length);
        }

        long cut = new Random(bench.Seed).NextInt64(4096, length);
        var attempt = bench.Dump(bench.CrashManifest(), cutAtByte: cut);
        if (attempt.Result.Succeeded)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the power was cut after {cut} bytes, yet the stack reported the dump complete");
        }

        if (bench.ReadBack(attempt).LooksValid)
        {
            return string.Create(CultureInfo.InvariantCulture, $"after a power cut at byte {cut} the disk holds a dump marked valid");
        }

        return ExpectValidDump(bench, bench.Dump(bench.CrashManifest())) is { } problem ? $"the dump after the power cut: {problem}" : null;
    }
}
