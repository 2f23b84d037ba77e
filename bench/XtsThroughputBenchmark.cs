using System.Diagnostics;
using System.Globalization;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Bench;

/// <summary>XTS-AES throughput of the real dump_dumpfve plugin on one core: DumpWrite (encrypt into its buffer) over
/// 128 KiB writes, for both key sizes.</summary>
internal static class XtsThroughputBenchmark
{
    private const int WriteSize = 128 * 1024;
    private const long Total = 512L << 20;

    public static void Run(TextWriter output)
    {
        foreach (int keyBytes in new[] { 32, 64 })
        {
            string keyFile = Path.GetTempFileName();
            try
            {
                File.WriteAllText(keyFile, Convert.ToHexString([.. Enumerable.Range(1, keyBytes).Select(i => (byte)(i * 37))]));
                double seconds = Measure(keyFile);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"XTS-AES-{keyBytes * 4} (dump_dumpfve DumpWrite, one core): {Total / 1e6 / seconds:0} MB/s"));
            }
            finally
            {
                File.Delete(keyFile);
            }
        }
    }

    private static double Measure(string keyFile)
    {
        using var plugin = LoadedPlugin.Load(Path.Combine(AppContext.BaseDirectory, "plugins", "FilterFve", "FilterFve.dll"));
        using var memory = new PhysicalAddressSpace(new SyntheticMemory(16L << 20, seed: 3));
        var services = new ServiceCollection();
        services.AddSingleton<IDmaAllocator>(memory);
        services.AddSingleton<IPhysicalMemory>(memory);
        plugin.Entry.ConfigureServices(services, new DriverConfiguration("dump_dumpfve", new Dictionary<string, string> { ["key_file"] = keyFile }, Path.GetTempPath()));
        using var provider = services.BuildServiceProvider();
        var filter = provider.GetRequiredKeyedService<IDumpFilter>("dumpfve");
        var extension = new FilterExtension(FilterDumpType.Crashdump, 1L << 30, DiskGeometry.FromSize(1L << 30, 512), default, 0);
        var data = new FilterInitializationData(WriteSize / 4096, SystemFilterFlags.SupportRead);
        if (!filter.Initialize(extension, data).IsSuccess)
        {
            throw new InvalidOperationException("dump_dumpfve did not initialize");
        }

        var source = Mdl.FromContiguous(0x100000, WriteSize);
        var clock = Stopwatch.StartNew();
        for (long offset = 0; offset < Total; offset += WriteSize)
        {
            var write = new DumpFilterWrite(offset, source, memory);
            filter.Write(extension, write);
        }

        clock.Stop();
        filter.Unload(extension);
        return clock.Elapsed.TotalSeconds;
    }
}
