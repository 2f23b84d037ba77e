using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Conformance;

/// <summary>
/// One crash-time situation a dump stack must survive, as Windows meets it: what it models, the knobs it needs, the
/// manifest variant (<see cref="Shape"/>: what stays true across the reboot, such as the disk's geometry;
/// <see cref="Inject"/>: what holds only at the crash, such as a hung controller), the memory image, the expected
/// outcome and the pass criterion that <see cref="Run"/> checks by reading the dump back through the stack.
/// </summary>
internal abstract class ConformanceScenario
{
    /// <summary>1 MiB.</summary>
    protected const long MiB = 1L << 20;

    /// <summary>The name used on the command line, in the table and in JUnit (kebab-case).</summary>
    public abstract string Name { get; }

    /// <summary>The Windows behaviour the scenario models.</summary>
    public abstract string WindowsBehaviour { get; }

    /// <summary>The expected outcome.</summary>
    public abstract string Expected { get; }

    /// <summary>What must hold for a pass.</summary>
    public abstract string PassCriterion { get; }

    /// <summary>The knobs the scenario needs.</summary>
    public virtual IReadOnlyList<Capability> Needs => [];

    /// <summary>The size of the synthetic memory dumped (PC layout, about one page in 16 all zero).</summary>
    public virtual long MemoryBytes => 16 * MiB;

    /// <summary>The dump's form.</summary>
    public virtual DumpOptions Options => new() { Format = DumpFormat.Full };

    /// <summary>The memory image: synthetic, a function of the seed, so the comparison can make it again.</summary>
    public IMemorySource CreateMemory(int seed) => new SyntheticMemory(MemoryBytes, seed);

    /// <summary>What holds before and after the crash (disk geometry, region): applied to the dump and to the read back.</summary>
    public virtual void Shape(ManifestVariant variant, StackUnderTest stack)
    {
    }

    /// <summary>What holds only at the crash (controller state, faults, latency): applied to the dump only.</summary>
    public virtual void Inject(ManifestVariant variant, StackUnderTest stack)
    {
    }

    /// <summary>Runs the scenario.</summary>
    /// <returns><see langword="null"/> on a pass, else what failed.</returns>
    /// <exception cref="ScenarioNotApplicableException">The drivers do not use what the scenario tests.</exception>
    public abstract string? Run(ScenarioBench bench);

    /// <summary>The usual pass criterion: the dump succeeds and reads back through the stack with every page identical.</summary>
    protected static string? ExpectValidDump(ScenarioBench bench, DumpAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(bench);
        ArgumentNullException.ThrowIfNull(attempt);
        if (!attempt.Result.Succeeded)
        {
            return $"expected a valid dump, but the dump failed: {attempt.Result.Error}";
        }

        return bench.ReadBack(attempt).Problem;
    }

    /// <summary>The failure criterion: the dump fails (with a reason), within the stall budget, and what is on the disk is not a valid dump.</summary>
    protected static string? ExpectFailedDump(ScenarioBench bench, DumpAttempt attempt, TimeSpan stallBudget)
    {
        ArgumentNullException.ThrowIfNull(bench);
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.Result.Succeeded)
        {
            return "expected the dump to fail, but the stack reported success";
        }

        if (string.IsNullOrWhiteSpace(attempt.Result.Error))
        {
            return "the dump failed without saying why";
        }

        if (attempt.StallTime > stallBudget)
        {
            return $"the dump failed only after {attempt.StallTime.TotalSeconds:0.#} s of stall time (budget {stallBudget.TotalSeconds:0} s): {attempt.Result.Error}";
        }

        var back = bench.ReadBack(attempt);
        return back.LooksValid ? $"the dump failed ({attempt.Result.Error}) yet the disk holds a dump marked valid" : null;
    }
}
