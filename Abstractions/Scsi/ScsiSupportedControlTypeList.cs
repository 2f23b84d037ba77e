namespace DumpFramework.Abstractions.Scsi;

/// <summary>
/// SCSI_SUPPORTED_CONTROL_TYPE_LIST: the parameters of <see cref="ScsiAdapterControlType.ScsiQuerySupportedControlTypes"/>.
/// The port sizes the list (<see cref="MaxControlType"/>); the miniport sets the entry of every control type it
/// implements, and the port afterwards asks only for those.
/// </summary>
public sealed class ScsiSupportedControlTypeList
{
    private readonly bool[] _supported;

    /// <summary>Creates an empty list (nothing supported).</summary>
    /// <param name="maxControlType">Entries in the list; the port passes <see cref="ScsiAdapterControlType.ScsiAdapterControlMax"/>.</param>
    public ScsiSupportedControlTypeList(int maxControlType = (int)ScsiAdapterControlType.ScsiAdapterControlMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxControlType);
        _supported = new bool[maxControlType];
    }

    /// <summary>MaxControlType: the number of entries; control types from here on cannot be reported.</summary>
    public int MaxControlType => _supported.Length;

    /// <summary>SupportedTypeList: one entry per control type, indexed by its value.</summary>
    public Span<bool> SupportedTypeList => _supported;

    /// <summary>Whether the miniport reported <paramref name="controlType"/> (<see langword="false"/> beyond the list).</summary>
    /// <param name="controlType">The control type.</param>
    /// <returns><see langword="true"/> when its entry is set.</returns>
    public bool IsSupported(ScsiAdapterControlType controlType) => (uint)controlType < (uint)_supported.Length && _supported[(int)controlType];
}
