namespace DumpFramework.Hardware.LsiSas;

/// <summary>
/// Replies waiting for their completion latency, in production order. Each entry owns a preallocated slot for its
/// address-reply bytes so that no request allocates.
/// </summary>
internal sealed class PendingReplyQueue
{
    /// <summary>Largest reply the IOC produces (IOC_FACTS is 80 bytes).</summary>
    public const int SlotSize = 128;

    private readonly PendingReply[] _entries;
    private readonly byte[] _slots;
    private int _head;
    private int _count;

    public PendingReplyQueue(int capacity)
    {
        _entries = new PendingReply[capacity];
        _slots = new byte[capacity * SlotSize];
    }

    public int Count => _count;

    /// <summary>Appends an entry; returns its position for <see cref="Entry"/> and <see cref="Slot"/>, or -1 when full.</summary>
    public int Enqueue(in PendingReply reply)
    {
        if (_count == _entries.Length)
        {
            return -1;
        }

        int index = (_head + _count) % _entries.Length;
        _entries[index] = reply;
        _slots.AsSpan(index * SlotSize, SlotSize).Clear();
        _count++;
        return index;
    }

    /// <summary>The entry at a raw ring index.</summary>
    public ref PendingReply Entry(int index) => ref _entries[index];

    /// <summary>The reply bytes of the entry at a raw ring index.</summary>
    public Span<byte> Slot(int index) => _slots.AsSpan(index * SlotSize, SlotSize);

    /// <summary>The raw ring index of the n-th oldest entry.</summary>
    public int IndexOf(int position) => (_head + position) % _entries.Length;

    /// <summary>Whether the oldest entry is due at <paramref name="tick"/>; its ring index when it is.</summary>
    public bool TryPeekDue(ulong tick, out int index)
    {
        index = _head;
        return _count > 0 && _entries[_head].DueAt <= tick;
    }

    public void Dequeue()
    {
        _head = (_head + 1) % _entries.Length;
        _count--;
    }

    public void Clear()
    {
        _head = 0;
        _count = 0;
    }
}
