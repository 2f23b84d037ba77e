namespace DumpFramework.Hardware.Pvscsi;

/// <summary>
/// The geometry of one ring as SETUP_RINGS described it: its pages and entry count. Entry <c>i</c> (a free-running
/// index) lives at page <c>(i &amp; mask) / perPage</c>, slot <c>(i &amp; mask) % perPage</c>.
/// </summary>
internal sealed class PvscsiRing
{
    private readonly ulong[] _pages = new ulong[PvscsiLayout.MaximumRingPages];
    private readonly int _entryLength;
    private readonly int _entriesPerPage;
    private int _pageCount;

    /// <summary>Creates an empty ring of entries of the given size.</summary>
    /// <param name="entryLength">Bytes per entry (128 for requests, 32 for completions).</param>
    public PvscsiRing(int entryLength)
    {
        _entryLength = entryLength;
        _entriesPerPage = PvscsiLayout.PageSize / entryLength;
    }

    /// <summary>Entries in the ring (a power of two).</summary>
    public int Entries => _pageCount * _entriesPerPage;

    /// <summary>log2 of <see cref="Entries"/>, as the rings-state page reports it.</summary>
    public uint EntriesLog2 => (uint)System.Numerics.BitOperations.Log2((uint)Entries);

    /// <summary>Takes the geometry of another ring (used to commit a validated SETUP_RINGS).</summary>
    /// <param name="pages">Physical addresses of the ring's pages.</param>
    public void Set(ReadOnlySpan<ulong> pages)
    {
        pages.CopyTo(_pages);
        _pageCount = pages.Length;
    }

    /// <summary>The physical address of an entry.</summary>
    /// <param name="index">A free-running index.</param>
    /// <returns>The entry's address.</returns>
    public ulong AddressOf(uint index)
    {
        int slot = (int)(index & (uint)(Entries - 1));
        return _pages[slot / _entriesPerPage] + (ulong)((slot % _entriesPerPage) * _entryLength);
    }
}
