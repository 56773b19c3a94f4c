using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using LossNotebooks.Kernel.Interpreters;

namespace LossNotebooks.Kernel.Debugging;

/// <summary>
/// The variables a debugger front end can expand: each value with children gets a reference number whose
/// <c>variables</c> request lists them — a list's or array's items (paged), a dictionary's entries, an object's public
/// fields and properties, a tensor's shape, type and gradient. References hold until the thread runs on. Reading a
/// property runs user code: the adapter calls this off the socket thread.
/// </summary>
public sealed class VariableTable
{
    const int MaxItems = 1000;
    const int MaxText = 500;
    readonly object gate = new();
    readonly Dictionary<int, Func<int, int, List<JsonObject>>> children = new();
    int next = 1;

    /// <summary>Forgets every reference (the thread ran on, so the values may have changed).</summary>
    public void Clear()
    {
        lock (gate) children.Clear();
    }

    /// <summary>A reference whose children <paramref name="list"/> gives (start, count), for scopes.</summary>
    public int Add(Func<int, int, List<JsonObject>> list)
    {
        lock (gate)
        {
            children[next] = list;
            return next++;
        }
    }

    /// <summary>The children of a reference, <paramref name="count"/> from <paramref name="start"/> (0: all); empty for an unknown one.</summary>
    public List<JsonObject> Children(int reference, int start, int count)
    {
        Func<int, int, List<JsonObject>>? list;
        lock (gate) children.TryGetValue(reference, out list);
        return list?.Invoke(start, count) ?? new List<JsonObject>();
    }

    /// <summary>A variable as the debug adapter protocol describes it: name, value text, type, and a reference when it has children.</summary>
    public JsonObject Describe(string name, object? value, Type? declared = null, string? evaluateName = null)
    {
        var type = value?.GetType() ?? declared;
        var variable = new JsonObject
        {
            ["name"] = name,
            ["value"] = Text(value),
            ["type"] = type is null ? "" : TypeName(type),
            ["variablesReference"] = 0,
        };
        if (evaluateName is not null) variable["evaluateName"] = evaluateName;
        if (value is null || IsLeaf(value)) return variable;
        if (value is IList list)
        {
            variable["variablesReference"] = Add((start, count) => Items(list, start, count, evaluateName));
            variable["indexedVariables"] = list.Count;
        }
        else if (value is IDictionary dictionary) variable["variablesReference"] = Add((_, _) => Entries(dictionary));
        else if (value is IEnumerable sequence && !IsTensor(value)) variable["variablesReference"] = Add((_, _) => Sequence(sequence));
        else variable["variablesReference"] = Add((_, _) => Members(value, evaluateName));
        return variable;
    }

    /// <summary>A variable that could not be captured, with why.</summary>
    public static JsonObject Unavailable(string name, string reason) => new()
    {
        ["name"] = name,
        ["value"] = $"<unavailable: {reason}>",
        ["type"] = "",
        ["variablesReference"] = 0,
    };

    static bool IsLeaf(object value) =>
        value is string or decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Type || value.GetType().IsPrimitive || value.GetType().IsEnum;

    static bool IsTensor(object value) => value.GetType().FullName == "TorchSharp.torch+Tensor";

    List<JsonObject> Items(IList list, int start, int count, string? evaluateName)
    {
        var end = count <= 0 ? Math.Min(list.Count, start + MaxItems) : Math.Min(list.Count, start + count);
        var items = new List<JsonObject>();
        for (var i = Math.Max(start, 0); i < end; i++)
            items.Add(Describe($"[{i}]", Read(() => list[i]), evaluateName: evaluateName is null ? null : $"{evaluateName}[{i}]"));
        return items;
    }

    List<JsonObject> Entries(IDictionary dictionary)
    {
        var items = new List<JsonObject>();
        foreach (DictionaryEntry entry in dictionary)
        {
            if (items.Count == MaxItems) break;
            items.Add(Describe($"[{Text(entry.Key)}]", entry.Value));
        }
        return items;
    }

    List<JsonObject> Sequence(IEnumerable sequence)
    {
        var items = new List<JsonObject>();
        foreach (var item in sequence)
        {
            if (items.Count == MaxItems) break;
            items.Add(Describe($"[{items.Count}]", item));
        }
        return items;
    }

    /// <summary>Public fields and readable properties (a tensor: the few that describe it, not its hundred views).</summary>
    List<JsonObject> Members(object value, string? evaluateName)
    {
        var type = value.GetType();
        var tensorMembers = new[] { "shape", "dtype", "device", "requires_grad", "grad", "is_leaf", "grad_fn" };
        var members = type.GetMembers(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m is FieldInfo || m is PropertyInfo { CanRead: true } p && p.GetIndexParameters().Length == 0)
            .Where(m => !IsTensor(value) || tensorMembers.Contains(m.Name))
            .DistinctBy(m => m.Name)
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase);
        return members.Select(member =>
        {
            var child = evaluateName is null ? null : $"{evaluateName}.{member.Name}";
            return member switch
            {
                FieldInfo field => Describe(member.Name, Read(() => field.GetValue(value)), field.FieldType, child),
                PropertyInfo property => Describe(member.Name, Read(() => property.GetValue(value)), property.PropertyType, child),
                _ => throw new InvalidOperationException(),
            };
        }).ToList();
    }

    /// <summary>A value read by user code (a getter, an indexer): what it threw stands in for it.</summary>
    static object? Read(Func<object?> read)
    {
        try { return read(); }
        catch (Exception e) { return new ReadFailure(e is TargetInvocationException { InnerException: { } inner } ? inner : e); }
    }

    sealed record ReadFailure(Exception Exception)
    {
        public override string ToString() => $"<threw {Exception.GetType().Name}: {Exception.Message}>";
    }

    /// <summary>The value as one line of text: literals as C# writes them, collections with their count, else ToString.</summary>
    public static string Text(object? value)
    {
        string text;
        try
        {
            text = value switch
            {
                null => "null",
                string s => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"",
                char c => $"'{c}'",
                bool b => b ? "true" : "false",
                ReadFailure failure => failure.ToString(),
                IFormattable formattable when value.GetType().IsPrimitive || value is decimal => formattable.ToString(null, CultureInfo.InvariantCulture),
                ICollection collection when value is not Array => $"{TypeName(value.GetType())} (Count = {collection.Count})",
                Array array => $"{TypeName(value.GetType())} (Length = {array.Length})",
                _ => value.ToString() ?? "",
            };
        }
        catch (Exception e) { text = $"<ToString threw {e.GetType().Name}: {e.Message}>"; }
        return text.Length > MaxText ? text[..MaxText] + "…" : text;
    }

    static string TypeName(Type type) => CSharpTypeName.Short(type, keywords: true);
}
