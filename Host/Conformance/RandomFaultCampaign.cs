using System.Globalization;

namespace DumpFramework.Host.Conformance;

/// <summary>What a random fault campaign found.</summary>
/// <param name="Drawn">Schedules drawn.</param>
/// <param name="ValidDumps">Dumps that succeeded and read back identical.</param>
/// <param name="CleanFailures">Dumps that failed and left no dump marked valid.</param>
/// <param name="Refused">Schedules the manifest model refused (a knob value the controller or disk does not take).</param>
/// <param name="HostCrashes">Schedules where the host crashed or hung.</param>
/// <param name="FalseValidDumps">Schedules that left a dump reported or marked valid that is not byte-identical.</param>
/// <param name="Offenders">The offending schedules, described for a replay.</param>
internal sealed record CampaignResult(int Drawn, int ValidDumps, int CleanFailures, int Refused, int HostCrashes, int FalseValidDumps, IReadOnlyList<string> Offenders);

/// <summary>
/// <c>--random N --seed S</c>: N fault schedules drawn from the knobs the stack has (which fault, when, how often),
/// each dumped on a fresh sparse disk and read back. Any outcome but "valid and identical" or "failed, nothing valid
/// left" counts: a host crash (or hang), or a false valid dump.
/// </summary>
internal sealed class RandomFaultCampaign(StackUnderTest stack, string scratchRoot)
{
    /// <summary>Draws and runs up to <paramref name="count"/> schedules.</summary>
    /// <param name="count">Schedules to draw.</param>
    /// <param name="seed">The seed: schedule i is the same for the same seed, whatever ran before it.</param>
    /// <param name="progress">Called after each schedule with the number done.</param>
    /// <param name="deadline">Wall-clock time after which no further schedule starts (a benchmark's budget); the
    /// result's <see cref="CampaignResult.Drawn"/> says how many ran.</param>
    /// <returns>The counts.</returns>
    public CampaignResult Run(int count, int seed, Action<int>? progress = null, DateTime? deadline = null)
    {
        int valid = 0, clean = 0, refused = 0, crashes = 0, falseValid = 0;
        var offenders = new List<string>();
        int index = 0;
        for (; index < count && (deadline is null || DateTime.UtcNow < deadline); index++)
        {
            var schedule = RandomSchedule.Draw(stack, seed, index);
            var runner = new ConformanceRunner(stack, scratchRoot, schedule.MemorySeed);
            var outcome = runner.Run(schedule);
            switch (outcome.Result)
            {
                case ScenarioResult.Pass when schedule.Verdict == RandomSchedule.Ending.Valid:
                    valid++;
                    break;
                case ScenarioResult.Pass:
                    clean++;
                    break;
                case ScenarioResult.NotApplicable:
                    refused++;
                    break;
                default:
                    if (schedule.Verdict == RandomSchedule.Ending.FalseValid)
                    {
                        falseValid++;
                    }
                    else
                    {
                        crashes++;
                    }

                    offenders.Add($"schedule {index} ({schedule.Description}): {outcome.Detail}");
                    break;
            }

            progress?.Invoke(index + 1);
        }

        return new CampaignResult(index, valid, clean, refused, crashes, falseValid, offenders);
    }

    /// <summary>One drawn fault schedule, run as a scenario: it passes when the dump is valid and identical, or failed and left nothing valid.</summary>
    private sealed class RandomSchedule : ConformanceScenario
    {
        private static readonly string[] CrashStates = ["running", "power_on", "faulted", "hung"];
        private static readonly string[] FaultKinds = ["busy", "queue_full", "not_ready", "recovered_error", "medium_error"];
        private readonly List<(string Text, Action<ManifestVariant> Apply)> _faults = [];
        private long? _cutAtByte;

        public enum Ending
        {
            Unknown,
            Valid,
            FailedCleanly,
            FalseValid,
        }

        public override string Name { get; } = "random";

        public override string WindowsBehaviour => "Any mix of crash-time faults.";

        public override string Expected => "a valid dump, or a failed dump that leaves nothing valid";

        public override string PassCriterion => "no host crash, no dump reported or marked valid that is not byte-identical";

        public override long MemoryBytes => 4 * MiB;

        public int MemorySeed { get; private set; }

        public Ending Verdict { get; private set; }

        public string Description => _faults.Count == 0 ? "no fault" : string.Join(", ", _faults.Select(f => f.Text));

