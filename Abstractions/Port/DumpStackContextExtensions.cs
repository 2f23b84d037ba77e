namespace DumpFramework.Abstractions.Port;

/// <summary>Wording shared by the drivers of a dump stack.</summary>
public static class DumpStackContextExtensions
{
    /// <summary>Names the miniport and the adapter it drives, with the adapter's fault when it has one, as a port
    /// appends it to a failure: for example <c>dump_LSI_SAS, LSI SAS1068: MPI FAULT 0x0101</c>.</summary>
    /// <param name="context">The stack context.</param>
    /// <returns>The description.</returns>
    public static string DescribeAdapter(this DumpStackContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"{context.MiniportName}, {context.Adapter.Description}";
    }
}
