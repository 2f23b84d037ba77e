using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Host.Plugins;

namespace DumpFramework.Host.Native;

/// <summary>
/// A native (C) ScsiPort or Storport miniport as the dump port sees it: an <see cref="IScsiMiniport"/> whose entry
/// points run in the supervised worker (<see cref="NativeMiniportWorker"/>), so that the port engine drives it exactly
/// as a managed miniport. The miniport's imports come back as callbacks and are answered with the port's own services
/// (registers, uncached extension, stalls, notifications, the dump log). Constructing it starts the worker and runs
/// the library's DriverEntry.
/// </summary>
internal sealed unsafe class NativeScsiMiniport : IScsiMiniport, IDisposable
{
    private const int Slots = 4;

    private readonly IScsiPortServices _port;
    private readonly IStorPortServices? _storport;
    private readonly DumpStackContext _context;
    private readonly IDumpLog _log;
    private readonly string _name;
    private readonly NativeMiniportState _state;
    private readonly INativeChannel _worker;
    private readonly List<(IDmaBuffer Buffer, long Offset)> _mirrors = [];
    private readonly Dictionary<IDmaBuffer, long> _mirrorOffsets = new(ReferenceEqualityComparer.Instance);
    private readonly ScsiRequestBlock?[] _slots = new ScsiRequestBlock?[Slots];
    private readonly IRegisterSpace?[] _windows = new IRegisterSpace?[NativeProtocol.MaxAccessRanges];
    private readonly NativeRequest* _request = (NativeRequest*)NativeMemory.AllocZeroed((nuint)sizeof(NativeRequest));
    private long _nextMirror = NativeMiniportWorker.DataAreaLength;
    private PortConfiguration? _configuration;
    private int _nextSlot;
    private byte[] _handed = [];
    private byte[] _merged = [];
    private ScsiRequestBlock? _handedFor;

