using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LossNotebooks.Notebooks.Course;

namespace LossNotebooks.Notebooks.Tests;

/// <summary><c>lossnb normalize</c>: the course stays normal, and every kind of drift is named, then fixed, losing nothing.</summary>
public class NormalizeTests
{
    static string Notebooks => Path.Combine(TestRepository.Root(), "notebooks");

    /// <summary>A scratch course: course.json and chapter 02 copied, so tests may damage them.</summary>
    static string ScratchCourse()
    {
        var folder = Directory.CreateTempSubdirectory("lossnb-normalize-").FullName;
        File.Copy(Path.Combine(Notebooks, CourseInfo.FileName), Path.Combine(folder, CourseInfo.FileName));
        File.Copy(Path.Combine(Notebooks, "02-regression-losses.ipynb"), Path.Combine(folder, "02-regression-losses.ipynb"));
        return folder;
    }

    [Fact]
    public void TheCourseIsNormalized()
    {
        var (exit, output) = CheckAndConvertTests.Lossnb("normalize", "--check", "notebooks");
        Assert.True(exit == 0, output);
        Assert.Matches(@"(\d+) of \1 notebooks are normalized", output);
    }

    [Fact]
    [Trait(TestKinds.Kind, TestKinds.RealClient)]
    public void CheckNamesEachDifferenceAndChangesNothingThenNormalizeFixesIt()
    {
        var folder = ScratchCourse();
        var path = Path.Combine(folder, "02-regression-losses.ipynb");
        var doc = NotebookDocument.Load(path);
        var cells = doc.Cells.OfType<JsonObject>().ToList();
        var code = cells.Where(c => (string?)c["cell_type"] == "code").ToList();
        var keptId = (string)cells[0]["id"]!;
        doc.Root["metadata"]!["kernelspec"]!["name"] = "python3";
        code[1]["outputs"] = new JsonArray(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "42\n" });
        code[1]["execution_count"] = 7;
        code[1]["metadata"]!["tags"] = new JsonArray("volatile");
        code[2]["id"] = code[1]["id"]!.GetValue<string>();                    // a duplicate id (copy-pasted cell)
        cells[1].Remove("id");
        code[0]["source"] = "#r \"project: ../src/LossNotebooks.Formatting\"\nusing Edited;";   // the setup cell edited by hand
        code[3]["source"] = "#!fsharp\nlet x = 1";                                            // an F# cell, C# metadata
        doc.Save(path);
        var damaged = File.ReadAllText(path);

        var (exit, output) = CheckAndConvertTests.Lossnb("normalize", "--check", folder);
        Assert.Equal(1, exit);
        Assert.Contains($"{Path.Combine(folder, "02-regression-losses.ipynb")}: not normalized", output);
        Assert.Contains("kernelspec 'python3' set to the course's 'csharp'", output);
        Assert.Contains("outputs removed", output);
        Assert.Contains("execution count removed", output);
        Assert.Contains("repeats an earlier cell's", output);
        Assert.Contains("cell 2: id missing", output);
        Assert.Contains("setup cell differs from course.json's", output);
        Assert.Contains("Polyglot cell metadata set to 'fsharp'", output);
        Assert.Equal(damaged, File.ReadAllText(path));

        (exit, output) = CheckAndConvertTests.Lossnb("normalize", folder);
        Assert.True(exit == 0, output);
        (exit, output) = CheckAndConvertTests.Lossnb("normalize", "--check", folder);
        Assert.True(exit == 0, output);

