using DumpFramework.Hardware.Memory;

namespace DumpFramework.Hardware.Tests.Memory;

[TestClass]
public sealed class VirtualStallClockTests
{
    [TestMethod]
    public void Stall_advances_time_without_sleeping()
    {
        var clock = new VirtualStallClock();
        var wall = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 1000; i++)
        {
            clock.Stall(1_000_000);
        }

        wall.Stop();
        Assert.AreEqual(1_000_000_000UL, clock.ElapsedMicroseconds);
        Assert.AreEqual(1000L, clock.StallCount);
        Assert.IsLessThan(5000L, wall.ElapsedMilliseconds, "a thousand one-second stalls must not sleep");
    }
}
