using System.Buffers.Binary;
using System.Globalization;

namespace DumpFramework.Hardware.Ide;

/// <content>READ/WRITE DMA and the PRD walker of the bus-master engine (hardware-models §4.7).</content>
internal sealed partial class IdeChannel
{
    /// <summary>Bytes moved between the medium and memory per step of a DMA transfer (the buffer is reused): 256 KiB, so
    /// the 128 KiB commands a dump issues are one image write and one identity check each, not two.</summary>
    private const int DmaChunkBytes = 0x40000;

    private const uint SixtyFourKiB = 0x10000;

    private byte[]? _dmaChunk;
    private int _prdIndex;
    private ulong _prdAddress;
    private uint _prdLeft;
    private bool _prdEndOfTable;
    private string? _prdFailure;
    private bool _prdExhausted;

    private static bool IsReadDma(byte command) => command is AtaOpcodes.ReadDma or AtaOpcodes.ReadDmaExt;

    private void StartDma(AtaDisk disk, IdeTaskFileRegisters registers)
    {
        if (!TryStartRange(disk, registers))
        {
            return;
        }

        // The device waits with DRQ for the bus master (QEMU: DRQ | DRDY | DSC), then moves the data once Start is set.
        _phase = IdeDataPhase.Dma;
        registers.Status = AtaStatusBits.Idle | AtaStatusBits.DataRequest;
        if (_busMaster.Started && _busMaster.Active)
        {
            Schedule(IdeStep.DmaTransfer);
        }
    }

    private void RunDmaTransfer()
    {
        var disk = _disks[_device]!;
        bool read = IsReadDma(_command);
        if (_busMaster.WritesMemory != read)
        {
            FailBusMaster(string.Create(CultureInfo.InvariantCulture,
                $"bus master direction bit says the controller {(_busMaster.WritesMemory ? "writes" : "reads")} memory but the device runs {(read ? "READ" : "WRITE")} DMA (BM Command bit 3 must be {(read ? 1 : 0)})"));
            return;
        }

        var chunk = _dmaChunk ??= new byte[DmaChunkBytes];
        int sectorSize = disk.SectorSize;
        int chunkSectors = DmaChunkBytes / sectorSize;
        _prdIndex = 0;
        _prdLeft = 0;
        _prdEndOfTable = false;
        _prdFailure = null;
        _prdExhausted = false;
        while (_sectorsLeft > 0)
        {
            int sectors = (int)Math.Min(_sectorsLeft, chunkSectors);
            long bad = disk.FirstUncorrectable(_lba, sectors);
            int good = bad >= 0 ? (int)(bad - _lba) : sectors;
            var data = chunk.AsSpan(0, good * sectorSize);
            if (read)
            {
                if (good > 0 && !disk.TryRead(_lba, data))
                {
                    FailDmaDevice(AtaErrorBits.Uncorrectable, _lba);
                    return;
                }

                if (!TryMovePrd(data, toMemory: true))
                {
                    FailBusMaster(_prdFailure!, memoryAbort: !_prdExhausted);
                    return;
                }
            }
            else
            {
                if (!TryMovePrd(data, toMemory: false))
                {
                    FailBusMaster(_prdFailure!, memoryAbort: !_prdExhausted);
                    return;
                }

                if (good > 0 && !disk.TryWrite(_lba, data))
                {
                    _busMaster.Status &= unchecked((byte)~BusMasterRegisters.StatusActive);
                    FailDeviceFault(string.Create(CultureInfo.InvariantCulture, $"device {_device}: write of LBA 0x{_lba:X} failed on {disk.Device.Path}"));
                    return;
                }
            }

            _lba += good;
            _sectorsLeft -= good;
            if (bad >= 0)
            {
                FailDmaDevice(AtaErrorBits.Uncorrectable, bad);
                return;
            }
        }

        // Active clears when the PRDs were used up exactly; with room to spare it stays set until the host clears Start.
        if (_prdEndOfTable && _prdLeft == 0)
        {
            _busMaster.Status &= unchecked((byte)~BusMasterRegisters.StatusActive);
        }

        CompleteGood();
    }