    public NativeScsiMiniport(IScsiPortServices port, DumpStackContext context, IDumpLog log, NativeMiniportState state)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(state);
        _port = port;
        _storport = port as IStorPortServices;
        _context = context;
        _log = log;
        _state = state;
        _name = state.LoadName;
        _worker = (INativeChannel?)NativeInProcess.TryStart(_name, state.Spec.WallLimit, state.Spec.StallLimitMicroseconds)
            ?? NativeMiniportWorker.Start(_name, state.Spec.WallLimit, state.Spec.StallLimitMicroseconds);
        try
        {
            InitializationData = Load();
        }
        catch
        {
            _worker.Dispose();
            NativeMemory.Free(_request);
            throw;
        }
    }

    public HwInitializationData InitializationData { get; }

    private bool HasBuildIo { get; set; }

    public SpReturn HwFindAdapter(PortConfiguration configuration, string argumentString, out bool again)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
        var call = default(NativeFindAdapterCall);
        call.SystemIoBusNumber = configuration.SystemIoBusNumber;
        call.SlotNumber = configuration.SlotNumber;
        call.DumpMode = (byte)configuration.DumpMode;
        int count = Math.Min(configuration.AccessRanges.Count, NativeProtocol.MaxAccessRanges);
        call.AccessRangeCount = (uint)count;
        var ranges = new Span<NativeAccessRange>(&call.Range0, NativeProtocol.MaxAccessRanges);
        for (int i = 0; i < count; i++)
        {
            var range = configuration.AccessRanges[i];
            ranges[i] = new NativeAccessRange { Start = range.RangeStart, Length = range.RangeLength, InMemory = range.RangeInMemory ? (byte)1 : (byte)0 };
        }

        if (!configuration.MiniportDumpData.IsEmpty)
        {
            long offset = NativeMiniportWorker.DataAreaLength - configuration.MiniportDumpData.Length;
            configuration.MiniportDumpData.Span.CopyTo(_worker.Arena(offset, configuration.MiniportDumpData.Length));
            call.MiniportDumpDataOffset = _worker.WorkerAddress(offset);
            call.MiniportDumpDataLength = (uint)configuration.MiniportDumpData.Length;
        }

        NativeProtocol.SetText(call.ArgumentString, 128, argumentString ?? string.Empty, "the argument string");
        var result = Call<NativeFindAdapterCall, NativeFindAdapterReturn>(NativeProtocol.CallFindAdapter, call, "HwFindAdapter");
        configuration.MaximumTransferLength = result.MaximumTransferLength;
        configuration.NumberOfPhysicalBreaks = result.NumberOfPhysicalBreaks;
        configuration.AlignmentMask = result.AlignmentMask;
        configuration.NumberOfBuses = result.NumberOfBuses;
        configuration.MaximumNumberOfTargets = result.MaximumNumberOfTargets;
        configuration.InitiatorBusId = result.InitiatorBusId;
        configuration.ScatterGather = result.ScatterGather != 0;
        configuration.Master = result.Master != 0;
        configuration.Dma64BitAddresses = result.Dma64BitAddresses != 0;
        configuration.RequestedDumpBufferSize = result.RequestedDumpBufferSize;
        again = result.Again != 0;
        return (SpReturn)result.Result;
    }

    public bool HwInitialize()
    {
        var region = default(NativeRegion);
        if (_configuration?.DumpRegion is { } dumpRegion)
        {
            long offset = Mirror(dumpRegion);
            region = new NativeRegion { ArenaOffset = (ulong)offset, Physical = dumpRegion.PhysicalAddress, Length = (uint)dumpRegion.Length };
        }

        return Call<NativeRegion, uint>(NativeProtocol.CallInitialize, region, "HwInitialize") != 0;
    }

    public bool HwBuildIo(ScsiRequestBlock srb) => !HasBuildIo || RequestCall(NativeProtocol.CallBuildIo, srb, "HwBuildIo");

    public bool HwStartIo(ScsiRequestBlock srb) => RequestCall(NativeProtocol.CallStartIo, srb, "HwStartIo");

    public bool HwInterrupt() => Call<uint, uint>(NativeProtocol.CallInterrupt, 0, "HwInterrupt") != 0;

    public bool HwResetBus(byte pathId) => Call<uint, uint>(NativeProtocol.CallResetBus, pathId, "HwResetBus") != 0;

    public ScsiAdapterControlStatus HwAdapterControl(ScsiAdapterControlType controlType, object? parameters)
    {
        var call = default(NativeAdapterControl);
        call.ControlType = (uint)controlType;
        var list = parameters as ScsiSupportedControlTypeList;
        call.MaxControlType = (uint)Math.Min(list?.MaxControlType ?? 0, 64);
        var result = Call<NativeAdapterControl, NativeAdapterControl>(NativeProtocol.CallAdapterControl, call, "HwAdapterControl");
        if (list is not null && controlType == ScsiAdapterControlType.ScsiQuerySupportedControlTypes)
        {
            for (int i = 0; i < (int)call.MaxControlType; i++)
            {
                list.SupportedTypeList[i] = result.Supported[i] != 0;
            }
        }

        return (ScsiAdapterControlStatus)result.Status;
    }

    public void Dispose()
    {
        _worker.Dispose();
        NativeMemory.Free(_request);
    }

    private HwInitializationData Load()
    {
        var call = default(NativeLoadCall);
        call.Version = NativeProtocol.Version;
        call.Links = _state.Spec.Links == Abstractions.Drivers.PortInterface.StorPort ? 2u : 1u;
        call.ArenaLength = (ulong)NativeMiniportWorker.ArenaLength;
        NativeProtocol.SetText(call.Library, 1024, _state.Spec.LibraryPath, "the library path");
        NativeProtocol.SetText(call.ArenaPath, 256, _worker.ArenaPath, "the arena path");
        var result = Call<NativeLoadCall, NativeLoadReturn>(NativeProtocol.CallLoad, call, "DriverEntry");
        _worker.RemoveArenaFile();
        if (result.Status != 0)
        {
            throw new PluginLoadException($"{_name}: {_state.Spec.LibraryPath} cannot be loaded: {NativeProtocol.Text(result.Text, NativeProtocol.MaxText)}");
        }

        HasBuildIo = result.HasBuildIo != 0;
        return new HwInitializationData
        {
            NumberOfAccessRanges = (int)result.NumberOfAccessRanges,
            SrbExtensionSize = (int)result.SrbExtensionSize,
            NeedPhysicalAddresses = result.NeedPhysicalAddresses != 0,
            MapBuffers = (StorMapBuffers)result.MapBuffers,
            AutoRequestSense = result.AutoRequestSense != 0,
            TaggedQueuing = result.TaggedQueuing != 0,
            MultipleRequestPerLu = result.MultipleRequestPerLu != 0,
        };
    }

    private bool RequestCall(uint kind, ScsiRequestBlock srb, string routine)
    {
        ArgumentNullException.ThrowIfNull(srb);
        int slot = SlotOf(srb);
        FillRequest(_request, srb, slot);
        var reply = Call(kind, new ReadOnlySpan<byte>(_request, _request->UsedLength), routine);
        var result = MemoryMarshal.Read<NativeRequestReturn>(reply);
        Apply(srb, result.Result, completed: false);
        return result.Value != 0;
    }

    private int SlotOf(ScsiRequestBlock srb)
    {
        int free = -1;
        for (int i = 0; i < Slots; i++)
        {
            if (ReferenceEquals(_slots[i], srb))
            {
                return i;
            }

            free = free < 0 && _slots[i] is null ? i : free;
        }

        // The port owns a handful of request objects; a new one takes a free slot, or the oldest one's.
        int slot = free >= 0 ? free : _nextSlot++ % Slots;
        _slots[slot] = srb;
        return slot;
    }

    private void FillRequest(NativeRequest* pointer, ScsiRequestBlock srb, int slot)
    {
        *pointer = default;
        ref var request = ref *pointer;
        request.Slot = (uint)slot;
        request.Function = (byte)srb.Function;
        request.SrbStatus = (byte)srb.SrbStatus;
        request.ScsiStatus = (byte)srb.ScsiStatus;
        request.PathId = srb.PathId;
        request.TargetId = srb.TargetId;
        request.Lun = srb.Lun;
        request.QueueTag = srb.QueueTag;
        request.QueueAction = srb.QueueAction;
        request.CdbLength = srb.CdbLength;
        request.SrbFlags = (uint)srb.SrbFlags;
        request.DataTransferLength = srb.DataTransferLength;
        request.TimeOutValue = srb.TimeOutValue;
        request.QueueSortKey = srb.QueueSortKey;
        request.InternalStatus = srb.InternalStatus;
        srb.Cdb.CopyTo(new Span<byte>(pointer->Cdb, 16));
        request.SenseOffset = ulong.MaxValue;
        request.ExtensionOffset = ulong.MaxValue;
        request.DataOffset = ulong.MaxValue;
        if (srb.SenseInfoBuffer is { } sense)
        {
            request.SenseOffset = (ulong)Mirror(sense);
            request.SensePhysical = sense.PhysicalAddress;
            request.SenseInfoBufferLength = (byte)Math.Min(srb.SenseInfoBufferLength, sense.Length);
        }

        if (srb.SrbExtension is { } extension)
        {
            request.ExtensionOffset = (ulong)Mirror(extension);
            request.ExtensionPhysical = extension.PhysicalAddress;
            request.ExtensionLength = (uint)extension.Length;
        }

        if (srb.DataBuffer is { } data && srb.DataTransferLength > 0)
        {
            var segments = new Span<NativeSegment>(pointer->Segments, NativeProtocol.MaxSegments);
            int count = 0;
            if (_storport is not null)
            {
                foreach (var segment in _storport.GetScatterGatherList(srb))
                {
                    if (count == NativeProtocol.MaxSegments)
                    {
                        throw new InvalidOperationException($"{_name}: the request's data has more than {NativeProtocol.MaxSegments} scatter/gather elements");
                    }

                    segments[count++] = new NativeSegment { Physical = segment.Address, Length = segment.Length };
                }
            }
            else
            {
                foreach (var segment in data.Segments)
                {
                    if (count == NativeProtocol.MaxSegments)
                    {
                        throw new InvalidOperationException($"{_name}: the request's data has more than {NativeProtocol.MaxSegments} physical pages");
                    }

                    segments[count++] = new NativeSegment { Physical = segment.Address, Length = segment.Length };
                }
            }

            request.SegmentCount = (uint)count;

            // DataBuffer is a real address of the data: a copy in the arena, copied back on completion when the
            // miniport was given it to write (the port mapped it, or it asked for the system address).
            uint length = (uint)Math.Min(srb.DataTransferLength, data.ByteCount);
            if (length <= NativeMiniportWorker.DataAreaLength)
            {
                var view = _worker.Arena(0, (int)length);
                if (srb.DataView is { } mapped ? mapped.Read(0, view) : data.TryCopyTo(0, _context.Memory, view, out _))
                {
                    request.DataOffset = _worker.WorkerAddress(0);
                    request.DataMapped = srb.DataView is not null ? (byte)1 : (byte)0;
                    if (srb.IsDataIn)
                    {
                        // What the miniport is handed, to tell its own writes from the device's DMA at completion.
                        view.CopyTo(Scratch(ref _handed, (int)length));
                        _handedFor = srb;
                    }
                }
            }
        }
    }

    private void Apply(ScsiRequestBlock srb, NativeRequestResult result, bool completed)
    {
        srb.SrbStatus = (SrbStatus)result.SrbStatus;
        srb.ScsiStatus = (ScsiStatus)result.ScsiStatus;
        srb.DataTransferLength = result.DataTransferLength;
        srb.InternalStatus = result.InternalStatus;
        if (srb.SenseInfoBuffer is not null)
        {
            srb.SenseInfoBufferLength = result.SenseInfoBufferLength;
        }

        if (completed && result.DataWritten != 0 && srb.IsDataIn && srb.DataBuffer is { } data)
        {
            // The data buffer the miniport sees is a copy. On Windows it is the same memory the device reaches by DMA,
            // so the request's data is the device's bytes wherever the miniport did not write through DataBuffer:
            // only the bytes it changed in the copy are taken from it.
            int length = (int)Math.Min(Math.Min(srb.DataTransferLength, data.ByteCount), NativeMiniportWorker.DataAreaLength);
            var view = _worker.Arena(0, length);
            var merged = Scratch(ref _merged, length);
            bool read = srb.DataView is { } source ? source.Read(0, merged) : data.TryCopyTo(0, _context.Memory, merged, out _);
            if (read && ReferenceEquals(_handedFor, srb) && _handed.Length >= length)
            {
                var handed = _handed.AsSpan(0, length);
                for (int i = 0; i < length; i++)
                {
                    if (view[i] != handed[i])
                    {
                        merged[i] = view[i];
                    }
                }
            }
            else
            {
                view.CopyTo(merged);
            }

            if (srb.DataView is { } mapped)
            {
                mapped.Write(0, merged);
            }
            else
            {
                data.TryCopyFrom(0, _context.Memory, merged, out _);
            }
        }

        if (completed && ReferenceEquals(_handedFor, srb))
        {
            _handedFor = null;
        }
    }

    private static Span<byte> Scratch(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }

        return buffer.AsSpan(0, length);
    }

    /// <summary>The arena offset of a DMA buffer's mirror, made on first use; kept in step at every handover.</summary>
    private long Mirror(IDmaBuffer buffer)
    {
        if (_mirrorOffsets.TryGetValue(buffer, out long offset))
        {
            return offset;
        }

        if (_worker.SharesMemory)
        {
            // In process the shim uses the buffer itself (a pinned common buffer): its address, nothing to copy.
            offset = (long)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer.Span));
            _mirrorOffsets.Add(buffer, offset);
            return offset;
        }

        offset = _nextMirror;
        long end = offset + buffer.Length;
        if (end > NativeMiniportWorker.ArenaLength)
        {
            throw new InvalidOperationException($"{_name}: the shared arena has no room for another {buffer.Length}-byte DMA buffer");
        }

        _nextMirror = (end + 0xFFF) & ~0xFFFL;
        _mirrorOffsets.Add(buffer, offset);
        _mirrors.Add((buffer, offset));
        buffer.Span.CopyTo(_worker.Arena(offset, buffer.Length));
        return offset;
    }

    private void ToArena()
    {
        foreach (var (buffer, offset) in _mirrors)
        {
            buffer.Span.CopyTo(_worker.Arena(offset, buffer.Length));
        }
    }

    private void FromArena()
    {
        foreach (var (buffer, offset) in _mirrors)
        {
            _worker.Arena(offset, buffer.Length).CopyTo(buffer.Span);
        }
    }

    private TResult Call<TCall, TResult>(uint kind, TCall call, string routine)
        where TCall : unmanaged
        where TResult : unmanaged
    {
        var reply = Call(kind, MemoryMarshal.AsBytes(new ReadOnlySpan<TCall>(in call)), routine);
        if (reply.Length < sizeof(TResult))
        {
            throw _worker.Fail($"{_name} worker broke the protocol: a {reply.Length}-byte return from {routine}");
        }

        return MemoryMarshal.Read<TResult>(reply);
    }

    private byte[] Call(uint kind, ReadOnlySpan<byte> payload, string routine)
    {
        try
        {
            return _worker.Call(kind, payload, routine, Callback, ToArena, FromArena);
        }
        catch (NativeMiniportException failure)
        {
            _state.Crash ??= failure.Message;
            throw;
        }
    }

    private ReadOnlySpan<byte> Callback(uint kind, ReadOnlySpan<byte> payload)
    {
        switch (kind)
        {
            case NativeProtocol.CallbackReadRegister:
            {
                var access = MemoryMarshal.Read<NativeRegisterAccess>(payload);
                var window = Window(access.Window);
                uint value = access.Width switch
                {
                    1 => window.Read8((int)access.Offset),
                    2 => window.Read16((int)access.Offset),
                    _ => window.Read32((int)access.Offset),
                };
                return BitConverter.GetBytes(value);
            }

            case NativeProtocol.CallbackWriteRegister:
            {
                var access = MemoryMarshal.Read<NativeRegisterAccess>(payload);
                var window = Window(access.Window);
                switch (access.Width)
                {
                    case 1:
                        window.Write8((int)access.Offset, (byte)access.Value);
                        break;
                    case 2:
                        window.Write16((int)access.Offset, (ushort)access.Value);
                        break;
                    default:
                        window.Write32((int)access.Offset, access.Value);
                        break;
                }

                return [];
            }

            case NativeProtocol.CallbackStall:
            {
                uint microseconds = BitConverter.ToUInt32(payload);
                _port.StallExecution(microseconds);
                _worker.CountStall(microseconds);
                return [];
            }

            case NativeProtocol.CallbackNotify:
            {
                var notify = MemoryMarshal.Read<NativeNotify>(payload);
                var type = (ScsiNotificationType)notify.Type;
                if (notify.HasRequest != 0)
                {
                    var srb = notify.Result.Slot < Slots ? _slots[notify.Result.Slot] : null;
                    if (srb is null)
                    {
                        return [];
                    }

                    Apply(srb, notify.Result, completed: type == ScsiNotificationType.RequestComplete);
                    _port.Notification(type, srb);
                }
                else
                {
                    _port.Notification(type);
                }

                return [];
            }

            case NativeProtocol.CallbackLogError:
            {
                var error = MemoryMarshal.Read<NativeLogError>(payload);
                var srb = error.Slot is >= 0 and < Slots ? _slots[error.Slot] : null;
                _port.LogError(srb, error.ErrorCode, string.Create(CultureInfo.InvariantCulture, $"{_name} logged error 0x{error.ErrorCode:X8} (unique id {error.UniqueId}) for {error.PathId}:{error.TargetId}:{error.Lun}"));
                return [];
            }

            case NativeProtocol.CallbackBusData:
            {
                var request = MemoryMarshal.Read<NativeBusData>(payload);
                var buffer = new byte[4 + (int)Math.Min(request.Offset + request.Length, 4096u)];
                int copied = _port.GetBusData((BusDataType)(int)request.BusDataType, request.SystemIoBusNumber, request.SlotNumber, buffer.AsSpan(4));
                int available = Math.Max(0, copied - (int)request.Offset);
                int count = Math.Min(available, (int)request.Length);
                var reply = new byte[4 + count];
                BitConverter.TryWriteBytes(reply, count);
                buffer.AsSpan(4 + (int)request.Offset, count).CopyTo(reply.AsSpan(4));
                return reply;
            }

            case NativeProtocol.CallbackLog:
            {
                var log = MemoryMarshal.Read<NativeLog>(payload);
                string text = NativeProtocol.Text(log.Text, NativeProtocol.MaxText);
                switch (log.Level)
                {
                    case NativeProtocol.LogRefused:
                        _state.FirstRefusal ??= text;
                        _log.Record(DumpLogLevel.Warning, _name, $"refused in dump mode: {_name} called {text}");
                        break;
                    case NativeProtocol.LogWarning:
                        _log.Record(DumpLogLevel.Warning, _name, text);
                        break;
                    default:
                        _log.Record(DumpLogLevel.Information, _name, text);
                        break;
                }

                return [];
            }

            case NativeProtocol.CallbackUncachedExtension:
            {
                var request = MemoryMarshal.Read<NativeUncachedExtension>(payload);
                var configuration = _configuration ?? throw new InvalidOperationException($"{_name}: GetUncachedExtension outside HwFindAdapter");
                configuration.Dma64BitAddresses = request.Dma64 != 0;
                var buffer = _port.GetUncachedExtension(configuration, (int)request.Length);
                var region = default(NativeRegion);
                if (buffer is not null)
                {
                    region = new NativeRegion { ArenaOffset = (ulong)Mirror(buffer), Physical = buffer.PhysicalAddress, Length = (uint)buffer.Length };
                }

                return MemoryMarshal.AsBytes(new ReadOnlySpan<NativeRegion>(in region)).ToArray();
            }

            default:
                throw _worker.Fail($"{_name} worker broke the protocol: unknown callback {kind}");
        }
    }

    private IRegisterSpace Window(uint index)
    {
        var configuration = _configuration;
        if (configuration is null || index >= configuration.AccessRanges.Count || index >= _windows.Length)
        {
            throw _worker.Fail($"{_name} worker broke the protocol: register window {index} does not exist");
        }

        return _windows[index] ??= _port.GetDeviceBase(configuration.AccessRanges[(int)index]);
    }
}
