using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LossNotebooks.Kernel.Server;

/// <summary>The session's executed cells, answering <c>history_request</c> (tail, range, search).</summary>
public sealed class ExecutionHistory
{
    readonly List<(int Line, string Input)> entries = new();
    readonly Dictionary<int, string> outputs = new();
    readonly object gate = new();

    /// <summary>Records a cell.</summary>
    public void Add(int line, string input)
    {
        lock (gate) entries.Add((line, input));
    }

    /// <summary>Records the text/plain result of a cell, for history requests with output.</summary>
    public void SetOutput(int line, string output)
    {
        lock (gate) outputs[line] = output;
    }

    /// <summary>The history_reply content for a history_request's content.</summary>
    public JsonObject Reply(JsonObject request, int sessionNumber)
    {
        List<(int Line, string Input)> snapshot;
        Dictionary<int, string> results;
        lock (gate) { snapshot = entries.ToList(); results = new Dictionary<int, string>(outputs); }
        var withOutput = (bool?)request["output"] ?? false;
        var access = (string?)request["hist_access_type"] ?? "tail";
        IEnumerable<(int Line, string Input)> selected = access switch
        {
            "tail" => snapshot.TakeLast(Math.Max(0, (int?)request["n"] ?? 10)),
            "range" => snapshot.Where(e => e.Line >= ((int?)request["start"] ?? 0) && (((int?)request["stop"] ?? 0) <= 0 || e.Line < ((int?)request["stop"] ?? 0))),
            "search" => Search(snapshot, (string?)request["pattern"] ?? "*", (bool?)request["unique"] ?? false, (int?)request["n"]),
            _ => Array.Empty<(int, string)>(),
        };
        var history = new JsonArray(selected.Select(e => (JsonNode?)new JsonArray(sessionNumber, e.Line,
            withOutput ? new JsonArray(e.Input, results.GetValueOrDefault(e.Line)) : JsonValue.Create(e.Input))).ToArray());
        return new JsonObject { ["status"] = "ok", ["history"] = history };
    }

    static IEnumerable<(int Line, string Input)> Search(List<(int Line, string Input)> entries, string pattern, bool unique, int? n)
    {
        // Jupyter's glob: * any run of characters, ? one character.
        var regex = new Regex("^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.Singleline);
        var matches = entries.Where(e => regex.IsMatch(e.Input));
        if (unique) matches = matches.GroupBy(e => e.Input).Select(g => g.Last()).OrderBy(e => e.Line);
        return n is > 0 ? matches.TakeLast(n.Value) : matches;
    }
}
