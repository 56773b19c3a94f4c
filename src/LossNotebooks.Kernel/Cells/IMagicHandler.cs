using LossNotebooks.Jupyter;

namespace LossNotebooks.Kernel.Cells;

/// <summary>One Polyglot magic command (<c>#!name …</c>) the cell pipeline runs, registered with its names.</summary>
public interface IMagicHandler
{
    /// <summary>The names a cell may write after <c>#!</c> (compared without case).</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>One line for the list of supported magics.</summary>
    string Summary { get; }

    /// <summary>Applies the magic of <paramref name="line"/> to the cell's plan.</summary>
    void Apply(MagicLine line, CellPlan plan);
}
