using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Abstractions.Scsi;

/// <summary>
/// The Storport library routines a Storport miniport imports: the scsiport set plus StorPortGetScatterGatherList.
/// Storport needs no NextRequest notification; the dump port accepts it and ignores it.
/// </summary>
public interface IStorPortServices : IScsiPortServices
{
    /// <summary>StorPortGetScatterGatherList: the request's data as physical segments, already split so that none
    /// crosses the adapter's limits.</summary>
    /// <param name="srb">The request.</param>
    /// <returns>The segments (empty when no data moves).</returns>
    IReadOnlyList<PhysicalSegment> GetScatterGatherList(ScsiRequestBlock srb);
}
