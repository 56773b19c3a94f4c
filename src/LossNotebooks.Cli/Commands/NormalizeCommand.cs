using System.CommandLine;
using LossNotebooks.Notebooks;
using LossNotebooks.Notebooks.Course;

namespace LossNotebooks.Cli.Commands;

/// <summary><c>lossnb normalize [paths] [--check]</c>: keeps course notebooks in the form version control holds.</summary>
public static class NormalizeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("notebooks") { Description = "Notebooks or folders (default: notebooks/)", Arity = ArgumentArity.ZeroOrMore };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 naming each notebook that is not normal and what differs" };
        // Control characters in sources (a tab, a backspace) are rejected in both modes: only their author can say what was meant.
        var command = new Command("normalize",
            "Normalize notebooks: the course's kernelspec and setup cell (course.json), no outputs, stable cell ids, Polyglot cell metadata, Jupyter's JSON layout")
            { paths, check };
        command.SetAction(parse =>
        {
            var notebooks = RunCommand.Expand(parse.GetValue(paths) ?? Array.Empty<string>());
            var courses = new Dictionary<string, CourseInfo>();
            var differing = 0;
            var unreadable = 0;
            var rejected = 0; // notebooks (and course.json setup cells) with control characters
            foreach (var path in notebooks)
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
                if (!courses.TryGetValue(folder, out var course))
                {
                    courses[folder] = course = CourseInfo.Load(folder);
                    var setupControls = ControlCharacters.In(course);
                    if (setupControls.Count > 0) rejected++;
                    foreach (var problem in setupControls) Console.Error.WriteLine($"{Path.Combine(folder, CourseInfo.FileName)}: {problem}");
                }
                NotebookDocument notebook;
                try { notebook = NotebookDocument.Load(path); }
                catch (InvalidDataException e) { Console.Error.WriteLine(e.Message); unreadable++; continue; }
                var controls = ControlCharacters.In(notebook);
                if (controls.Count > 0)
                {
                    rejected++;
                    Console.Error.WriteLine($"{path}: control characters in cell sources (fix them by hand):");
                    foreach (var problem in controls) Console.Error.WriteLine($"  {problem}");
                }
                var changes = NotebookNormalizer.Normalize(notebook, course);
                if (changes.Count == 0) continue;
                differing++;
                var writer = parse.GetValue(check) ? Console.Error : Console.Out;
                writer.WriteLine($"{path}: {(parse.GetValue(check) ? "not normalized" : "normalized")}");
                foreach (var change in changes) writer.WriteLine($"  {change}");
                if (!parse.GetValue(check)) notebook.Save(path);
            }
            Console.WriteLine(parse.GetValue(check)
                ? $"{notebooks.Count - differing - unreadable} of {notebooks.Count} notebooks are normalized"
                : $"{differing} of {notebooks.Count} notebooks changed{(unreadable > 0 ? $", {unreadable} could not be read" : "")}");
            if (rejected > 0) Console.Error.WriteLine($"{rejected} notebook or setup-cell sources hold control characters");
            return unreadable > 0 || rejected > 0 || (parse.GetValue(check) && differing > 0) ? 1 : 0;
        });
        return command;
    }
}
