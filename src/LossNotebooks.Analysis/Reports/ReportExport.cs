using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LossNotebooks.Analysis.Reports;

/// <summary>
/// The report's numbers as files: JSON (everything) and CSV (the loss table, long form); the HTML page is
/// Formatting's (<c>LossNotebooks.Formatting.Reports.ReportFiles</c> writes all three).
/// </summary>
public static class ReportExport
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Every number of the report as JSON.</summary>
    public static string ToJson<T>(T report) => JsonSerializer.Serialize(report, Json);

    /// <summary>A comparison report from its JSON (<see cref="ToJson{T}"/>), for merging partitions' reports.</summary>
    public static ComparisonReport ComparisonFromJson(string json, string name)
    {
        try
        {
            return JsonSerializer.Deserialize<ComparisonReport>(json, Json) ?? throw new InvalidDataException($"{name}: the file holds no report");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}: not a comparison report written by lossnb compare --json ({e.Message})", e);
        }
    }

    /// <summary>The loss table as CSV: <c>loss,model,value,best</c>, one line per loss and model.</summary>
    public static string ToCsv(ComparisonReport report)
    {
        var csv = new StringBuilder("loss,model,value,best\n");
        foreach (var row in report.Table)
            foreach (var model in report.Models)
                csv.Append(Quote(row.Loss)).Append(',').Append(Quote(model.Name)).Append(',')
                    .Append(row.ValueByModel[model.Name].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                    .Append(model.Name == row.Best ? "true" : "false").Append('\n');
        return csv.ToString();
    }

    /// <summary>Writes texts atomically per file (temporary file, then move), all rendered before any is written.</summary>
    public static void WriteAll(IReadOnlyList<(string Path, string Text)> files)
    {
        var temporary = new List<(string Temp, string Path)>();
        try
        {
            foreach (var (path, text) in files)
            {
                var full = Path.GetFullPath(path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                var temp = full + ".tmp-" + Environment.ProcessId;
                File.WriteAllText(temp, text, new UTF8Encoding(false));
                temporary.Add((temp, full));
            }
            foreach (var (temp, path) in temporary) File.Move(temp, path, overwrite: true);
        }
        finally
        {
            foreach (var (temp, _) in temporary) if (File.Exists(temp)) File.Delete(temp);
        }
    }

    static string Quote(string value) => value.Contains(',') || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
