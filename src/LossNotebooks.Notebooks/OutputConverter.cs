using System.Text.Json.Nodes;

namespace LossNotebooks.Notebooks;

/// <summary>Turns a request's IOPub messages into nbformat 4 outputs (streams merged, displays updated in place, clears applied).</summary>
public static class OutputConverter
{
    /// <summary>The nbformat outputs of one execution.</summary>
    public static JsonArray ToNbformat(ExecutionResult result)
    {
        var outputs = new List<JsonObject>();
        var displays = new Dictionary<string, List<JsonObject>>();
        var clearPending = false;
        foreach (var (type, content) in result.Outputs)
        {
            if (type == "clear_output")
            {
                if ((bool?)content["wait"] == true) clearPending = true;
                else { outputs.Clear(); displays.Clear(); }
                continue;
            }
            if (type == "update_display_data")
            {
                var id = (string?)content["transient"]?["display_id"];
                if (id is not null && displays.TryGetValue(id, out var shown))
                    foreach (var output in shown) { output["data"] = content["data"]?.DeepClone(); output["metadata"] = content["metadata"]?.DeepClone() ?? new JsonObject(); }
                continue;
            }
            if (clearPending && type is "stream" or "display_data" or "execute_result" or "error") { outputs.Clear(); displays.Clear(); clearPending = false; }
            switch (type)
            {
                case "stream":
                    var name = (string?)content["name"];
                    if (outputs.LastOrDefault() is { } last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
                        last["text"] = (string?)last["text"] + (string?)content["text"];
                    else outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = (string?)content["text"] });
                    break;
                case "display_data":
                    var display = new JsonObject { ["output_type"] = "display_data", ["data"] = content["data"]?.DeepClone(), ["metadata"] = content["metadata"]?.DeepClone() ?? new JsonObject() };
                    outputs.Add(display);
                    if ((string?)content["transient"]?["display_id"] is { } displayId)
                    {
                        if (!displays.TryGetValue(displayId, out var list)) displays[displayId] = list = new List<JsonObject>();
                        list.Add(display);
                    }
                    break;
                case "execute_result":
                    outputs.Add(new JsonObject
                    {
                        ["output_type"] = "execute_result",
                        ["execution_count"] = content["execution_count"]?.DeepClone(),
                        ["data"] = content["data"]?.DeepClone(),
                        ["metadata"] = content["metadata"]?.DeepClone() ?? new JsonObject(),
                    });
                    break;
                case "error":
                    outputs.Add(new JsonObject
                    {
                        ["output_type"] = "error",
                        ["ename"] = (string?)content["ename"],
                        ["evalue"] = (string?)content["evalue"],
                        ["traceback"] = content["traceback"]?.DeepClone() ?? new JsonArray(),
                    });
                    break;
            }
        }
        return new JsonArray(outputs.Select(o => (JsonNode?)o).ToArray());
    }
}
