namespace DumpFramework.Hardware.LsiSas;

/// <summary>A fixed-depth hardware FIFO of 32-bit entries (the reply free and reply post FIFOs).</summary>
internal sealed class AddressFifo
{
    private readonly uint[] _entries;
    private int _head;
    private int _count;

    public AddressFifo(int depth) => _entries = new uint[depth];

    public int Count => _count;

    public bool IsEmpty => _count == 0;

    public bool IsFull => _count == _entries.Length;

    public bool TryPush(uint value)
    {
        if (IsFull)
        {
            return false;
        }

        _entries[(_head + _count) % _entries.Length] = value;
        _count++;
        return true;
    }

    public bool TryPop(out uint value)
    {
        if (_count == 0)
        {
            value = 0;
            return false;
        }

        value = _entries[_head];
        _head = (_head + 1) % _entries.Length;
        _count--;
        return true;
    }

    public void Clear()
    {
        _head = 0;
        _count = 0;
    }
}
