#!/usr/bin/python3
"""Debugger checks of the C# kernel through Debian's jupyter_client, one scenario per run, in the spirit of ipykernel's
tests/test_debugger.py (Jupyter's debug protocol: DAP requests in debug_request on the control channel, DAP events in
debug_event on IOPub):

    JUPYTER_PATH=<share/jupyter with our kernelspec> /usr/bin/python3 debugger_checks.py SCENARIO [HASH_JS]

Exits 0 when the scenario's assertions hold; prints what failed otherwise. Driven by KernelDebuggerTests.cs.
"""
import json
import os
import subprocess
import sys
import time

import jupyter_client

KERNEL = os.environ.get("LOSSNB_KERNEL_NAME", "csharp")
TIMEOUT = 30


class Debugger:
    """A debug session with one kernel: requests on control, events and cell outputs from IOPub."""

    def __init__(self, kernel_name=KERNEL):
        self.km, self.kc = jupyter_client.manager.start_new_kernel(kernel_name=kernel_name, startup_timeout=60)
        self.seq = 0
        self.events = []
        self.iopub = []

    def close(self):
        self.km.shutdown_kernel(now=True)

    def send(self, command, arguments=None):
        """Sends a debug request; returns its msg_id (the reply comes later)."""
        self.seq += 1
        msg = self.kc.session.msg("debug_request", {"type": "request", "seq": self.seq, "command": command, "arguments": arguments or {}})
        self.kc.control_channel.send(msg)
        return msg["header"]["msg_id"]

    def reply(self, msg_id, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while True:
            msg = self.kc.get_control_msg(timeout=max(0.1, deadline - time.time()))
            if msg["parent_header"].get("msg_id") == msg_id:
                assert msg["msg_type"] == "debug_reply", msg
                return msg["content"]

    def request(self, command, arguments=None, success=True):
        content = self.reply(self.send(command, arguments))
        assert content["type"] == "response" and content["command"] == command, content
        if success:
            assert content["success"], content
        return content

    def pump(self, timeout):
        msg = self.kc.get_iopub_msg(timeout=timeout)
        if msg["msg_type"] == "debug_event":
            self.events.append(msg["content"])
        else:
            self.iopub.append(msg)

    def event(self, name, timeout=TIMEOUT):
        """The next debug event of that name (earlier ones of other names are kept)."""
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e["event"] == name:
                    return self.events.pop(i)
            self.pump(max(0.1, deadline - time.time()))

    def start(self):
        """What JupyterLab does when the debugger is turned on for a notebook."""
        init = self.request("initialize", {"clientID": "jupyterlab", "clientName": "JupyterLab", "adapterID": KERNEL, "pathFormat": "path",
                                           "linesStartAt1": True, "columnsStartAt1": True, "supportsVariableType": True,
                                           "supportsVariablePaging": True, "supportsRunInTerminalRequest": True, "locale": "en"})
        self.request("attach")
        return init

    def breakpoints(self, code, lines, **extra):
        """dumpCell, then setBreakpoints on the lines (dicts may carry a condition); returns (path, reply body)."""
        path = self.request("dumpCell", {"code": code})["body"]["sourcePath"]
        points = [dict({"line": line}, **extra) if isinstance(line, int) else line for line in lines]
        reply = self.request("setBreakpoints", {"breakpoints": points, "source": {"path": path}, "sourceModified": False})
        return path, reply["body"]

    def wait_for_stream(self, text, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while not any(m["msg_type"] == "stream" and text in m["content"]["text"] for m in self.iopub):
            self.pump(max(0.1, deadline - time.time()))

    def execute(self, code):
        return self.kc.execute(code)

    def execute_reply(self, msg_id, timeout=TIMEOUT):
        reply = self.kc.get_shell_msg(timeout=timeout)
        assert reply["parent_header"]["msg_id"] == msg_id, reply
        return reply["content"]

    def stopped(self, reason=None, timeout=TIMEOUT):
        stop = self.event("stopped", timeout)
        if reason:
            assert stop["body"]["reason"] == reason, stop
        return stop

    def top(self, thread):
        frames = self.request("stackTrace", {"threadId": thread})["body"]["stackFrames"]
        return frames

    def locals(self, frame_id):
        scopes = self.request("scopes", {"frameId": frame_id})["body"]["scopes"]
        named = {s["name"]: s for s in scopes}
        assert set(named) == {"Locals", "Globals"}, scopes
        result = {}
        for name, scope in named.items():
            variables = self.request("variables", {"variablesReference": scope["variablesReference"]})["body"]["variables"]
            result[name] = {v["name"]: v for v in variables}
        return result

    def resume(self, command, thread):
        self.request(command, {"threadId": thread})
        self.event("continued")


def scenario(function, kernel_name=KERNEL):
    if isinstance(function, str):  # @scenario("fsharp"): the scenario runs in that kernelspec
        return lambda f: scenario(f, function)

    def run():
        d = Debugger(kernel_name)
        try:
            function(d)
        finally:
            d.close()
    run.__name__ = function.__name__
    return run


@scenario
def protocol(d):
    """kernel_info advertises the debugger; initialize, attach, debugInfo and disconnect answer as JupyterLab reads them."""
    info = d.kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
    assert info["debugger"] is True and "debugger" in info["supported_features"], info
    spec = jupyter_client.kernelspec.KernelSpecManager().get_kernel_spec(KERNEL)
    assert spec.metadata.get("debugger") is True, spec.metadata  # what JupyterLab reads to offer the debugger
    assert d.request("debugInfo")["body"]["isStarted"] is False
    init = d.start()
    assert {f["filter"] for f in init["body"]["exceptionBreakpointFilters"]} == {"raised", "uncaught"}, init
    assert init["body"]["supportsConditionalBreakpoints"] is True, init
    d.event("initialized")
    d.event("thread")
    body = d.request("debugInfo")["body"]
    for field in ("isStarted", "hashMethod", "hashSeed", "tmpFilePrefix", "tmpFileSuffix", "breakpoints", "stoppedThreads",
                  "richRendering", "exceptionPaths", "copyToGlobals"):
        assert field in body, (field, body)
    assert body["isStarted"] is True and body["hashMethod"] == "Murmur2" and body["tmpFileSuffix"] == ".cs", body
    assert body["stoppedThreads"] == [] and body["richRendering"] is True, body
    reply = d.request("nonsense", success=False)
    assert "nonsense" in reply["message"], reply
    d.request("disconnect", {"restart": False, "terminateDebuggee": False})
    assert d.request("debugInfo")["body"]["isStarted"] is False


@scenario
def breakpoint_in_method(d):
    """A breakpoint in a method declared in an earlier cell, set with dumpCell's path, listed by debugInfo; the stop's
    stack, locals (a parameter, a local), globals, evaluate and richInspectVariables; continue finishes the cell."""
    d.start()
    declare = "var scale = 10;\nint Scaled(int x)\n{\n    var doubled = x * 2;\n    return doubled * scale;\n}"
    path, body = d.breakpoints(declare, [5])
    assert body["breakpoints"] == [{"verified": True, "line": 5, "source": {"path": path}}], body
    d.request("configurationDone")
    listed = d.request("debugInfo")["body"]["breakpoints"]
    assert listed == [{"source": path, "breakpoints": [{"line": 5}]}], listed
    assert d.execute_reply(d.execute(declare))["status"] == "ok"
    call = d.execute("Scaled(4) + 1")
    stop = d.stopped("breakpoint")
    thread = stop["body"]["threadId"]
    frames = d.top(thread)
    assert [(f["name"], f["line"], f["source"]["path"]) for f in frames][0] == ("Scaled", 5, path), frames
    assert len(frames) == 2 and frames[1]["line"] == 1 and frames[1]["source"]["path"] != path, frames  # the calling cell, by its own path
    scopes = d.locals(frames[0]["id"])
    assert scopes["Locals"]["x"]["value"] == "4" and scopes["Locals"]["x"]["type"] == "int", scopes
    assert scopes["Locals"]["doubled"]["value"] == "8", scopes
    assert scopes["Globals"]["scale"]["value"] == "10", scopes
    evaluated = d.request("evaluate", {"expression": "doubled * scale + x", "frameId": frames[0]["id"], "context": "repl"})["body"]
    assert evaluated["result"] == "84" and evaluated["type"] == "int", evaluated
    rich = d.request("richInspectVariables", {"variableName": "doubled", "frameId": frames[0]["id"]})["body"]
    assert rich["data"]["text/plain"] == "8", rich
    assert d.request("debugInfo")["body"]["stoppedThreads"] == [thread]
    assert thread in [t["id"] for t in d.request("threads")["body"]["threads"]]
    d.resume("continue", thread)
    reply = d.execute_reply(call)
    assert reply["status"] == "ok", reply
    results = [m["content"]["data"]["text/plain"] for m in d.iopub if m["msg_type"] == "execute_result"]
    while not results:
        d.pump(TIMEOUT)
        results = [m["content"]["data"]["text/plain"] for m in d.iopub if m["msg_type"] == "execute_result"]
    assert results == ["81"], results


@scenario
def leading_blank_lines(d):
    """A cell that starts with blank lines and a comment: lines are the cell's own; a breakpoint on a blank line moves to
    the next statement."""
    d.start()
    code = "\n\n// three lines before the code\nvar a = 1;\n\nvar b = a + 1;\nb"
    path, body = d.breakpoints(code, [5])
    assert [b["line"] for b in body["breakpoints"]] == [6], body
    d.request("configurationDone")
    run = d.execute(code)
    stop = d.stopped("breakpoint")
    frames = d.top(stop["body"]["threadId"])
    assert frames[0]["line"] == 6 and frames[0]["source"]["path"] == path, frames
    assert d.request("source", {"source": {"path": path}})["body"]["content"] == code
    d.resume("continue", stop["body"]["threadId"])
    assert d.execute_reply(run)["status"] == "ok"


STEPPING = "int Square(int v)\n{\n    var s = v * v;\n    return s;\n}\nvar first = 3;\nvar second = Square(first);\nvar third = second + 1;\nthird"


@scenario
def stepping(d):
    """Step in, over and out: the lines a user sees, in order; a statement that calls cell code keeps its frame's locals."""
    d.start()
    d.breakpoints(STEPPING, [7])
    d.request("configurationDone")
    run = d.execute(STEPPING)
    thread = d.stopped("breakpoint")["body"]["threadId"]
    seen = [(d.top(thread)[0]["name"], d.top(thread)[0]["line"])]
    for command in ("stepIn", "next", "stepOut", "next"):
        d.resume(command, thread)
        d.stopped("step")
        frames = d.top(thread)
        seen.append((frames[0]["name"], frames[0]["line"]))
        if frames[0]["name"] == "Square":
            assert len(frames) == 2 and frames[1]["line"] == 7, frames
            assert d.locals(frames[0]["id"])["Locals"]["v"]["value"] == "3"
            assert d.locals(frames[1]["id"])["Globals"]["first"]["value"] == "3"
    # stepping out of Square stops back on the caller's line 7, once the call returned (and `second` is assigned)
    assert [line for _, line in seen] == [7, 3, 4, 7, 8], seen
    assert seen[1][0] == "Square" and seen[3][0] != "Square", seen
    d.resume("continue", thread)
    assert d.execute_reply(run)["status"] == "ok"


@scenario
def conditional_breakpoint(d):
    """A condition over a loop's locals stops once, with its values; a hit condition stops on the Nth hit."""
    d.start()
    code = "var total = 0;\nfor (var i = 0; i < 10; i++)\n{\n    total += i;\n}\ntotal"
    d.breakpoints(code, [{"line": 4, "condition": "i == 6"}])
    d.request("configurationDone")
    run = d.execute(code)
    stop = d.stopped("breakpoint")
    thread = stop["body"]["threadId"]
    frame = d.top(thread)[0]
    assert d.locals(frame["id"])["Locals"]["i"]["value"] == "6", "the condition held"
    d.resume("continue", thread)
    assert d.execute_reply(run)["status"] == "ok"
    assert not [e for e in d.events if e["event"] == "stopped"], "the condition stopped once"
    d.breakpoints(code, [{"line": 4, "hitCondition": "3"}])
    run = d.execute(code)
    thread = d.stopped("breakpoint")["body"]["threadId"]
    assert d.locals(d.top(thread)[0]["id"])["Locals"]["i"]["value"] == "2", "the third hit"
    d.resume("continue", thread)
    assert d.execute_reply(run)["status"] == "ok"


@scenario
def pause_and_disconnect(d):
    """pause stops a running loop where it is; disconnect lets it run to its end."""
    d.start()
    d.request("configurationDone")
    code = "long n = 0;\nvar until = DateTime.UtcNow.AddSeconds(4);\nConsole.WriteLine(\"looping\");\nwhile (DateTime.UtcNow < until)\n{\n    n++;\n}\nn > 0"
    run = d.execute(code)
    d.wait_for_stream("looping")
    d.request("pause", {"threadId": 1})
    stop = d.stopped("pause")
    frames = d.top(stop["body"]["threadId"])
    assert frames[0]["line"] in (4, 6), frames
    assert int(d.locals(frames[0]["id"])["Globals"]["n"]["value"]) > 0, "the loop ran before the pause"
    d.request("disconnect", {"restart": False, "terminateDebuggee": False})
    reply = d.execute_reply(run, timeout=TIMEOUT)
    assert reply["status"] == "ok", reply


@scenario
def exception_stop(d):
    """With raised exceptions on, a throw in a method stops there with the exception's message; the cell then fails."""
    d.start()
    d.request("setExceptionBreakpoints", {"filters": ["raised"]})
    d.request("configurationDone")
    code = "void Check(int value)\n{\n    if (value > 2)\n        throw new ArgumentOutOfRangeException(nameof(value), \"too big\");\n}\nCheck(1);\nCheck(5);"
    run = d.execute(code)
    stop = d.stopped("exception")
    assert "too big" in stop["body"]["text"], stop
    frames = d.top(stop["body"]["threadId"])
    assert (frames[0]["name"], frames[0]["line"]) == ("Check", 4), frames
    assert (frames[1]["line"]) == 7, frames
    assert d.locals(frames[0]["id"])["Locals"]["value"]["value"] == "5"
    d.resume("continue", stop["body"]["threadId"])
    reply = d.execute_reply(run)
    assert reply["status"] == "error" and reply["ename"] == "ArgumentOutOfRangeException", reply


@scenario
def copy_to_globals(d):
    """A local copied to the session's variables is there for the next cell."""
    d.start()
    code = "int Sum(int[] xs)\n{\n    var partial = xs.Sum();\n    return partial;\n}\nSum(new[] { 1, 2, 3 })"
    d.breakpoints(code, [4])
    d.request("configurationDone")
    run = d.execute(code)
    thread = d.stopped("breakpoint")["body"]["threadId"]
    frame = d.top(thread)[0]
    xs = d.locals(frame["id"])["Locals"]["xs"]
    items = d.request("variables", {"variablesReference": xs["variablesReference"], "start": 1, "count": 2})["body"]["variables"]
    assert [(v["name"], v["value"]) for v in items] == [("[1]", "2"), ("[2]", "3")], items
    d.request("copyToGlobals", {"srcVariableName": "partial", "dstVariableName": "partialCopy", "srcFrameId": frame["id"]})
    d.resume("continue", thread)
    assert d.execute_reply(run)["status"] == "ok"
    assert d.execute_reply(d.execute("partialCopy * 2"))["status"] == "ok"
    globals_ = {v["name"]: v for v in d.request("inspectVariables")["body"]["variables"]}
    assert globals_["partialCopy"]["value"] == "6", globals_


@scenario
def rich_inspection(d):
    """richInspectVariables through the kernel's formatters, away from a stop and at one: a tensor gives text/html."""
    d.start()
    d.request("configurationDone")
    assert d.execute_reply(d.execute('#r "nuget: TorchSharp-cpu, 0.107.0"'), timeout=300)["status"] == "ok"
    assert d.execute_reply(d.execute("var weights = TorchSharp.torch.ones(2, 3);"))["status"] == "ok"
    away = d.request("richInspectVariables", {"variableName": "weights"})["body"]
    assert "text/html" in away["data"] and "text/plain" in away["data"], away
    evaluated = d.request("evaluate", {"expression": "weights.shape[1] + 1", "context": "repl"})["body"]
    assert evaluated["result"] == "4", evaluated
    code = "float Total(TorchSharp.torch.Tensor t)\n{\n    var doubled = t * 2;\n    return doubled.sum().item<float>();\n}\nTotal(weights)"
    d.breakpoints(code, [4])
    run = d.execute(code)
    thread = d.stopped("breakpoint")["body"]["threadId"]
    frame = d.top(thread)[0]
    at_stop = d.request("richInspectVariables", {"variableName": "doubled", "frameId": frame["id"]})["body"]
    assert "text/html" in at_stop["data"], at_stop
    tensor = d.locals(frame["id"])["Locals"]["doubled"]
    children = {v["name"]: v for v in d.request("variables", {"variablesReference": tensor["variablesReference"]})["body"]["variables"]}
    assert "shape" in children and "dtype" in children, children
    d.resume("continue", thread)
    assert d.execute_reply(run)["status"] == "ok"


@scenario
def responsive_while_stopped(d):
    """While a cell is stopped: kernel_info, debug requests and interrupt are answered; the interrupt ends the cell; a
    getter that never returns does not block the channels; shutdown does not hang on a stopped cell."""
    d.start()
    code = ("class Stuck { public int Forever { get { System.Threading.Thread.Sleep(-1); return 0; } } }\n"
            "var stuck = new Stuck();\nvar marker = 1;\nmarker")
    d.breakpoints(code, [4])
    d.request("configurationDone")
    run = d.execute(code)
    thread = d.stopped("breakpoint")["body"]["threadId"]
    started = time.time()
    assert d.kc.kernel_info(reply=True, timeout=5)["content"]["status"] == "ok"
    frame = d.top(thread)[0]
    globals_ = d.locals(frame["id"])["Globals"]
    hanging = d.send("variables", {"variablesReference": globals_["stuck"]["variablesReference"]})
    assert d.kc.kernel_info(reply=True, timeout=5)["content"]["status"] == "ok", "the shell answers while a getter hangs"
    assert time.time() - started < 8, "kernel_info waited"
    reply = d.reply(hanging, timeout=30)
    assert reply["success"] is False and "10 s" in reply["message"], reply
    interrupt = d.kc.session.msg("interrupt_request", {})
    d.kc.control_channel.send(interrupt)
    reply = d.execute_reply(run)
    assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt", reply
    run = d.execute(code)
    d.stopped("breakpoint")
    begun = time.time()
    d.km.shutdown_kernel(now=False)
    assert time.time() - begun < 20 and not d.km.is_alive(), "shutdown waited for the stopped cell"


@scenario
def jupyterlab_sequence(d):
    """The requests JupyterLab 4's debugger sends when a user turns it on, toggles a breakpoint in a cell and runs it,
    read from its source (service.ts, session.ts), with every reply field it reads."""
    d.start()
    info = d.request("debugInfo")["body"]                       # restoreState
    for field in ("breakpoints", "stoppedThreads", "richRendering", "copyToGlobals", "hashMethod", "hashSeed", "tmpFilePrefix", "tmpFileSuffix", "isStarted", "exceptionPaths"):
        assert field in info, field
    assert d.request("configurationDone")["success"]
    d.request("setExceptionBreakpoints", {"filters": []})
    globals_ = d.request("inspectVariables")["body"]["variables"]   # displayDefinedVariables
    assert isinstance(globals_, list)
    assert d.request("modules")["body"]["modules"] == []
    code = "var label = \"ready\";\nvar count = label.Length;\ncount"
    path = d.request("dumpCell", {"code": code})["body"]["sourcePath"]   # updateBreakpoints
    assert path.startswith(info["tmpFilePrefix"]) and path.endswith(info["tmpFileSuffix"]), path
    state = d.request("debugInfo")["body"]
    assert state["breakpoints"] == [], state
    reply = d.request("setBreakpoints", {"breakpoints": [{"line": 2}], "source": {"path": path}, "sourceModified": False})["body"]
    assert all(isinstance(b["line"], int) for b in reply["breakpoints"]), reply
    run = d.execute(code)
    stop = d.stopped()
    assert isinstance(stop["body"]["threadId"], int)
    thread = stop["body"]["threadId"]
    frames = d.request("stackTrace", {"threadId": thread})["body"]["stackFrames"]       # _getAllFrames
    for frame in frames:
        assert {"id", "name", "line", "column", "source"} <= set(frame) and frame["source"]["path"], frame
    scopes = d.request("scopes", {"frameId": frames[0]["id"]})["body"]["scopes"]      # _onCurrentFrameChanged
    for scope in scopes:
        for variable in d.request("variables", {"variablesReference": scope["variablesReference"]})["body"]["variables"]:
            assert {"name", "value", "type", "variablesReference"} <= set(variable), variable
    rich = d.request("richInspectVariables", {"variableName": "label", "frameId": frames[0]["id"]})["body"]
    assert rich["data"]["text/plain"] == "ready" and "metadata" in rich, rich
    d.request("continue", {"threadId": thread})
    assert d.event("continued")["body"]["threadId"] == thread
    assert d.execute_reply(run)["status"] == "ok"
    d.request("disconnect", {"restart": False, "terminateDebuggee": False})    # stop()


@scenario
def cell_hash(d, hash_js=None):
    """dumpCell's path is the one JupyterLab computes: @jupyterlab/debugger's own murmur2 (hash.js) run under node, on
    ASCII and non-ASCII cells."""
    hash_js = sys.argv[2]
    info = d.request("debugInfo")["body"]
    cells = ["1 + 1", "var größe = \"Größe\"; // ünïcödé ✓\n", "", "abc", "Console.WriteLine(\"日本語のセル\");\n\n", "x" * 1001]
    script = ("import { murmur2 } from %s;\nconst cells = JSON.parse(process.argv[1]);\n"
              "console.log(JSON.stringify(cells.map(c => murmur2(c, %d).toString())));") % (json.dumps("file://" + hash_js), info["hashSeed"])
    hashes = json.loads(subprocess.run(["node", "--input-type=module", "-e", script, json.dumps(cells)], check=True, capture_output=True, text=True).stdout)
    for code, expected in zip(cells, hashes):
        path = d.request("dumpCell", {"code": code})["body"]["sourcePath"]
        assert path == info["tmpFilePrefix"] + expected + info["tmpFileSuffix"], (code, path, expected)
        with open(path, encoding="utf-8") as f:
            assert f.read() == code
    d.km.shutdown_kernel(now=False)
    assert not os.path.exists(info["tmpFilePrefix"]), "the kernel removes its cells' files when it ends"


@scenario("fsharp")
def fsharp_values(d):
    """F# cells' top-level values (in the fsharp kernelspec): inspectVariables, variables, richInspectVariables and
    evaluate of an F# expression, whose errors name what is wrong."""
    d.start()
    assert d.execute_reply(d.execute("let fsValues = [ 1; 2; 3 ]\nlet fsName = \"loss\""), timeout=120)["status"] == "ok"
    variables = {v["name"]: v for v in d.request("inspectVariables")["body"]["variables"]}
    assert variables["fsName"]["value"] == "\"loss\"", variables
    items = d.request("variables", {"variablesReference": variables["fsValues"]["variablesReference"]})["body"]["variables"]
    assert [v["value"] for v in items] == ["1", "2", "3"], items
    rich = d.request("richInspectVariables", {"variableName": "fsValues"})["body"]
    assert "text/plain" in rich["data"], rich
    assert d.request("evaluate", {"expression": "fsName", "context": "repl"})["body"]["result"] == "\"loss\""
    assert d.request("evaluate", {"expression": "List.sum fsValues * 2", "context": "repl"})["body"]["result"] == "12"
    failed = d.request("evaluate", {"expression": "List.sum notDefined", "context": "repl"}, success=False)
    assert "notDefined" in failed["message"], failed


if __name__ == "__main__":
    name = sys.argv[1]
    globals()[name]()
    print(f"{name}: ok")
