namespace LossNotebooks.Analysis.Data;

/// <summary>How files are read: dialect overrides and the limits of the embedded engine (DuckDB).</summary>
public sealed record DataReadOptions
{
    /// <summary>The CSV field delimiter (default: detected).</summary>
    public char? Delimiter { get; init; }
    /// <summary>The CSV decimal separator, <c>.</c> or <c>,</c> (default: detected).</summary>
    public char? Decimal { get; init; }
    /// <summary>DuckDB's worker threads (default: the processor count).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>DuckDB's memory limit; beyond it, DuckDB spills to <see cref="TempDirectory"/>.</summary>
    public string MemoryLimit { get; init; } = "512MB";
    /// <summary>Where DuckDB spills (default: a fresh folder in the system's temporary folder, removed afterwards).</summary>
    public string? TempDirectory { get; init; }
}
