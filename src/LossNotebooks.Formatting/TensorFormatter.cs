using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace LossNotebooks.Formatting;

/// <summary>Options of the tensor formatter.</summary>
public sealed class TensorFormatOptions
{
    /// <summary>Tensors with more elements than this are summarized (as PyTorch's print threshold, 1000).</summary>
    public int Threshold { get; set; } = 1000;
    /// <summary>Items shown at each edge of a summarized dimension (PyTorch's edgeitems, 3).</summary>
    public int EdgeItems { get; set; } = 3;
    /// <summary>Significant digits shown.</summary>
    public int Digits { get; set; } = 4;
    /// <summary>Colour cells by value (blue negative, red positive).</summary>
    public bool HeatMap { get; set; }
    /// <summary>Also show the gradient of tensors that have one, as a second table.</summary>
    public bool ShowGradient { get; set; } = true;
}

/// <summary>
/// TorchSharp tensors as HTML tables (caption with shape, dtype, device, requires_grad; 1-D as a row, 2-D as a
/// grid, higher ranks as labelled 2-D slices) and as PyTorch-style plain text. Large tensors are summarized with
/// ellipses from their edge items only, so a 1e7-element tensor costs as much as a 7×7 one.
/// </summary>
public static class TensorFormatter
{
    /// <summary>The options used by the registered formatter.</summary>
    public static TensorFormatOptions Options { get; } = new();

    /// <summary>One kept index of a dimension, or an ellipsis (-1).</summary>
    static List<long> KeptIndices(long size, bool summarize, int edge)
    {
        if (!summarize || size <= 2 * edge) return Enumerable.Range(0, (int)size).Select(i => (long)i).ToList();
        var kept = Enumerable.Range(0, edge).Select(i => (long)i).ToList();
        kept.Add(-1);
        kept.AddRange(Enumerable.Range(0, edge).Select(i => size - edge + i));
        return kept;
    }

