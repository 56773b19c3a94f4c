using System.Globalization;
using DuckDB.NET.Data;

namespace LossNotebooks.Analysis.Data;

/// <summary>
/// A source DuckDB reads: one or more relations (a file each, or a query) read in order, streamed one chunk ahead of
/// the consumer (<see cref="ReadAhead"/>), each column cast to DOUBLE or mapped from class names to indices by DuckDB itself.
/// </summary>
public abstract class DuckDbSource : TabularSource
{
    readonly long[] partRows;

    /// <summary>Reads through <paramref name="connection"/> the given number of relations.</summary>
    protected DuckDbSource(DuckDBConnection connection, int parts)
    {
        Connection = connection;
        partRows = Enumerable.Repeat(-1L, parts).ToArray();
    }

    /// <summary>The connection the relations are read through.</summary>
    protected DuckDBConnection Connection { get; }

    /// <summary>How many relations there are.</summary>
    protected int Parts => partRows.Length;

    /// <summary>
    /// The SQL relation of part <paramref name="part"/> (a table function call or a parenthesized query);
    /// <paramref name="types"/> gives CSV readers the type of the named columns (<c>DOUBLE</c> or <c>VARCHAR</c>).
    /// </summary>
    protected abstract string Relation(int part, IReadOnlyDictionary<string, string> types);

    /// <summary>
    /// Whether the read-ahead thread reads through a duplicate of the connection (the default: the source's own
    /// connection stays free for locating rows), or through the connection itself (a query on the caller's connection
    /// may use its temporary tables, which a duplicate does not see).
    /// </summary>
    protected virtual bool ReadOnOwnConnection => true;

    /// <summary>Bytes of part <paramref name="part"/>, for progress (0 when unknown).</summary>
    protected virtual long PartBytes(int part) => 0;

    /// <summary>The decimal separator of text numbers in the source (for diagnosing a value that is not a number).</summary>
    protected virtual char DecimalSeparator => '.';

    /// <summary>Where rows of one part are, by their ordinal within the part.</summary>
    protected abstract IReadOnlyDictionary<long, string> LocateInPart(int part, IReadOnlyCollection<long> rows);

    /// <inheritdoc />
    public override IEnumerable<ColumnChunk> Read(IReadOnlyList<ColumnRead> columns, int chunkRows, IProgress<AnalysisProgress>? progress = null)
    {
        foreach (var c in columns) Column(c.Name);
        var totalBytes = Enumerable.Range(0, Parts).Sum(PartBytes);
        using var ahead = new ReadAhead(columns.Count, chunkRows, ahead => Produce(ahead, columns, chunkRows));
        foreach (var (chunk, bytes) in ahead.Chunks())
        {
            if (progress is not null && totalBytes > 0) progress.Report(new AnalysisProgress("reading", bytes, totalBytes, "bytes"));
            yield return chunk;
        }
        progress?.Report(new AnalysisProgress("reading", totalBytes, totalBytes, "bytes"));
    }

