namespace LossNotebooks.Notebooks;

/// <summary>A notebook re-executed and compared with its reference: an error, or the cells whose text differs.</summary>
/// <param name="Notebook">The notebook.</param>
/// <param name="Error">Why it could not be compared (no reference, a failing cell), or null.</param>
/// <param name="Differences">Cells whose text outputs differ from the reference's.</param>
public sealed record OutputCheckResult(string Notebook, string? Error, IReadOnlyList<OutputDifference> Differences)
{
    /// <summary>True when the notebook ran and reproduced its reference's text outputs.</summary>
    public bool Reproduced => Error is null && Differences.Count == 0;
}

/// <summary>
/// <c>lossnb check</c>: re-executes notebooks and compares their text outputs with executed copies of an earlier
/// build (nbval's job): cells tagged <c>volatile</c> or <c>nbval-ignore-output</c> are skipped.
/// </summary>
public static class OutputCheck
{
    /// <summary>Checks each notebook against the one of the same name in <paramref name="referenceFolder"/>.</summary>
    /// <param name="notebooks">Notebooks to re-execute.</param>
    /// <param name="referenceFolder">Folder of executed notebooks (e.g. artifacts/site/notebooks).</param>
    /// <param name="options">Cell timeout.</param>
    /// <param name="progress">Called once per notebook as it is checked.</param>
    public static IReadOnlyList<OutputCheckResult> Run(IReadOnlyList<string> notebooks, string referenceFolder, RunOptions options,
        Action<OutputCheckResult>? progress = null)
    {
        var scratch = Directory.CreateTempSubdirectory("lossnb-check-").FullName;
        try
        {
            var results = new List<OutputCheckResult>();
            foreach (var notebook in notebooks)
            {
                var result = CheckOne(notebook, Path.Combine(referenceFolder, Path.GetFileName(notebook)), scratch, options);
                results.Add(result);
                progress?.Invoke(result);
            }
            return results;
        }
        finally { Directory.Delete(scratch, recursive: true); }
    }

    static OutputCheckResult CheckOne(string notebook, string reference, string scratch, RunOptions options)
    {
        var none = Array.Empty<OutputDifference>();
        if (!File.Exists(reference)) return new OutputCheckResult(notebook, $"{notebook}: no reference notebook at {reference}", none);
        var run = NotebookRunner.Run(notebook, Path.Combine(scratch, Path.GetFileName(notebook)), options);
        if (!run.Succeeded) return new OutputCheckResult(notebook, run.Error, none);
        return new OutputCheckResult(notebook, null, OutputComparer.Compare(NotebookDocument.Load(reference), NotebookDocument.Load(run.Output!)));
    }
}