        public static RandomSchedule Draw(StackUnderTest stack, int seed, int index)
        {
            var random = new Random(HashCode.Combine(seed, index) & int.MaxValue);
            var schedule = new RandomSchedule { MemorySeed = random.Next(1, int.MaxValue) };
            var menu = Menu(stack, schedule);
            int faults = random.Next(1, 3);
            for (int i = 0; i < faults; i++)
            {
                menu[random.Next(menu.Count)](random);
            }

            return schedule;
        }

        public override void Inject(ManifestVariant variant, StackUnderTest stack)
        {
            foreach (var (_, apply) in _faults)
            {
                apply(variant);
            }
        }

        public override string? Run(ScenarioBench bench)
        {
            var attempt = bench.Dump(bench.CrashManifest(), _cutAtByte);
            var back = bench.ReadBack(attempt);
            if (attempt.Result.Succeeded)
            {
                Verdict = back.Problem is null ? Ending.Valid : Ending.FalseValid;
                return back.Problem is null ? null : $"the stack reported the dump written, but {back.Problem}";
            }

            Verdict = back.LooksValid ? Ending.FalseValid : Ending.FailedCleanly;
            return back.LooksValid ? $"the dump failed ({attempt.Error}) yet the disk holds a dump marked valid" : null;
        }

        // The faults the stack's knobs allow, each drawn with its own when and how often.
        private static List<Action<Random>> Menu(StackUnderTest stack, RandomSchedule schedule)
        {
            var disk = stack.Manifest.DumpDisk;
            long firstLba = stack.Manifest.Dump.Offset / stack.SectorSize;
            long regionBlocks = Math.Min(stack.Manifest.Dump.Length, 8 * MiB) / stack.SectorSize;
            string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
            void Add(string text, Action<ManifestVariant> apply) => schedule._faults.Add((text, apply));
            var menu = new List<Action<Random>>
            {
                r =>
                {
                    long cut = r.NextInt64(0, 5 * MiB);
                    schedule._cutAtByte = cut;
                    schedule._faults.Add(($"power cut after {Text(cut)} bytes", _ => { }));
                },
                _ => Add("dump disk detached", v => v.SetDisk(disk.Target, "attached", "false")),
            };
            if (stack.Model.FindSetting("hang_request") is not null)
            {
                menu.Add(r =>
                {
                    string n = Text(r.Next(1, 400));
                    Add($"request {n} never answered", v => v.SetControllerSetting("hang_request", n));
                });
            }

            if (stack.Model.FindSetting("uncorrectable_lba") is not null)
            {
                menu.Add(r =>
                {
                    string lba = Text(firstLba + r.NextInt64(regionBlocks));
                    Add($"uncorrectable LBA {lba}", v => v.SetControllerSetting("uncorrectable_lba", lba));
                });
            }

            if (Capability.HardwareKey("crash_state").IsPresent(stack))
            {
                menu.Add(r =>
                {
                    string state = CrashStates[r.Next(CrashStates.Length)];
                    Add($"crash state {state}", v => v.SetHardware("crash_state", state));
                });
            }

            if (Capability.DiskKey("unit_attention").IsPresent(stack))
            {
                menu.Add(r =>
                {
                    string on = r.Next(2) == 0 ? "true" : "false";
                    Add($"unit attention {on}", v => v.SetDisk(disk.Target, "unit_attention", on));
                });
            }

            if (Capability.DiskKey("faults").IsPresent(stack))
            {
                menu.Add(r =>
                {
                    string kind = FaultKinds[r.Next(FaultKinds.Length)];
                    string count = Text(r.Next(1, 12));
                    long from = firstLba + r.NextInt64(regionBlocks);
                    long to = from + r.NextInt64(64);
                    (string, string) where = r.Next(2) == 0 ? ("command", Text(r.Next(1, 300))) : ("lba", $"{Text(from)}-{Text(to)}");
                    Add($"{kind} at {where.Item1} {where.Item2} x{count}", v => v.SetDisk(disk.Target, "faults", ManifestVariant.List([("kind", kind), where, ("count", count)])));
                });
            }

            if (Capability.ControllerSetting("completion_latency", "microseconds").IsPresent(stack))
            {
                menu.Add(r =>
                {
                    string latency = Text(r.Next(0, 20_000));
                    Add($"completion latency {latency} µs", v => v.SetControllerSetting("completion_latency", latency));
                });
            }

            return menu;
        }
    }
}
