using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Display;

namespace LossNotebooks.Kernel.Cells;

/// <summary><c>#!csharp</c> (and its other names): the rest of the cell runs in that language's interpreter.</summary>
public sealed class LanguageMagic(IInterpreter interpreter) : IMagicHandler
{
    /// <summary>The interpreter this magic selects.</summary>
    public IInterpreter Interpreter => interpreter;

    /// <inheritdoc />
    public IReadOnlyList<string> Names => interpreter.Language.Language.Names.ToList();

    /// <inheritdoc />
    public string Summary => $"run the cell as {interpreter.Language.Name}";

    /// <inheritdoc />
    public void Apply(MagicLine line, CellPlan plan)
    {
        plan.Interpreter = interpreter;
        plan.Consume(line.Line);
    }
}

/// <summary><c>#!time</c>: the cell reports its wall time after it ran.</summary>
public sealed class TimeMagic : IMagicHandler
{
    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; } = new[] { "time" };

    /// <inheritdoc />
    public string Summary => "report the cell's wall time";

    /// <inheritdoc />
    public void Apply(MagicLine line, CellPlan plan)
    {
        plan.Timed = true;
        plan.Consume(line.Line);
    }
}

/// <summary><c>#!markdown</c> and <c>#!html</c>: the rest of the cell is displayed as that content, not run.</summary>
/// <param name="names">The magic's names.</param>
/// <param name="summary">Its line in the list of magics.</param>
/// <param name="render">Makes the display from the cell's text.</param>
public sealed class DisplayMagic(IReadOnlyList<string> names, string summary, Func<string, MimeBundle> render) : IMagicHandler
{
    /// <summary><c>#!markdown</c> / <c>#!md</c>.</summary>
    public static DisplayMagic Markdown { get; } = new(Languages.Markdown.Names.ToArray(), "display the cell as Markdown", Notebook.Markdown);

    /// <summary><c>#!html</c>.</summary>
    public static DisplayMagic Html { get; } = new(Languages.Html.Names.ToArray(), "display the cell as HTML", Notebook.HTML);

    /// <summary><c>#!mermaid</c>: the cell is a Mermaid diagram, drawn in the front end offline (<see cref="Mermaid"/>).</summary>
    public static DisplayMagic Mermaid() => new(Languages.Mermaid.Names.ToArray(), "draw the cell as a Mermaid diagram (offline)", new Display.Mermaid().Render);

    /// <summary><c>#!javascript</c> / <c>#!js</c>: the code is displayed as <c>application/javascript</c>, which front ends that run scripts run.</summary>
    public static DisplayMagic JavaScript { get; } = new(Languages.JavaScript.Names.ToArray(), "send the cell to the front end as JavaScript", Notebook.JavaScript);

    /// <inheritdoc />
    public IReadOnlyList<string> Names => names;

    /// <inheritdoc />
    public string Summary => summary;

    /// <inheritdoc />
    public void Apply(MagicLine line, CellPlan plan) => plan.Display = render(plan.After(line.Line));
}
