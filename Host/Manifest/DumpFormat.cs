namespace DumpFramework.Host.Manifest;

/// <summary>What a dump writes to its region.</summary>
internal enum DumpFormat
{
    /// <summary>A complete memory dump (DUMP_HEADER64, DumpType 1): run list, pages back to back.</summary>
    Full = 0,

    /// <summary>A bitmap dump (DumpType 5, 'FDMP'): one bit per page, pages may be left out.</summary>
    Bitmap = 1,

    /// <summary>The memory runs back to back with no header (for device bring-up).</summary>
    Raw = 2,
}
