using System.Text.Json.Nodes;
using LossNotebooks.Kernel.Display;

namespace LossNotebooks.Kernel.Debugging;

/// <summary>The adapter's answers about values: scopes, locals, globals, evaluation, rich views, copies.</summary>
public sealed partial class DebugAdapter
{
    DebugFrame Frame(int? id) =>
        Engine.Stopped?.Frame(id ?? 1) ?? throw new InvalidOperationException(Engine.Stopped is null ? "no thread is stopped" : $"no frame {id}");

    JsonObject Scopes(int frameId)
    {
        var frame = Frame(frameId);
        var locals = variables.Add((_, _) => Locals(frame));
        var globals = variables.Add((_, _) => Globals());
        return new JsonObject
        {
            ["scopes"] = new JsonArray(
                new JsonObject { ["name"] = "Locals", ["variablesReference"] = locals, ["expensive"] = false, ["presentationHint"] = "locals" },
                new JsonObject { ["name"] = "Globals", ["variablesReference"] = globals, ["expensive"] = false }),
        };
    }

    /// <summary>A frame's captured locals (as of its statement) and the ones that could not be captured, with why.</summary>
    List<JsonObject> Locals(DebugFrame frame)
    {
        var result = new List<JsonObject>();
        if (frame.Values is not { } values || frame.ValuesSite < 0)
        {
            result.Add(VariableTable.Unavailable("(locals)", "not captured at this statement: step into it or set a breakpoint here"));
            return result;
        }
        var site = Probe.SiteOf(frame.ValuesSite);
        for (var i = 0; i < site.Locals.Count && i < values.Length; i++) result.Add(variables.Describe(site.Locals[i].Name, values[i], evaluateName: site.Locals[i].Name));
        result.AddRange(site.Unavailable.Select(u => VariableTable.Unavailable(u.Name, u.Reason)));
        return result;
    }

    /// <summary>The top-level variables of every language's session (the default language's first; a name once).</summary>
    List<JsonObject> Globals() =>
        interpreters.SelectMany(i => i.Variables()).DistinctBy(v => v.Name)
            .Select(v => variables.Describe(v.Name, v.Value, v.Type, v.Name)).ToList();

    /// <summary>A local of a frame, else a top-level variable of any language.</summary>
    bool TryFind(string name, int? frameId, out object? value)
    {
        if (frameId is not null && Engine.Stopped?.Frame(frameId.Value) is { Values: { } values, ValuesSite: >= 0 } frame)
        {
            var slots = Probe.SiteOf(frame.ValuesSite).Locals;
            for (var i = 0; i < slots.Count && i < values.Length; i++)
                if (slots[i].Name == name)
                {
                    value = values[i];
                    return true;
                }
        }
        foreach (var interpreter in interpreters)
            if (interpreter.TryGetValue(name, out value)) return true;
        value = null;
        return false;
    }

    JsonObject Evaluate(string expression, int? frameId)
    {
        var trimmed = expression.Trim();
        object? value;
        if (TryFind(trimmed, frameId, out var found)) value = found;
        else if (frameId is not null && Engine.Stopped?.Frame(frameId.Value) is { } frame)
        {
            var siteId = frame.ValuesSite >= 0 ? frame.ValuesSite : frame.Site;
            var site = Probe.SiteOf(siteId);
            var locals = frame.ValuesSite >= 0 ? site.Locals : System.Array.Empty<LocalSlot>();
            value = site.Evaluator.Compile(trimmed, locals)(frame.ValuesSite >= 0 ? frame.Values ?? System.Array.Empty<object?>() : System.Array.Empty<object?>());
        }
        else value = interpreters[0].Evaluate(trimmed);
        var described = variables.Describe(trimmed, value, evaluateName: trimmed);
        return new JsonObject
        {
            ["result"] = described["value"]?.DeepClone(),
            ["type"] = described["type"]?.DeepClone(),
            ["variablesReference"] = described["variablesReference"]?.DeepClone(),
        };
    }

    /// <summary>A variable through the kernel's formatters (a tensor as its table, a chart as a chart), at a stop or not.</summary>
    JsonObject RichInspect(string name, int? frameId)
    {
        if (!TryFind(name, frameId, out var value)) throw new KeyError($"no variable named '{name}'");
        return new JsonObject { ["data"] = Formatted.Bundle(value).ToJson(), ["metadata"] = new JsonObject() };
    }

    JsonObject CopyToGlobals(JsonObject arguments)
    {
        var source = (string?)arguments["srcVariableName"] ?? "";
        var target = (string?)arguments["dstVariableName"] ?? source;
        if (!TryFind(source, (int?)arguments["srcFrameId"] ?? 1, out var value)) throw new KeyError($"no variable named '{source}' in the frame");
        interpreters[0].SetValue(target, value, value?.GetType() ?? typeof(object));
        return new JsonObject();
    }

    sealed class KeyError(string message) : Exception(message);
}
