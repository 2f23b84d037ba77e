namespace DumpFramework.Host.CrashDump;

/// <summary>A run of physical pages, as stored in PHYSICAL_MEMORY_DESCRIPTOR64 (BasePage, PageCount).</summary>
/// <param name="BasePage">First page frame number.</param>
/// <param name="PageCount">Number of pages.</param>
internal readonly record struct PageRun(ulong BasePage, ulong PageCount)
{
    /// <summary>One past the last page frame number.</summary>
    public ulong EndPage => BasePage + PageCount;
}
