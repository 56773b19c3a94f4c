namespace LossNotebooks.Notebooks;

/// <summary>One notebook of a batch finished: how it ran, or that an earlier run was reused.</summary>
/// <param name="Notebook">The notebook's path as given.</param>
/// <param name="Run">How it ran (for a reused one: the earlier run's output, zero duration).</param>
/// <param name="Cached">True when an earlier run was reused.</param>
public sealed record NotebookFinished(string Notebook, NotebookRunResult Run, bool Cached = false);

/// <summary>
/// Runs notebooks several at a time (each in its own kernel process), reporting each as it finishes; results come
/// back in the order given. <c>lossnb run</c> and the site builder both run their notebooks through it.
/// </summary>
public static class NotebookBatch
{
    /// <summary>Runs every notebook into the path <paramref name="target"/> gives it.</summary>
    /// <param name="notebooks">Notebook paths.</param>
    /// <param name="target">Where each notebook's executed copy goes.</param>
    /// <param name="options">Cell timeout, errors allowed.</param>
    /// <param name="parallel">Kernels to run at once (at least 1).</param>
    /// <param name="progress">Called once per notebook as it finishes (one call at a time).</param>
    public static IReadOnlyList<NotebookRunResult> Run(IReadOnlyList<string> notebooks, Func<string, string> target, RunOptions options,
        int parallel = 1, Action<NotebookFinished>? progress = null) =>
        Run(notebooks, parallel, notebook => new NotebookFinished(notebook, NotebookRunner.Run(notebook, target(notebook), options)), progress)
            .Select(f => f.Run).ToList();

    /// <summary>Runs <paramref name="run"/> on every item, <paramref name="parallel"/> at a time, reporting each result.</summary>
    public static IReadOnlyList<NotebookFinished> Run<TItem>(IReadOnlyList<TItem> items, int parallel, Func<TItem, NotebookFinished> run,
        Action<NotebookFinished>? progress = null)
    {
        var results = new NotebookFinished[items.Count];
        var gate = new object();
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel) }, i =>
        {
            results[i] = run(items[i]);
            lock (gate) progress?.Invoke(results[i]);
        });
        return results;
    }
}
