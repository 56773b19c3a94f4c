using DuckDB.NET.Data;

namespace LossNotebooks.Analysis.Data;

/// <summary>
/// The result of a DuckDB query on the caller's connection (a lakehouse table, a join, a filtered file), streamed.
/// Rows are located by their position in the result (<c>row 12 of the query</c>), so the query should order its rows
/// when the position must mean something.
/// </summary>
public sealed class QuerySource : DuckDbSource
{
    readonly string query;

    /// <summary>Reads <paramref name="query"/> through <paramref name="connection"/> (which stays the caller's: not disposed here).</summary>
    public QuerySource(DuckDBConnection connection, string query) : base(connection, 1)
    {
        if (string.IsNullOrWhiteSpace(query)) throw new ArgumentException("the query is empty", nameof(query));
        this.query = query.Trim().TrimEnd(';');
        try
        {
            Columns = DuckDb.Describe(connection, this.query);
        }
        catch (DuckDBException e) { throw new InvalidDataException($"the query: {DuckDb.Message(e)}", e); }
    }

    /// <inheritdoc />
    public override string Name => "query";

    /// <inheritdoc />
    public override IReadOnlyList<SourceColumn> Columns { get; }

    /// <inheritdoc />
    public override string? Description => $"DuckDB query: {query}";

    /// <inheritdoc />
    protected override bool ReadOnOwnConnection => false;

    /// <inheritdoc />
    protected override string Relation(int part, IReadOnlyDictionary<string, string> types) => $"({query})";

    /// <inheritdoc />
    protected override IReadOnlyDictionary<long, string> LocateInPart(int part, IReadOnlyCollection<long> rows) =>
        rows.ToDictionary(r => r, r => $"row {r + 1} of the query");
}
