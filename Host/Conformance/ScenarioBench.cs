using System.Globalization;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.CrashDump;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Orchestration;

namespace DumpFramework.Host.Conformance;

/// <summary>What one dump through a scenario's variant did.</summary>
/// <param name="Manifest">The manifest the dump used.</param>
/// <param name="Result">The write result (error text in the layers' words).</param>
/// <param name="StallTime">Stall time spent (timeouts and delays are counted in it).</param>
/// <param name="Log">The stack's log lines.</param>
/// <param name="ContentLength">The dump file's length.</param>
/// <param name="Format">The dump's form.</param>
/// <param name="Hibernation">Whether it was written by the hibernation stack.</param>
internal sealed record DumpAttempt(StackManifest Manifest, DumpWriteResult Result, TimeSpan StallTime, IReadOnlyList<string> Log, long ContentLength, DumpFormat Format, bool Hibernation);

/// <summary>What reading a dump back through the stack found.</summary>
/// <param name="LooksValid">Whether the header says the dump is complete and valid (raw: whether the bytes match).</param>
/// <param name="Problem"><see langword="null"/> when the dump is valid and every page identical to the memory, else what is wrong.</param>
internal sealed record ReadBackResult(bool LooksValid, string? Problem);

/// <summary>
/// A scenario's bench: its scratch folder (sparse disk images), the stack under test and the seed. Dumps a manifest
/// variant through the real plugins and reads it back through the stack (as SMSS does at the next boot), comparing
/// every page with the memory that was dumped.
/// </summary>
internal sealed class ScenarioBench(StackUnderTest stack, ConformanceScenario scenario, string scratch, int seed)
{
    public StackUnderTest Stack => stack;

    public int Seed => seed;

    /// <summary>The scenario's scratch folder.</summary>
    public string Scratch => scratch;

    /// <summary>The variant as it is at the crash: shape and injected conditions.</summary>
    public StackManifest CrashManifest(Action<ManifestVariant>? more = null) => Variant(inject: true, more);

    /// <summary>The variant as it is after the reboot: shape only (the same disks and geometry, no crash-time faults).</summary>
    public StackManifest BootManifest(Action<ManifestVariant>? more = null) => Variant(inject: false, more);

    /// <summary>Dumps the scenario's memory through <paramref name="manifest"/>'s stack.</summary>
    /// <param name="manifest">The variant.</param>
    /// <param name="cutAtByte">A power cut: no write starts once this many bytes were written.</param>
    /// <param name="hibernation">Write with the hibernation stack (hiber_ names, raw memory).</param>
    public DumpAttempt Dump(StackManifest manifest, long? cutAtByte = null, bool hibernation = false)
    {
        var options = hibernation ? scenario.Options with { Format = DumpFormat.Raw } : scenario.Options;
        var memory = scenario.CreateMemory(seed);
        DumpPlan plan;
        try
        {
            plan = DumpPlan.Create(manifest, memory, options);
        }
        catch
        {
            memory.Dispose();
            throw;
        }

        using var cut = new CancellationTokenSource();
        var progress = new PowerCut(cutAtByte, cut);
        DumpSession session;
        try
        {
            session = DumpSession.Open(manifest, plan.Target, stack.Catalog, memory, hibernation: hibernation);
        }
        catch (DumpFailedException failure)
        {
            // The stack could not even be brought up (a driver that cannot be created, a disk in use).
            return new DumpAttempt(manifest, new DumpWriteResult(false, failure.Message, 0, 0, TimeSpan.Zero, new()), TimeSpan.Zero, [], plan.Content.Length, plan.Format, hibernation);
        }

        using (session)
        {
            var result = session.Dump(plan, progress, cut.Token);
            return new DumpAttempt(manifest, result, session.StallTime, [.. session.Log.Entries.Select(e => e.ToString())], plan.Content.Length, plan.Format, hibernation);
        }
    }

    /// <summary>Reads <paramref name="attempt"/>'s dump back through the boot variant's stack and compares every page with the memory dumped.</summary>
    public ReadBackResult ReadBack(DumpAttempt attempt, StackManifest? manifest = null)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        manifest ??= BootManifest();
        var target = DumpTarget.Resolve(manifest, null);
        int block = manifest.DumpDisk.BlockSize;
        long whole = (attempt.ContentLength + block - 1) / block * block;
        using var buffer = new MemoryStream();
        using (var session = DumpSession.Open(manifest, target, stack.Catalog, new EmptyMemory(), hibernation: attempt.Hibernation))
        {
            var read = session.Read(whole, buffer, new PowerCut(null, null));
            if (!read.Succeeded)
            {
                return new ReadBackResult(false, $"the dump could not be read back through the stack: {read.Error}");
            }
        }