    /// <summary>The summarized values: the tensor restricted to its kept indices, as doubles on the CPU.</summary>
    static (double[] Values, List<long>[] Kept) Summarize(Tensor t, TensorFormatOptions options)
    {
        using var scope = NewDisposeScope();
        var summarize = t.numel() > options.Threshold;
        var kept = t.shape.Select(s => KeptIndices(s, summarize, options.EdgeItems)).ToArray();
        var small = t.detach();
        for (var d = 0; d < kept.Length; d++)
        {
            var indices = kept[d].Where(i => i >= 0).ToArray();
            if (indices.Length != t.shape[d]) small = small.index_select(d, tensor(indices, device: t.device));
        }
        var values = small.to_type(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        return (values, kept);
    }

    static string Number(double v, int digits) => double.IsNaN(v) ? "nan" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf"
        : Math.Abs(v) < 1e15 && v == Math.Floor(v) ? v.ToString("0", CultureInfo.InvariantCulture)
        : v.ToString("G" + digits, CultureInfo.InvariantCulture);

    static string Caption(Tensor t) =>
        $"shape [{string.Join(", ", t.shape)}] · {t.dtype.ToString().ToLowerInvariant()} · {t.device}{(t.requires_grad ? " · requires_grad" : "")}";

    /// <summary>The tensor as an HTML table (and its gradient as a second one when present and wanted).</summary>
    public static string ToHtml(Tensor t, TensorFormatOptions? options = null)
    {
        options ??= Options;
        var html = new StringBuilder(Html.TableStyle);
        AppendTables(html, t, Caption(t), options);
        if (options.ShowGradient && t.requires_grad && t.grad is { } grad)
            AppendTables(html, grad, "gradient · " + Caption(grad), options);
        return html.ToString();
    }

    static void AppendTables(StringBuilder html, Tensor t, string caption, TensorFormatOptions options)
    {
        if (t.dim() == 0)
        {
            html.Append($"<div class=\"lossnb-scalar\" title=\"{Html.Escape(caption)}\">{Html.Escape(Number(t.to_type(ScalarType.Float64).item<double>(), options.Digits))}</div>");
            return;
        }
        var (values, kept) = Summarize(t, options);
        var (min, max) = values.Length == 0 ? (0.0, 0.0) : (values.Where(double.IsFinite).DefaultIfEmpty(0).Min(), values.Where(double.IsFinite).DefaultIfEmpty(0).Max());
        var scale = Math.Max(Math.Abs(min), Math.Abs(max));
        if (t.dim() <= 2)
        {
            AppendGrid(html, values, 0, kept.Length == 1 ? new List<long> { 0 } : kept[0], kept[^1], caption, options, scale, rowLabels: t.dim() == 2);
            return;
        }
        var rowsKept = kept[^2];
        var colsKept = kept[^1];
        var sliceSize = rowsKept.Count(i => i >= 0) * colsKept.Count(i => i >= 0);
        var offset = 0;
        foreach (var prefix in Prefixes(kept[..^2]))
        {
            if (prefix.Contains(-1)) { html.Append("<div>⋮</div>"); continue; }
            var label = $"{caption} · [{string.Join(", ", prefix)}, :, :]";
            AppendGrid(html, values, offset, rowsKept, colsKept, label, options, scale, rowLabels: true);
            offset += sliceSize;
        }
    }

    static IEnumerable<List<long>> Prefixes(List<long>[] dims)
    {
        IEnumerable<List<long>> result = new[] { new List<long>() };
        foreach (var dim in dims)
            result = result.SelectMany(p => p.Contains(-1) ? new[] { p } : dim.Select(i => p.Append(i).ToList())).Distinct(new ListComparer()).ToList();
        return result;
    }

    sealed class ListComparer : IEqualityComparer<List<long>>
    {
        public bool Equals(List<long>? a, List<long>? b) => a!.SequenceEqual(b!);
        public int GetHashCode(List<long> list) => list.Aggregate(17, (h, v) => h * 31 + v.GetHashCode());
    }

    static void AppendGrid(StringBuilder html, double[] values, int offset, List<long> rows, List<long> cols, string caption,
        TensorFormatOptions options, double scale, bool rowLabels)
    {
        var width = cols.Count(i => i >= 0);
        html.Append("<table class=\"lossnb-table\"><caption>").Append(Html.Escape(caption)).Append("</caption><tr>");
        if (rowLabels) html.Append("<th></th>");
        foreach (var c in cols) html.Append("<th>").Append(c < 0 ? "…" : c.ToString(CultureInfo.InvariantCulture)).Append("</th>");
        html.Append("</tr>");
        var r = 0;
        foreach (var row in rows)
        {
            html.Append("<tr>");
            if (rowLabels) html.Append("<th>").Append(row < 0 ? "⋮" : row.ToString(CultureInfo.InvariantCulture)).Append("</th>");
            var c = 0;
            foreach (var col in cols)
            {
                if (row < 0 || col < 0) { html.Append("<td>").Append(row < 0 ? "⋮" : "…").Append("</td>"); continue; }
                var v = values[offset + r * width + c];
                html.Append("<td").Append(options.HeatMap ? HeatStyle(v, scale) : "").Append('>').Append(Number(v, options.Digits)).Append("</td>");
                c++;
            }
            html.Append("</tr>");
            if (row >= 0) r++;
        }
        html.Append("</table>");
    }

    static string HeatStyle(double v, double scale)
    {
        if (!double.IsFinite(v) || scale == 0) return "";
        var a = Math.Abs(v) / scale * 0.6;
        var rgb = v < 0 ? "33,102,172" : "178,24,43";
        return $" style=\"background:rgba({rgb},{a.ToString("F2", CultureInfo.InvariantCulture)})\"";
    }

    /// <summary>As PyTorch prints: a float with an integral value keeps its point (<c>1.</c>).</summary>
    static string PyTorchNumber(double v, int digits, bool floating)
    {
        var text = Number(v, digits);
        return floating && double.IsFinite(v) && !text.Contains('.') && !text.Contains('E') ? text + "." : text;
    }

    /// <summary>PyTorch-style text: <c>tensor([[1.0000, 2.0000], …], requires_grad=True)</c>, summarized like PyTorch.</summary>
    public static string ToPlainText(Tensor t, TensorFormatOptions? options = null)
    {
        options ??= Options;
        if (t.dim() == 0) return Number(t.to_type(ScalarType.Float64).item<double>(), options.Digits);
        var (values, kept) = Summarize(t, options);
        var text = new StringBuilder("tensor(");
        var position = 0;
        AppendNested(text, values, kept, 0, ref position, options, indent: 7, floating: t.is_floating_point());
        if (t.dtype != ScalarType.Float32) text.Append(", dtype=").Append(t.dtype.ToString().ToLowerInvariant());
        if (t.requires_grad) text.Append(", requires_grad=True");
        return text.Append(')').ToString();
    }

    static void AppendNested(StringBuilder text, double[] values, List<long>[] kept, int dim, ref int position, TensorFormatOptions options,
        int indent, bool floating)
    {
        text.Append('[');
        var first = true;
        foreach (var index in kept[dim])
        {
            if (!first) text.Append(dim == kept.Length - 1 ? ", " : ",\n" + new string(' ', indent + dim + 1));
            first = false;
            if (index < 0) { text.Append("..."); continue; }
            if (dim == kept.Length - 1) text.Append(PyTorchNumber(values[position++], options.Digits, floating));
            else AppendNested(text, values, kept, dim + 1, ref position, options, indent, floating);
        }
        text.Append(']');
    }
}
