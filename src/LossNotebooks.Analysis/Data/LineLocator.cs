namespace LossNotebooks.Analysis.Data;

/// <summary>
/// Finds the physical line where records of a text file start (1-based), as an editor shows it: one pass over the
/// bytes (decompressed when the name ends in <c>.gz</c>) that counts line feeds and follows quotes, so a quoted field
/// with line breaks moves later records down; blank lines hold no record (as DuckDB's reader skips them). This is the
/// component that gives lines in reports and errors, whatever engine read the records.
/// </summary>
public static class LineLocator
{
    /// <summary>
    /// The starting line of each record ordinal in <paramref name="records"/> (0-based, data records only: a header
    /// line is skipped when <paramref name="header"/>). <paramref name="quote"/> and <paramref name="escape"/> are
    /// single bytes or 0 for none.
    /// </summary>
    public static IReadOnlyDictionary<long, long> Lines(string path, IEnumerable<long> records, bool header, byte quote, byte escape)
    {
        var wanted = records.Distinct().Order().ToArray();
        var found = new Dictionary<long, long>();
        if (wanted.Length == 0) return found;
        using var stream = DataFile.Open(path);
        var buffer = new byte[1 << 16];
        long line = 1, record = header ? -1 : 0;
        var next = 0;
        bool inQuote = false, atLineStart = true, lineHasContent = false, escaped = false;
        long recordStartLine = 1;
        // A line feed outside quotes ends a line; a line with content ends a record.
        void EndLine()
        {
            if (lineHasContent)
            {
                if (record >= 0 && record == wanted[next]) found[wanted[next++]] = recordStartLine;
                record++;
            }
            line++;
            atLineStart = true;
            lineHasContent = false;
        }
        for (int read; (read = stream.Read(buffer)) > 0 && next < wanted.Length;)
        {
            var block = buffer.AsSpan(0, read);
            if (!inQuote && (quote == 0 || block.IndexOf(quote) < 0))
            {
                // No quote in this block: jump from line feed to line feed (vectorized searches), as the loop below would.
                while (block.Length > 0 && next < wanted.Length)
                {
                    if (atLineStart) (recordStartLine, atLineStart) = (line, false);
                    var end = block.IndexOf((byte)'\n');
                    var text = end < 0 ? block : block[..end];
                    if (text.IndexOfAnyExcept(" \t\r"u8) >= 0) lineHasContent = true;
                    if (end < 0) break;
                    EndLine();
                    block = block[(end + 1)..];
                }
                continue;
            }
            for (var i = 0; i < read && next < wanted.Length; i++)
            {
                var b = buffer[i];
                if (atLineStart && !inQuote)
                {
                    recordStartLine = line;
                    atLineStart = false;
                }
                if (inQuote)
                {
                    if (escaped) escaped = false;
                    else if (b == escape && escape != quote) escaped = true;
                    else if (b == quote) inQuote = false;
                    if (b == (byte)'\n') line++;
                    continue;
                }
                if (b == (byte)'\n')
                {
                    EndLine();
                    continue;
                }
                if (b != (byte)'\r' && b != (byte)' ' && b != (byte)'\t') lineHasContent = true;
                if (b == quote && quote != 0) inQuote = true;
            }
        }
        if (next < wanted.Length && lineHasContent && record == wanted[next]) found[wanted[next]] = recordStartLine; // a last line with no line feed
        return found;
    }

    /// <summary>
    /// The first record whose number of fields differs from the first line's (the header's), with the line it starts
    /// on; null when every record has as many. Quoted fields may hold delimiters and line breaks.
    /// </summary>
    public static (long Line, int Fields, int HeaderFields)? FirstRaggedRecord(string path, byte delimiter, byte quote)
    {
        using var stream = DataFile.Open(path);
        var buffer = new byte[1 << 16];
        long line = 1, start = 1;
        int fields = 1, header = -1;
        bool inQuote = false, content = false;
        for (int read; (read = stream.Read(buffer)) > 0;)
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == (byte)'\n') line++;
                if (b == quote) inQuote = !inQuote;
                else if (inQuote) continue;
                else if (b == delimiter) fields++;
                else if (b == (byte)'\n')
                {
                    if (content)
                    {
                        if (header < 0) header = fields;
                        else if (fields != header) return (start, fields, header);
                    }
                    (fields, content, start) = (1, false, line);
                }
                else if (b != (byte)'\r') content = true;
                if (b == delimiter) content = true;
            }
        return content && header >= 0 && fields != header ? (start, fields, header) : null;
    }
}