        buffer.SetLength(attempt.ContentLength);
        buffer.Position = 0;
        using var memory = scenario.CreateMemory(seed);
        return attempt.Format == DumpFormat.Raw ? CompareRaw(buffer, memory) : CompareCrashDump(buffer, memory);
    }

    private static ReadBackResult CompareCrashDump(MemoryStream dump, IMemorySource memory)
    {
        var verification = CrashDumpVerifier.Verify(dump, memory.TryRead, memory.Ranges);
        bool looksValid = verification.IsValid && !verification.IsIncomplete;
        if (!looksValid)
        {
            string why = verification.IsIncomplete ? "its header is still marked incomplete" : string.Join("; ", verification.Errors.Select(e => e.ToString()));
            return new ReadBackResult(false, $"the dump read back is not valid: {why}");
        }

        if (verification.MismatchedPages != 0 || verification.MissingPages != 0)
        {
            return new ReadBackResult(true, string.Create(CultureInfo.InvariantCulture,
                $"the dump is marked valid but {verification.MismatchedPages} page(s) differ from memory and {verification.MissingPages} are missing (first difference at physical address 0x{verification.FirstMismatchByteAddress ?? 0:X}): what the stack reported written is not what is on the disk"));
        }

        return new ReadBackResult(true, verification.PagesCompared == 0 ? "the dump read back holds no pages to compare" : null);
    }

    // A raw dump (the hibernation image) is the memory's runs, one after another.
    private static ReadBackResult CompareRaw(MemoryStream dump, IMemorySource memory)
    {
        var bytes = dump.GetBuffer().AsSpan(0, (int)dump.Length);
        var expected = new byte[1 << 16];
        long position = 0;
        foreach (var range in memory.Ranges)
        {
            for (ulong done = 0; done < range.Length;)
            {
                int chunk = (int)Math.Min((ulong)expected.Length, range.Length - done);
                if (!memory.TryRead(range.BaseAddress + done, expected.AsSpan(0, chunk)))
                {
                    return new ReadBackResult(false, string.Create(CultureInfo.InvariantCulture, $"memory at 0x{range.BaseAddress + done:X} cannot be read for the comparison"));
                }

                var actual = bytes.Slice((int)position, chunk);
                if (!actual.SequenceEqual(expected.AsSpan(0, chunk)))
                {
                    int index = actual.CommonPrefixLength(expected.AsSpan(0, chunk));
                    return new ReadBackResult(false, string.Create(CultureInfo.InvariantCulture,
                        $"the image read back differs from memory at physical address 0x{range.BaseAddress + done + (ulong)index:X} (image offset {position + index})"));
                }

                position += chunk;
                done += (ulong)chunk;
            }
        }

        return new ReadBackResult(true, null);
    }

    private StackManifest Variant(bool inject, Action<ManifestVariant>? more)
    {
        var variant = stack.NewVariant();
        // Every disk gets a sparse image of its size in the scratch folder: the user's images are never touched.
        var dumpLength = DumpTarget.Resolve(stack.Manifest, null).DumpDiskLength;
        foreach (var disk in stack.Manifest.Disks)
        {
            variant.SetDisk(disk.Target, "image", Path.Combine(scratch, string.Create(CultureInfo.InvariantCulture, $"disk-{disk.Target}.img")));
            long size = disk.Size ?? (disk.Target == stack.Manifest.Dump.Disk ? dumpLength : new FileInfo(disk.ImagePath).Length);
            variant.SetDisk(disk.Target, "size", ManifestVariant.Number(size));
        }

        scenario.Shape(variant, stack);
        if (inject)
        {
            scenario.Inject(variant, stack);
        }

        more?.Invoke(variant);
        return variant.Load();
    }

    // Progress is not shown; a power cut is a cancellation once the given number of bytes were written.
    private sealed class PowerCut(long? cutAtByte, CancellationTokenSource? cut) : IProgressSink
    {
        public void Message(string text)
        {
        }

        public void Progress(long done, long total)
        {
            if (cutAtByte is { } limit && done >= limit)
            {
                cut?.Cancel();
            }
        }

        public void Complete()
        {
        }
    }
}
