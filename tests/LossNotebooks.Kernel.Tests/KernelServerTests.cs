using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Cells;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// The server's side of the protocol — dispatch, status, replies, stop_on_error, routing to interpreters — in
/// process, against fake interpreters (the real-client scenarios run the real kernel in KernelProtocolTests).
/// </summary>
public sealed class KernelServerTests : IDisposable
{
    readonly FakeInterpreter main = new("fake", "fake", "fk");
    readonly FakeInterpreter other = new("other");
    readonly InProcessKernel kernel;

    public KernelServerTests() => kernel = new InProcessKernel(CellPipeline.Standard(new[] { main, other }, references: null));

    public void Dispose() => kernel.Dispose();

    static IEnumerable<string> Types(IEnumerable<JupyterMessage> messages) => messages.Select(m => m.MessageType);

    [Fact]
    public void Kernel_info_describes_the_default_interpreter_between_busy_and_idle()
    {
        var id = kernel.Send("kernel_info_request", new JsonObject());
        var reply = kernel.Reply(id);
        Assert.Equal("kernel_info_reply", reply.MessageType);
        Assert.Equal("fake", (string?)reply.Content["language_info"]!["name"]);
        Assert.Equal(".fake", (string?)reply.Content["language_info"]!["file_extension"]);
        Assert.Equal(JupyterMessage.ProtocolVersion, (string?)reply.Content["protocol_version"]);
        var states = kernel.IopubOf(id).Where(m => m.MessageType == "status").Select(m => (string?)m.Content["execution_state"]);
        Assert.Equal(new[] { "busy", "idle" }, states);
    }

    [Fact]
    public void A_cell_runs_in_the_interpreter_its_magic_names_with_the_magic_line_blanked()
    {
        var (reply, iopub) = kernel.Run("#!other\nvalue 42");
        Assert.Equal("ok", (string?)reply["status"]);
        Assert.Equal("       \nvalue 42", Assert.Single(other.Executed)); // line 2 stays line 2, at the same offset
        Assert.Empty(main.Executed);
        var result = Assert.Single(iopub, m => m.MessageType == "execute_result");
        Assert.Equal("42", (string?)result.Content["data"]!["text/plain"]);

        kernel.Run("#!fk\nvalue 1");
        Assert.Equal("    \nvalue 1", Assert.Single(main.Executed));
    }

    [Fact]
    public void Markdown_cells_display_without_an_interpreter()
    {
        var (reply, iopub) = kernel.Run("#!markdown\n# Title");
        Assert.Equal("ok", (string?)reply["status"]);
        var display = Assert.Single(iopub, m => m.MessageType == "display_data");
        Assert.Equal("# Title", (string?)display.Content["data"]!["text/markdown"]);
        Assert.Empty(main.Executed);
    }

    [Fact]
    public void An_unknown_magic_is_an_error_listing_what_the_pipeline_supports()
    {
        var (reply, iopub) = kernel.Run("#!sql\nselect 1");
        Assert.Equal("error", (string?)reply["status"]);
        var message = (string?)reply["evalue"];
        Assert.Contains("#!sql is not supported by this kernel", message);
        foreach (var magic in new[] { "#!fake", "#!fk", "#!other", "#!markdown", "#!md", "#!html", "#!time" }) Assert.Contains(magic, message);
        Assert.Contains("error", Types(iopub));
        Assert.Empty(main.Executed);
    }

    [Fact]
    public void A_failed_cell_aborts_the_cells_queued_behind_it_unless_stop_on_error_is_off()
    {
        var failing = kernel.Execute("wait");
        var queued = kernel.Execute("value 2");
        // the poller takes shell messages in order: once kernel_info is answered, the second cell is queued
        kernel.Reply(kernel.Send("kernel_info_request", new JsonObject()));
        kernel.Reply(kernel.Send("interrupt_request", new JsonObject(), onControl: true), onControl: true); // the first cell fails
        Assert.Equal("error", (string?)kernel.Reply(failing).Content["status"]);
        Assert.Equal("aborted", (string?)kernel.Reply(queued).Content["status"]);

        var tolerated = kernel.Execute("fail", stopOnError: false);
        var next = kernel.Execute("value 3");
        Assert.Equal("error", (string?)kernel.Reply(tolerated).Content["status"]);
        Assert.Equal("ok", (string?)kernel.Reply(next).Content["status"]);
    }

    [Fact]
    public void An_interpreter_that_throws_fails_its_cell_and_the_kernel_goes_on()
    {
        var (reply, _) = kernel.Run("crash");
        Assert.Equal("error", (string?)reply["status"]);
        Assert.Equal("InterpreterError", (string?)reply["ename"]);
        Assert.Contains("a bug in the interpreter", (string?)reply["evalue"]);
        Assert.Equal("ok", (string?)kernel.Run("value 1").Reply["status"]);
    }

    [Fact]
    public void Completion_and_is_complete_go_to_the_cells_interpreter_with_positions_kept()
    {
        var id = kernel.Send("complete_request", new JsonObject { ["code"] = "#!other\nab", ["cursor_pos"] = 10 });
        var reply = kernel.Reply(id).Content;
        Assert.Equal("other_completion", (string?)reply["matches"]![0]);
        Assert.Equal(10, (int?)reply["cursor_start"]);
        Assert.Equal("       \nab", Assert.Single(other.Serviced));

        id = kernel.Send("is_complete_request", new JsonObject { ["code"] = "if {" });
        Assert.Equal("incomplete", (string?)kernel.Reply(id).Content["status"]);
        Assert.Contains("if {", main.Serviced);
    }

    [Fact]
    public void Interrupt_request_stops_the_running_cell()
    {
        var running = kernel.Execute("wait");
        Thread.Sleep(200);
        var interrupt = kernel.Send("interrupt_request", new JsonObject(), onControl: true);
        Assert.Equal("ok", (string?)kernel.Reply(interrupt, onControl: true).Content["status"]);
        var reply = kernel.Reply(running).Content;
        Assert.Equal("KeyboardInterrupt", (string?)reply["ename"]);
        Assert.Equal("ok", (string?)kernel.Run("value after").Reply["status"]);
    }

    [Fact]
    public void What_a_cell_writes_to_Console_and_to_its_sink_reaches_its_parent_in_order_before_the_reply()
    {
        var (reply, iopub) = kernel.Run("print through the sink\nconsole through Console\nbackground from a task");
        Assert.Equal("ok", (string?)reply["status"]);
        var streams = iopub.Where(m => m.MessageType == "stream").Select(m => ((string?)m.Content["name"], (string?)m.Content["text"])).ToList();
        Assert.Equal(new (string?, string?)[] { ("stdout", "through the sink"), ("stdout", "through Console\n"), ("stderr", "from a task\n") }, streams);
        Assert.Equal("ok", (string?)kernel.Run("value 1").Reply["status"]);
    }

    [Fact]
    public void An_unknown_message_type_is_bracketed_by_status_and_ignored()
    {
        var id = kernel.Send("no_such_request", new JsonObject());
        Assert.Equal(new[] { "status", "status" }, Types(kernel.IopubOf(id)));
        Assert.Equal("ok", (string?)kernel.Run("value 1").Reply["status"]);
    }
}
