using LossNotebooks.Kernel.Abstractions;
namespace LossNotebooks.Kernel.Display;

/// <summary>A display created by <c>display(x)</c>; <see cref="Update"/> replaces it in place (live progress, curves).</summary>
public sealed class DisplayHandle
{
    readonly IOutputSink sink;

    internal DisplayHandle(IOutputSink sink, string displayId)
    {
        this.sink = sink;
        DisplayId = displayId;
    }

    /// <summary>The <c>transient.display_id</c> of the display.</summary>
    public string DisplayId { get; }

    /// <summary>Replaces the displayed value (<c>update_display_data</c>).</summary>
    public void Update(object? value, params string[] mimeTypes) => sink.Display(Formatted.Bundle(value, mimeTypes), DisplayId, update: true);

    /// <inheritdoc />
    public override string ToString() => $"display {DisplayId}";
}