    /// <summary>
    /// Reads every part in order on the read-ahead thread, through a connection of its own (the source's stays free
    /// for locating rows meanwhile), streamed: DuckDB hands over vectors as it produces them, never the whole result.
    /// </summary>
    void Produce(ReadAhead ahead, IReadOnlyList<ColumnRead> columns, int chunkRows)
    {
        var types = columns.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Any(c => c.Classes is not null) ? "VARCHAR" : "DOUBLE");
        var select = string.Join(", ", columns.Select(Expression));
        var connection = ReadOnOwnConnection ? Connection.Duplicate() : Connection;
        if (ReadOnOwnConnection) connection.Open();
        try { Produce(ahead, columns, chunkRows, connection, types, select); }
        finally { if (ReadOnOwnConnection) connection.Dispose(); }
    }

    void Produce(ReadAhead ahead, IReadOnlyList<ColumnRead> columns, int chunkRows, DuckDBConnection connection, Dictionary<string, string> types, string select)
    {
        long first = 0, bytesBefore = 0;
        for (var part = 0; part < Parts; part++)
        {
            long inPart = 0;
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {select} FROM {Relation(part, types)}";
            command.UseStreamingMode = true;
            DuckDBDataReader reader;
            try { reader = (DuckDBDataReader)command.ExecuteReader(); }
            catch (DuckDBException e) { throw Diagnose(connection, part, columns, e); }
            using (reader)
            {
                while (true)
                {
                    var buffers = ahead.NextBuffer();
                    var count = 0;
                    try
                    {
                        for (; count < chunkRows && reader.Read(); count++)
                            for (var k = 0; k < buffers.Length; k++)
                                buffers[k][count] = reader.IsDBNull(k) ? double.NaN : reader.GetDouble(k);
                    }
                    catch (DuckDBException e) { throw Diagnose(connection, part, columns, e); }
                    var done = Math.Clamp(connection.GetQueryProgress().Percentage / 100, 0, 1);
                    if (count > 0) ahead.Deliver(new ColumnChunk(first, count, buffers), bytesBefore + (long)(PartBytes(part) * done));
                    else ahead.Return(buffers);
                    first += count;
                    inPart += count;
                    if (count < chunkRows) break;
                }
            }
            Volatile.Write(ref partRows[part], inPart);
            bytesBefore += PartBytes(part);
        }
    }

    /// <summary>The SELECT expression of a read: a DOUBLE, or the class index (−1 for a name not among the classes).</summary>
    static string Expression(ColumnRead read)
    {
        var column = DuckDb.Identifier(read.Name);
        if (read.Classes is null) return $"CAST({column} AS DOUBLE)";
        var cases = string.Concat(read.Classes.Select((name, i) => $" WHEN {DuckDb.Literal(name)} THEN {i}"));
        return $"CASE WHEN {column} IS NULL THEN NULL ELSE CASE trim(CAST({column} AS VARCHAR)){cases} ELSE -1 END END";
    }

    /// <summary>
    /// Turns a failed read into an error naming where (on the reading thread, through its connection): streams the numeric columns as text to find the first value
    /// that is not a number, and locates its row; when that is not it (a malformed file), DuckDB's own message.
    /// </summary>
    Exception Diagnose(DuckDBConnection connection, int part, IReadOnlyList<ColumnRead> columns, DuckDBException error)
    {
        var numeric = columns.Where(c => c.Classes is null).Select(c => c.Name).Distinct().ToList();
        if (numeric.Count > 0)
        {
            try
            {
                var types = columns.Select(c => c.Name).Distinct().ToDictionary(c => c, _ => "VARCHAR");
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT {string.Join(", ", numeric.Select(c => $"CAST({DuckDb.Identifier(c)} AS VARCHAR)"))} FROM {Relation(part, types)}";
                command.UseStreamingMode = true;
                using var reader = command.ExecuteReader();
                for (long row = 0; reader.Read(); row++)
                    for (var k = 0; k < numeric.Count; k++)
                    {
                        if (reader.IsDBNull(k)) continue;
                        var text = reader.GetString(k).Trim();
                        if (DecimalSeparator == ',') text = text.Replace(',', '.');
                        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                            return new InvalidDataException($"{LocateInPart(part, new[] { row })[row]}, column '{numeric[k]}': '{reader.GetString(k).Trim()}' is not a number");
                    }
            }
            catch (DuckDBException) { }
        }
        return new InvalidDataException($"{PartName(part)}: {DuckDb.Message(error)}", error);
    }

    /// <summary>The name of part <paramref name="part"/> in messages.</summary>
    protected virtual string PartName(int part) => Name;

    /// <inheritdoc />
    public override IReadOnlyList<string> Distinct(string column, int limit)
    {
        Column(column);
        var types = new Dictionary<string, string> { [column] = "VARCHAR" };
        var values = new SortedSet<string>(StringComparer.Ordinal);
        for (var part = 0; part < Parts && values.Count <= limit; part++)
        {
            var id = DuckDb.Identifier(column);
            try
            {
                foreach (var row in DuckDb.Rows(Connection, $"SELECT DISTINCT trim(CAST({id} AS VARCHAR)) FROM {Relation(part, types)} WHERE {id} IS NOT NULL LIMIT {limit + 1}"))
                    values.Add((string)row[0]!);
            }
            catch (DuckDBException e) { throw new InvalidDataException($"{PartName(part)}: {DuckDb.Message(e)}", e); }
        }
        return values.Take(limit + 1).ToList();
    }

    /// <inheritdoc />
    public override string? ValueAt(long row, string column)
    {
        var (part, inPart) = PartOf(row);
        var types = new Dictionary<string, string> { [column] = "VARCHAR" };
        using var command = Connection.CreateCommand();
        command.CommandText = $"SELECT CAST({DuckDb.Identifier(column)} AS VARCHAR) FROM {Relation(part, types)}";
        command.UseStreamingMode = true;
        using var reader = command.ExecuteReader();
        for (long i = 0; reader.Read(); i++)
            if (i == inPart) return reader.IsDBNull(0) ? null : reader.GetString(0);
        return null;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<long, string> Locate(IReadOnlyCollection<long> rows)
    {
        var located = new Dictionary<long, string>();
        foreach (var group in rows.Distinct().GroupBy(r => PartOf(r).Part))
        {
            var offset = Enumerable.Range(0, group.Key).Sum(p => partRows[p]);
            foreach (var (inPart, where) in LocateInPart(group.Key, group.Select(r => r - offset).ToList()))
                located[inPart + offset] = where;
        }
        return located;
    }

    (int Part, long InPart) PartOf(long row)
    {
        var offset = 0L;
        for (var part = 0; part < Parts; part++)
        {
            if (partRows[part] < 0 || row < offset + partRows[part]) return (part, row - offset);
            offset += partRows[part];
        }
        throw new ArgumentOutOfRangeException(nameof(row), $"{Name} has {offset} rows; row {row} is not one of them");
    }
}
