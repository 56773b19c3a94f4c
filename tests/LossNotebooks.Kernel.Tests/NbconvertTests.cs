namespace LossNotebooks.Kernel.Tests;

/// <summary>A notebook executed by <c>jupyter nbconvert --execute</c> through the installed kernelspec.</summary>
[Collection(nameof(KernelCollection))]
[Trait(TestKinds.Kind, TestKinds.RealClient)]
public class NbconvertTests(KernelInstallation kernel)
{
    [Fact]
    public void ExecutedNotebookValidatesAndHoldsTheOutputs()
    {
        var source = Path.Combine(kernel.WorkingDirectory, "sample.ipynb");
        var executed = Path.Combine(kernel.WorkingDirectory, "sample.executed.ipynb");
        Run(KernelInstallation.Client("make_sample_notebook.py"), source);
        Run("-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=60", "--output", executed, source);
        var (exit, output) = kernel.RunPython(new[] { KernelInstallation.Client("check_executed_notebook.py"), executed }, TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, output);
        Assert.Contains("executed notebook: ok", output);
    }

    [Fact]
    public void NotebookReferencingALocalProjectRuns()
    {
        var source = Path.Combine(kernel.WorkingDirectory, "sample-for-project.ipynb");
        var project = Path.Combine(kernel.WorkingDirectory, "project.ipynb");
        var executed = Path.Combine(kernel.WorkingDirectory, "project.executed.ipynb");
        Run(KernelInstallation.Client("make_sample_notebook.py"), source, TestRepository.Root(), project);
        Run("-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300", "--output", executed, project);
        var (exit, output) = kernel.RunPython(new[] { KernelInstallation.Client("check_executed_notebook.py"), executed, "project" }, TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, output);
    }

    void Run(params string[] arguments)
    {
        var (exit, output) = kernel.RunPython(arguments, TimeSpan.FromSeconds(180));
        Assert.True(exit == 0, $"python3 {string.Join(' ', arguments)} failed:\n{output}");
    }
}