        var fixedDoc = NotebookDocument.Load(path);
        var fixedCells = fixedDoc.Cells.OfType<JsonObject>().ToList();
        Assert.Equal(cells.Count, fixedCells.Count);
        Assert.Equal(keptId, (string?)fixedCells[0]["id"]);                                      // existing ids kept
        var ids = fixedCells.Select(c => (string)c["id"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Matches(new Regex("^02-[0-9a-f]{8}$"), ids[1]);
        Assert.Equal("csharp", fixedDoc.KernelName);
        Assert.All(fixedCells.Where(c => (string?)c["cell_type"] == "code"), c => Assert.Empty(c["outputs"]!.AsArray()));
        var fsharp = fixedCells.Single(c => NotebookDocument.Source(c).StartsWith("#!fsharp"));
        Assert.Equal("fsharp", (string?)fsharp["metadata"]!["polyglot_notebook"]!["kernelName"]);
        Assert.Contains("fsharp", fixedDoc.Root["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["items"]!.ToJsonString());
        Assert.Equal(new[] { "volatile" }, NotebookNormalizer.Tags(fixedCells.Single(c => c["id"]!.GetValue<string>() == (string)code[1]["id"]!)));
        var setup = CourseInfo.Load(folder).SetupCell;
        Assert.Equal(setup, NotebookDocument.Source(fixedCells.Single(c => NotebookNormalizer.Tags(c).Contains("setup"))));

        // Jupyter's own writer leaves the normalized file byte for byte as it is.
        var (pyExit, pyOutput) = CourseTests.Python(
            "import nbformat, sys; nb = nbformat.read(sys.argv[1], 4); nbformat.validate(nb); " +
            "print('same' if nbformat.writes(nb) + '\\n' == open(sys.argv[1], encoding='utf-8').read() else 'differs')", path);
        Assert.True(pyExit == 0, pyOutput);
        Assert.Equal("same", pyOutput.Trim());
    }

    [Fact]
    public void ControlCharactersInSourcesAreRejectedWithTheirPlaceInBothModesAndKept()
    {
        var folder = ScratchCourse();
        var path = Path.Combine(folder, "02-regression-losses.ipynb");
        var doc = NotebookDocument.Load(path);
        var index = doc.Cells.ToList().FindIndex(c => (string?)c?["cell_type"] == "markdown");
        var markdown = (JsonObject)doc.Cells[index]!;
        markdown["source"] = "Huber's outer branch:\n$\tfrac12 x^2$ and \big(";   // "\t" and "\b" read as escapes
        doc.Save(path);
        var json = Path.Combine(folder, CourseInfo.FileName);
        var course = JsonNode.Parse(File.ReadAllText(json))!;
        var setup = course["setupCell"]!.AsArray();
        setup[setup.Count - 1] = (string?)setup[setup.Count - 1] + "\u0007";
        File.WriteAllText(json, course.ToJsonString());
        var damaged = File.ReadAllText(path);

        var (exit, output) = CheckAndConvertTests.Lossnb("normalize", "--check", folder);
        Assert.Equal(1, exit);
        Assert.Contains($"cell {index + 1} ({(string?)markdown["id"]}), line 2, column 2: U+0009 (tab)", output);
        Assert.Contains($"cell {index + 1} ({(string?)markdown["id"]}), line 2, column 19: U+0008 (backspace)", output);
        Assert.Contains("course.json setup cell, line", output);
        Assert.Contains("U+0007", output);
        Assert.Equal(damaged, File.ReadAllText(path)); // --check changes nothing
        (exit, output) = CheckAndConvertTests.Lossnb("normalize", folder);
        Assert.Equal(1, exit);
        Assert.Contains("U+0009 (tab)", output);
        Assert.Contains("\t", NotebookDocument.Source(NotebookDocument.Load(path).Cells[index]!)); // nothing is lost
    }

    [Fact]
    public void ACellWhoseMetadataNamesFSharpGainsItsMagicLine()
    {
        var folder = ScratchCourse();
        var path = Path.Combine(folder, "02-regression-losses.ipynb");
        var doc = NotebookDocument.Load(path);
        var cell = doc.Cells.OfType<JsonObject>().Last(c => (string?)c["cell_type"] == "code");
        cell["source"] = "let y = 2";
        cell["metadata"]!["polyglot_notebook"]!["kernelName"] = "fsharp";
        var changes = NotebookNormalizer.Normalize(doc, CourseInfo.Load(folder));
        Assert.Contains(changes, c => c.Contains("'#!fsharp' line added"));
        Assert.Equal("#!fsharp\nlet y = 2", NotebookDocument.Source(cell));
        Assert.Equal("fsharp", (string?)cell["metadata"]!["dotnet_interactive"]!["language"]);
    }

    [Fact]
    public void ANotebookWithoutASetupCellGetsTheCourses()
    {
        var folder = ScratchCourse();
        var path = Path.Combine(folder, "02-regression-losses.ipynb");
        var doc = NotebookDocument.Load(path);
        var setup = doc.Cells.OfType<JsonObject>().Single(c => NotebookNormalizer.Tags(c).Contains("setup"));
        doc.Cells.Remove(setup);
        var changes = NotebookNormalizer.Normalize(doc, CourseInfo.Load(folder));
        Assert.Contains(changes, c => c.Contains("setup cell inserted"));
        var first = doc.Cells.OfType<JsonObject>().First(c => (string?)c["cell_type"] == "code");
        Assert.Equal(CourseInfo.Load(folder).SetupCell, NotebookDocument.Source(first));
    }

    [Fact]
    public void BrokenInputIsNamedAndLeftAlone()
    {
        var folder = ScratchCourse();
        var broken = Path.Combine(folder, "10-broken.ipynb");
        File.WriteAllText(broken, "{ \"cells\": [");
        var (exit, output) = CheckAndConvertTests.Lossnb("normalize", folder);
        Assert.Equal(1, exit);
        Assert.Contains("10-broken.ipynb: not valid JSON", output);
        Assert.Equal("{ \"cells\": [", File.ReadAllText(broken));

        File.WriteAllText(Path.Combine(folder, CourseInfo.FileName), "{ \"title\": \"x\", \"kernels\": [ { \"kernelspec\": {} } ] }");
        var error = Assert.Throws<InvalidDataException>(() => CourseInfo.Load(folder));
        Assert.Contains("course.json: kernels[0].language_info is missing", error.Message);
    }

    [Fact]
    public void NoChapterShrinks()
    {
        var before = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "course-size-baseline.json")))!.AsObject();
        foreach (var (file, size) in before)
        {
            var doc = NotebookDocument.Load(Path.Combine(Notebooks, file));
            var words = doc.Cells.Where(c => (string?)c!["cell_type"] == "markdown")
                .Sum(c => NotebookDocument.Source(c!).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
            var lines = doc.Cells.Where(c => (string?)c!["cell_type"] == "code")
                .Sum(c => NotebookDocument.Source(c!).Split('\n').Count(l => l.Trim().Length > 0));
            Assert.True(words + lines >= (int)size!["markdownWords"]! + (int)size["codeLines"]!,
                $"{file} shrank: {words} markdown words + {lines} code lines, was {size["markdownWords"]} + {size["codeLines"]}");
        }
    }
}