    /// <summary>Moves bytes between <paramref name="data"/> and the memory regions of the PRD table, fetching entries
    /// as needed. On failure <see cref="_prdFailure"/> says why.</summary>
    private bool TryMovePrd(Span<byte> data, bool toMemory)
    {
        int position = 0;
        while (position < data.Length)
        {
            if (_prdLeft == 0 && !TryFetchPrd())
            {
                return false;
            }

            int take = (int)Math.Min(_prdLeft, (uint)(data.Length - position));
            var piece = data.Slice(position, take);
            bool moved = toMemory ? _memory.TryWrite(_prdAddress, piece) : _memory.TryRead(_prdAddress, piece);
            if (!moved)
            {
                _prdFailure = string.Create(CultureInfo.InvariantCulture,
                    $"bus master {(toMemory ? "write to" : "read from")} unmapped memory 0x{_prdAddress:X} + 0x{take:X} (PRD {_prdIndex - 1} of the table at 0x{_busMaster.PrdTable:X8})");
                return false;
            }

            _prdAddress += (uint)take;
            _prdLeft -= (uint)take;
            position += take;
        }

        return true;
    }

    private bool TryFetchPrd()
    {
        uint table = _busMaster.PrdTable;
        if (_prdEndOfTable)
        {
            _prdExhausted = true;
            _prdFailure = string.Create(CultureInfo.InvariantCulture,
                $"PRD table at 0x{table:X8} ended (EOT in entry {_prdIndex - 1}) before the device transfer: {_sectorsLeft} sectors still to move");
            return false;
        }

        ulong entryAddress = table + (8UL * (uint)_prdIndex);
        if ((table & 0xFFFF) + (8UL * (uint)(_prdIndex + 1)) > SixtyFourKiB)
        {
            _prdFailure = string.Create(CultureInfo.InvariantCulture, $"PRD table at 0x{table:X8} crosses a 64 KiB boundary at entry {_prdIndex} (no EOT before 0x{entryAddress:X})");
            return false;
        }

        Span<byte> entry = stackalloc byte[8];
        if (!_memory.TryRead(entryAddress, entry))
        {
            _prdFailure = string.Create(CultureInfo.InvariantCulture, $"PRD entry {_prdIndex} at 0x{entryAddress:X} is in unmapped memory");
            return false;
        }

        uint baseAddress = BinaryPrimitives.ReadUInt32LittleEndian(entry) & ~1u;
        uint control = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
        uint count = control & 0xFFFE;
        if (count == 0)
        {
            count = SixtyFourKiB;
        }

        if ((baseAddress & 0xFFFF) + count > SixtyFourKiB)
        {
            _prdFailure = string.Create(CultureInfo.InvariantCulture, $"PRD entry {_prdIndex}: region 0x{baseAddress:X8} + 0x{count:X} crosses a 64 KiB boundary");
            return false;
        }

        _prdIndex++;
        _prdAddress = baseAddress;
        _prdLeft = count;
        _prdEndOfTable = (control & 0x8000_0000) != 0;
        return true;
    }

    /// <summary>
    /// A bus-master failure. The engine stops (Active cleared) and raises no interrupt: the device never got to the end
    /// of its transfer, so it keeps waiting in its DMA data phase (DRQ) and asserts no INTRQ, and the driver learns of
    /// the failure only by timing out (then resets the channel with SRST). A memory abort (unmapped memory, a region
    /// or table crossing 64 KiB, the wrong direction) also sets BM Error, as the ICH datasheet says for master/target
    /// aborts; a PRD table exhausted before the transfer does not (SFF-8038i: Interrupt 0 with Active 0 is that error
    /// by itself; QEMU leaves BM status 0 too).
    /// </summary>
    private void FailBusMaster(string reason, bool memoryAbort = true)
    {
        _busMasterFault = reason;
        byte status = memoryAbort ? (byte)(_busMaster.Status | BusMasterRegisters.StatusError) : _busMaster.Status;
        _busMaster.Status = (byte)(status & ~BusMasterRegisters.StatusActive);
        _registers[_device].Status = AtaStatusBits.Idle | AtaStatusBits.DataRequest;
    }

    /// <summary>A medium error during DMA: the engine stops (Active cleared) and the device reports the bits.</summary>
    private void FailDmaDevice(byte error, long failingLba)
    {
        _busMaster.Status &= unchecked((byte)~BusMasterRegisters.StatusActive);
        Fail(error, failingLba, _sectorsLeft - (failingLba - _lba));
    }
}
