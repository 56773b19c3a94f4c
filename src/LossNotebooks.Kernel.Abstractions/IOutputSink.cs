namespace LossNotebooks.Kernel.Abstractions;

/// <summary>Where a running cell's outputs go: the Jupyter protocol in the kernel, a list in tests.</summary>
public interface IOutputSink
{
    /// <summary>Text written to <c>stdout</c> or <c>stderr</c>.</summary>
    void Stream(string name, string text);

    /// <summary>A rich display (<c>display_data</c>), or an update of an earlier one with the same id.</summary>
    void Display(MimeBundle bundle, string? displayId, bool update);

    /// <summary>Clears the cell's output, at once or (<paramref name="wait"/>) when the next output arrives.</summary>
    void ClearOutput(bool wait);

    /// <summary>Shows a bundle in the front end's pager (a <c>page</c> payload of the execute reply).</summary>
    void Page(MimeBundle bundle);

    /// <summary>Asks the front end for a line of input; throws when the front end does not allow stdin.</summary>
    string ReadInput(string prompt, bool password);
}
