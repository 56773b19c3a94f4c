#!/usr/bin/python3
"""Protocol checks of the C# kernel through Debian's jupyter_client, one scenario per run:

    JUPYTER_PATH=<share/jupyter with our kernelspec> /usr/bin/python3 protocol_checks.py SCENARIO

Exits 0 when the scenario's assertions hold; prints what failed otherwise. Driven by KernelProtocolTests.cs.
"""
import json
import os
import signal
import sys
import tempfile
import time
import uuid

import jupyter_client
import zmq
from jupyter_client.session import Session

KERNEL = os.environ.get("LOSSNB_KERNEL_NAME", "csharp")
TIMEOUT = 30


def start():
    return jupyter_client.manager.start_new_kernel(kernel_name=KERNEL, startup_timeout=60)


def run(kc, code, timeout=TIMEOUT, **kwargs):
    """Executes code; returns (reply content, [(msg_type, content), ...] of the cell's IOPub outputs)."""
    outputs = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: outputs.append((m["msg_type"], m["content"])), **kwargs)
    return reply["content"], outputs


def ask(kc, method, *args, **kwargs):
    """Sends a shell request with the client's method and returns its reply's content."""
    msg_id = getattr(kc, method)(*args, **kwargs)
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def of(outputs, kind):
    return [c for t, c in outputs if t == kind]


def kernel_info():
    km, kc = start()
    try:
        reply = kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
        info = reply["language_info"]
        assert reply["status"] == "ok", reply
        assert reply["protocol_version"].startswith("5."), reply
        assert info["name"] == "csharp" and info["file_extension"] == ".cs", info
        assert info["mimetype"] == "text/x-csharp" and info["pygments_lexer"] == "csharp" and info["codemirror_mode"] == "csharp", info
    finally:
        km.shutdown_kernel(now=True)


def kernel_environment():
    """The kernelspec lets Vector<T> be as wide as the CPU allows (16 float lanes where the CPU has AVX-512) and keeps
    libtorch's OpenMP threads from spinning for milliseconds."""
    avx512 = " avx512f " in open("/proc/cpuinfo").read().replace("\n", " ")
    km, kc = start()
    try:
        reply, out = run(kc, "System.Numerics.Vector<float>.Count")
        assert reply["status"] == "ok", reply
        lanes = int(of(out, "execute_result")[0]["data"]["text/plain"])
        assert lanes == (16 if avx512 else lanes) and lanes >= 4, (lanes, avx512)
        reply, out = run(kc, 'Environment.GetEnvironmentVariable("DOTNET_MaxVectorTBitWidth")')
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "512", out
        reply, out = run(kc, 'Environment.GetEnvironmentVariable("GOMP_SPINCOUNT")')
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "10000", out
    finally:
        km.shutdown_kernel(now=True)


def state_and_results():
    km, kc = start()
    try:
        reply, out = run(kc, "var x = 21;")
        assert reply["status"] == "ok" and reply["execution_count"] == 1, reply
        assert not of(out, "execute_result"), out
        reply, out = run(kc, "x * 2")
        assert reply["execution_count"] == 2, reply
        results = of(out, "execute_result")
        assert len(results) == 1 and results[0]["data"]["text/plain"] == "42", out
        assert results[0]["execution_count"] == 2
        reply, out = run(kc, "x * 3", silent=True)
        assert not of(out, "execute_result"), "silent cells show no result"
        reply, out = run(kc, "await Task.Delay(10); new List<int> { 1, 2 }.Sum()")
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "3", out
        assert reply["execution_count"] == 3, "silent cells do not count"
        _, out = run(kc, "System.IO.Directory.GetCurrentDirectory()")
        assert of(out, "execute_result")[0]["data"]["text/plain"] == os.getcwd(), "the kernel keeps the front end's working directory"
    finally:
        km.shutdown_kernel(now=True)


def streams():
    km, kc = start()
    try:
        reply, out = run(kc, 'Console.Write("a"); System.Threading.Thread.Sleep(400); Console.WriteLine("b"); Console.Error.WriteLine("oops");')
        stdout = [c["text"] for c in of(out, "stream") if c["name"] == "stdout"]
        stderr = [c["text"] for c in of(out, "stream") if c["name"] == "stderr"]
        assert stdout == ["a", "b\n"], f"partial lines are sent while the cell runs: {stdout}"
        assert stderr == ["oops\n"], stderr
    finally:
        km.shutdown_kernel(now=True)


def native_streams():
    km, kc = start()
    try:
        code = ('[System.Runtime.InteropServices.DllImport("libc", EntryPoint = "write")] static extern nint NativeWrite(int fd, byte[] b, nint n);\n'
                'var bytes = System.Text.Encoding.UTF8.GetBytes("from native\\n");\n'
                'NativeWrite(1, bytes, bytes.Length); NativeWrite(2, bytes, bytes.Length);')
        reply, out = run(kc, code)
        assert reply["status"] == "ok", reply
        texts = {(c["name"], c["text"]) for c in of(out, "stream")}
        assert ("stdout", "from native\n") in texts and ("stderr", "from native\n") in texts, out
    finally:
        km.shutdown_kernel(now=True)


def errors():
    km, kc = start()
    try:
        run(kc, "var kept = 5;")
        reply, out = run(kc, "int ok = 1;\nint y = ;\nstring s = 5;")
        assert reply["status"] == "error", reply
        assert "(2,9)" in reply["evalue"] and "CS1525" in reply["evalue"], reply["evalue"]
        errs = of(out, "error")
        assert len(errs) == 1 and errs[0]["ename"] == reply["ename"], out
        reply, out = run(kc, 'void Fail() => throw new InvalidOperationException("boom");\nvar before = 1;\nFail();')
        assert reply["status"] == "error" and reply["ename"] == "InvalidOperationException" and reply["evalue"] == "boom", reply
        assert any("cell" in line and ":line 3" in line for line in reply["traceback"]), reply["traceback"]
        reply, out = run(kc, "kept + before")
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "6", "state survives errors"
    finally:
        km.shutdown_kernel(now=True)


def displays():
    km, kc = start()
    try:
        reply, out = run(kc, 'var h = display("start"); h.Update("done"); ClearOutput(wait: true); 1.Display();')
        assert reply["status"] == "ok", reply
        shown = of(out, "display_data")
        updated = of(out, "update_display_data")
        assert shown[0]["data"]["text/plain"] == "start", out
        display_id = shown[0]["transient"]["display_id"]
        assert updated and updated[0]["transient"]["display_id"] == display_id and updated[0]["data"]["text/plain"] == "done", out
        assert of(out, "clear_output") == [{"wait": True}], out
        reply, out = run(kc, 'display(HTML("<b>x</b>")); display(LaTeX(@"\\frac{1}{2}")); new[] { 1, 2 }')
        assert of(out, "display_data")[0]["data"]["text/html"] == "<b>x</b>", out
        assert "\\frac{1}{2}" in of(out, "display_data")[1]["data"]["text/latex"], out
        result = of(out, "execute_result")[0]["data"]
        assert "text/plain" in result and "text/html" in result, result
    finally:
        km.shutdown_kernel(now=True)


def polyglot():
    km, kc = start()
    try:
        reply, out = run(kc, "#!csharp\nusing Microsoft.DotNet.Interactive;\nKernel.display(7);\nvar z = 3;")
        assert reply["status"] == "ok", reply
        assert of(out, "display_data")[0]["data"]["text/plain"] == "7", out
        reply, out = run(kc, "#!markdown\n# Title")
        assert of(out, "display_data")[0]["data"]["text/markdown"] == "# Title", out
        reply, out = run(kc, "#!fsharp\n#!share --from csharp z\nlet a = z * 14\na")
        assert reply["status"] == "ok" and of(out, "execute_result")[0]["data"]["text/plain"] == "42", (reply, out)
        reply, out = run(kc, "#!pwsh\nGet-Item .")
        assert reply["status"] == "error" and "not supported by this kernel" in reply["evalue"], reply
        assert "#!fsharp" in reply["evalue"] and "#!share" in reply["evalue"], reply
        reply, out = run(kc, "#!time\nz + 1")
        assert any("Wall time" in c["text"] for c in of(out, "stream")), out
        reply, out = run(kc, 'new Microsoft.DotNet.Interactive.Formatting.LaTeXString(@"a^2")')
        assert of(out, "execute_result")[0]["data"]["text/latex"] == "a^2", out
        reply, out = run(kc, '(LaTeXString)@"b^2"')  # .NET Interactive's default usings: no namespace needed
        assert of(out, "execute_result")[0]["data"]["text/latex"] == "b^2", out
    finally:
        km.shutdown_kernel(now=True)


def stdin():
    km, kc = start()
    try:
        msg_id = kc.execute('var name = Console.ReadLine(); $"hi {name}"', allow_stdin=True)
        request = kc.get_stdin_msg(timeout=TIMEOUT)
        assert request["msg_type"] == "input_request", request
        assert request["parent_header"]["msg_id"] == msg_id
        kc.input("Ada")
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        assert reply["content"]["status"] == "ok", reply
        while True:
            msg = kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["msg_type"] == "execute_result":
                assert msg["content"]["data"]["text/plain"] == "hi Ada", msg
                break
        reply, _ = run(kc, "Console.ReadLine()", allow_stdin=False)
        assert reply["status"] == "error" and "allow_stdin" in reply["evalue"], reply
    finally:
        km.shutdown_kernel(now=True)


def restart_and_shutdown():
    km, kc = start()
    run(kc, "var before = 1;")
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=60)
    reply, _ = run(kc, "before")
    assert reply["status"] == "error" and "CS0103" in reply["evalue"], "a restarted kernel starts fresh"
    started = time.time()
    km.shutdown_kernel(now=False)
    assert not km.is_alive(), "kernel still alive after shutdown"
    assert time.time() - started < 10, "shutdown took too long"


def connect_raw(km, kind):
    info = km.get_connection_info()
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.connect(f"{info['transport']}://{info['ip']}:{info[kind + '_port']}")
    return sock, info


def bad_signature():
    km, kc = start()
    try:
        marker = os.path.join(tempfile.mkdtemp(), "executed")
        sock, info = connect_raw(km, "shell")
        forged = Session(key=b"not-the-key", signature_scheme="hmac-sha256")
        forged.send(sock, forged.msg("execute_request", content={
            "code": f'System.IO.File.WriteAllText(@"{marker}", "x");', "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}))
        time.sleep(1.5)
        assert not os.path.exists(marker), "a badly signed message was executed"
        assert kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]["status"] == "ok", "kernel died"
        sock.close(linger=0)
    finally:
        km.shutdown_kernel(now=True)


def iopub_welcome():
    """Protocol 5.5 (JEP 65): every new IOPub subscription gets a signed iopub_welcome on its own topic."""
    km, kc = start()
    try:
        info = km.get_connection_info()
        session = Session(key=km.session.key, signature_scheme="hmac-sha256")
        ctx = zmq.Context.instance()
        for topic in ["", "kernel", ""]:  # the second "" checks that a repeated subscription is welcomed too
            sub = ctx.socket(zmq.SUB)
            sub.connect(f"{info['transport']}://{info['ip']}:{info['iopub_port']}")
            sub.subscribe(topic)
            assert sub.poll(TIMEOUT * 1000), f"no welcome for subscription {topic!r}"
            idents, msg = session.recv(sub, mode=0)  # checks the signature
            assert idents == [topic.encode()], idents
            assert msg["msg_type"] == "iopub_welcome" and msg["content"] == {"subscription": topic}, msg
            sub.close(linger=0)
        reply, out = run(kc, "1 + 1")
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "2", "clients that know no welcome go on working"
        assert kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]["protocol_version"] == "5.5"
    finally:
        km.shutdown_kernel(now=True)


def malformed():
    km, kc = start()
    try:
        sock, _ = connect_raw(km, "shell")
        sock.send_multipart([b"garbage"])
        sock.send_multipart([b"<IDS|MSG>", b"sig", b"{not json", b"{}", b"{}", b"{}"])
        session = Session(key=km.session.key, signature_scheme="hmac-sha256")
        msg = session.msg("no_such_request", content={})
        session.send(sock, msg)
        time.sleep(0.5)
        reply, out = run(kc, "1 + 1")
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "2", "kernel survives malformed messages"
        sock.close(linger=0)
    finally:
        km.shutdown_kernel(now=True)


def heartbeat_during_long_cell():
    km, kc = start()
    try:
        kc.execute("System.Threading.Thread.Sleep(5000);")
        info = km.get_connection_info()
        ctx = zmq.Context.instance()
        for _ in range(4):
            time.sleep(1)
            req = ctx.socket(zmq.REQ)
            req.connect(f"tcp://{info['ip']}:{info['hb_port']}")
            req.send(b"ping")
            assert req.poll(1000), "heartbeat did not answer within 1 s during a long cell"
            assert req.recv() == b"ping"
            req.close(linger=0)
        assert km.is_alive()
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        assert reply["content"]["status"] == "ok"
    finally:
        km.shutdown_kernel(now=True)


def language_services():
    km, kc = start()
    try:
        reply = ask(kc, "is_complete", "var x = 1;")
        assert reply["status"] == "complete", reply
        reply = ask(kc, "is_complete", "for (var i = 0; i < 3; i++) {")
        assert reply["status"] == "incomplete", reply
        run(kc, "var first = 1;")
        run(kc, "var second = 2;")
        reply = ask(kc, "history", hist_access_type="tail", n=1)
        assert [h[2] for h in reply["history"]] == ["var second = 2;"], reply
        reply = ask(kc, "history", hist_access_type="search", pattern="var f*")
        assert [h[2] for h in reply["history"]] == ["var first = 1;"], reply
        reply = ask(kc, "history", hist_access_type="range", start=1, stop=2)
        assert [h[1] for h in reply["history"]] == [1], reply
        reply = ask(kc, "comm_info")
        assert reply["status"] == "ok" and reply["comms"] == {}, reply
    finally:
        km.shutdown_kernel(now=True)


def wait_reply(kc, msg_id, timeout=TIMEOUT):
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def stop_on_error():
    km, kc = start()
    try:
        run(kc, "1")
        failing = kc.execute("System.Threading.Thread.Sleep(500); throw new Exception(\"boom\");")
        queued = kc.execute("var ranAnyway = true;")  # sent before the failure: aborted
        assert wait_reply(kc, failing)["status"] == "error"
        assert wait_reply(kc, queued)["status"] == "aborted", "a request queued behind a failed cell is aborted"
        for _ in range(5):  # sent right after the failure's reply: runs (the race an early abort would lose)
            failed = kc.execute("throw new Exception(\"again\");")
            assert wait_reply(kc, failed)["status"] == "error"
            reply, out = run(kc, "6 * 7")
            assert reply["status"] == "ok" and of(out, "execute_result")[0]["data"]["text/plain"] == "42", reply
    finally:
        km.shutdown_kernel(now=True)


def interrupts():
    km, kc = start()
    try:
        run(kc, "1")  # the kernel is up and warm: what is timed below is stopping a running cell
        for code in ("long spins = 0; while (true) { spins++; }",
                     "for (var k = 0; ; k++) spins++;",
                     "System.Threading.Thread.Sleep(60_000);"):
            msg_id = kc.execute(code)
            time.sleep(1.0)
            started = time.time()
            km.interrupt_kernel()
            reply = wait_reply(kc, msg_id)
            assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt", reply
            assert time.time() - started < 2, f"interrupt took {time.time() - started:.2f} s"
        reply, out = run(kc, "spins > 0")
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "True", "state survives an interrupt"
        reply, out = run(kc, "System.Threading.Thread.Sleep(10); 5")
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "5", "the next cell runs normally"
        # SIGINT (signal-mode front ends) interrupts too and never kills the kernel.
        msg_id = kc.execute("while (true) { }")
        time.sleep(1.0)
        os.kill(km.provisioner.process.pid, 2)
        reply = wait_reply(kc, msg_id)
        assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt", reply
        assert km.is_alive()
    finally:
        km.shutdown_kernel(now=True)


def sigint_inherited_as_ignored():
    """A kernel started by a background process inherits SIGINT as ignored; it must still take SIGINT as an interrupt."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        km, kc = start()
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        run(kc, "1")
        msg_id = kc.execute("while (true) { }")
        time.sleep(1.0)
        os.kill(km.provisioner.process.pid, signal.SIGINT)
        reply = wait_reply(kc, msg_id)
        assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt", reply
        assert km.is_alive()
    finally:
        km.shutdown_kernel(now=True)


def packages():
    km, kc = start()
    try:
        reply, out = run(kc, '#r "nuget: Humanizer.Core, 2.14.1"\nusing Humanizer;')
        assert reply["status"] == "ok", reply
        assert any("Restored Humanizer.Core 2.14.1" in c["text"] for c in of(out, "stream")), out
        reply, out = run(kc, '"some_text".Humanize()')
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "some text", out
        reply, out = run(kc, '#r "nuget: Humanizer.Core, 3.0.10"')
        assert reply["status"] == "error" and "2.14.1" in reply["evalue"] and "3.0.10" in reply["evalue"], reply
        reply, out = run(kc, '#:package Newtonsoft.Json@13.0.3\nNewtonsoft.Json.JsonConvert.SerializeObject(new { a = 1 })')
        assert of(out, "execute_result")[0]["data"]["text/plain"] == '{"a":1}', out
        started = time.time()
        reply, out = run(kc, '#r "nuget: Newtonsoft.Json, 13.0.3"')
        assert reply["status"] == "ok" and time.time() - started < 2, f"a cached restore took {time.time() - started:.2f} s"
    finally:
        km.shutdown_kernel(now=True)


def nuget_cache_fingerprint():
    import glob
    import hashlib
    home = os.environ.get("NUGET_PACKAGES") or os.path.expanduser("~/.nuget/packages")
    files = sorted(glob.glob(os.path.join(home, "torchsharp", "*", "**", "*"), recursive=True))
    return {f: hashlib.sha256(open(f, "rb").read()).hexdigest() for f in files if os.path.isfile(f) and f.endswith(".so")}, files


def torchsharp_package():
    before, files_before = nuget_cache_fingerprint()
    km, kc = start()
    try:
        reply, out = run(kc, '#r "nuget: TorchSharp-cpu, 0.107.0"')
        assert reply["status"] == "ok", reply
        text = "".join(c["text"] for c in of(out, "stream"))
        assert "Loaded .NET Interactive kernel extension SkiaSharp.DotNet.Interactive.SkiaSharpKernelExtension" in text, text  # the host brings Microsoft.DotNet.Interactive
        reply, out = run(kc, "TorchSharp.torch.ones(3).sum().item<float>()")
        assert reply["status"] == "ok", reply
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "3", out
        # A model declared as TorchSharp's tutorials declare it: a private class in one cell, used in the next.
        reply, out = run(kc, "using TorchSharp;\nusing static TorchSharp.torch;\n"
                             "private class Trivial : nn.Module<Tensor, Tensor>\n{\n"
                             "    private nn.Module<Tensor, Tensor> lin = nn.Linear(3, 1);\n"
                             "    public Trivial() : base(nameof(Trivial)) { RegisterComponents(); }\n"
                             "    public override Tensor forward(Tensor input) => lin.forward(input);\n}")
        assert reply["status"] == "ok", reply
        reply, out = run(kc, "var model = new Trivial();\nmodel.forward(ones(2, 3)).shape.Length")
        assert reply["status"] == "ok", reply
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "2", out
    finally:
        km.shutdown_kernel(now=True)
    after, files_after = nuget_cache_fingerprint()
    assert before == after and files_before == files_after, "the NuGet cache was modified"


MYLIB_PROJECT = """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><NoWarn>NU1603</NoWarn></PropertyGroup>
  <ItemGroup><PackageReference Include="TorchSharp-cpu" Version="0.107.0" /></ItemGroup>
</Project>
"""

MYLIB_CODE = """namespace MyLib;
public static class Doubler
{
    public static float Twice(float x) => TorchSharp.torch.tensor(x).mul(2).item<float>();
}
public static class NotebookExtension
{
    public static void Load() => System.Environment.SetEnvironmentVariable("MYLIB_EXTENSION_LOADED", "yes");
}
"""


def local_project():
    os.makedirs("mylib", exist_ok=True)
    with open("mylib/mylib.csproj", "w") as f:
        f.write(MYLIB_PROJECT)
    with open("mylib/Doubler.cs", "w") as f:
        f.write(MYLIB_CODE)
    with open("helper.csx", "w") as f:
        f.write("int Helper() => 5;\n")
    km, kc = start()
    try:
        reply, out = run(kc, '#r "project: mylib"')
        assert reply["status"] == "ok", reply
        assert any("Built mylib.csproj" in c["text"] for c in of(out, "stream")), out
        reply, out = run(kc, "MyLib.Doubler.Twice(21)")
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "42", out
        reply, out = run(kc, 'Environment.GetEnvironmentVariable("MYLIB_EXTENSION_LOADED")')
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "yes", "NotebookExtension.Load() was called"
        reply, out = run(kc, '#load "helper.csx"\nHelper()')
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "5", out
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=60)
        started = time.time()
        reply, out = run(kc, "#:project mylib/mylib.csproj")
        elapsed = time.time() - started
        assert reply["status"] == "ok" and any("up to date" in c["text"] for c in of(out, "stream")), out
        assert elapsed < 3, f"an unchanged project took {elapsed:.2f} s"
        reply, out = run(kc, "MyLib.Doubler.Twice(2)")
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "4", out
        reply, out = run(kc, '#r "project: nowhere/missing.csproj"')
        assert reply["status"] == "error" and "missing.csproj" in reply["evalue"], reply
    finally:
        km.shutdown_kernel(now=True)


def package_source_and_stuck_native():
    import glob
    import shutil
    feed = os.path.abspath("feed")
    os.makedirs(feed, exist_ok=True)
    home = os.environ.get("NUGET_PACKAGES") or os.path.expanduser("~/.nuget/packages")
    nupkg = glob.glob(os.path.join(home, "humanizer.core", "2.14.1", "*.nupkg"))[0]
    shutil.copy(nupkg, feed)
    km, kc = start()
    try:
        reply, out = run(kc, '#i "nuget: feed"\n#r "nuget: Humanizer.Core, 2.14.1"\nusing Humanizer;\n"a_b".Humanize()')
        assert reply["status"] == "ok", reply
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "a b", out
        # A cell blocked in native code cannot be interrupted: the kernel says so after a grace period.
        code = '[System.Runtime.InteropServices.DllImport("libc")] static extern uint sleep(uint seconds);\nsleep(5);'
        msg_id = kc.execute(code)
        time.sleep(1.0)
        km.interrupt_kernel()
        reply = wait_reply(kc, msg_id)
        messages = []
        while True:
            try:
                msg = kc.get_iopub_msg(timeout=2)
            except Exception:
                break
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                messages.append(msg["content"]["text"])
        assert any("did not stop within 3 s" in m for m in messages), messages
        reply, out = run(kc, "1 + 1")
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "2", "the next cell runs normally"
    finally:
        km.shutdown_kernel(now=True)


def private_package(feed, package_id, with_lib):
    """Writes PACKAGE_ID 1.0.0 into a folder feed: Humanizer.Core's assembly under a new id (or no assembly at all)."""
    import glob
    import zipfile
    home = os.environ.get("NUGET_PACKAGES") or os.path.expanduser("~/.nuget/packages")
    source = glob.glob(os.path.join(home, "humanizer.core", "2.14.1", "*.nupkg"))[0]
    os.makedirs(feed, exist_ok=True)
    nuspec = (f'<?xml version="1.0"?><package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"><metadata>'
              f'<id>{package_id}</id><version>1.0.0</version><authors>tests</authors><description>a test package</description>'
              f'</metadata></package>')
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(os.path.join(feed, f"{package_id}.1.0.0.nupkg"), "w") as package:
        package.writestr(f"{package_id}.nuspec", nuspec)
        if with_lib:
            package.writestr("lib/netstandard2.0/Humanizer.dll", original.read("lib/netstandard2.0/Humanizer.dll"))


def nuget_configuration():
    """Restores read NuGet's whole configuration as `dotnet restore` in the notebook's folder would (the folder's
    nuget.config and the user's), and a failed restore is not cached: after the user's configuration is fixed, the
    same #r restores and its types are there."""
    root = tempfile.mkdtemp(prefix="lossnb-nuget-config-")
    home, notebook = os.path.join(root, "home"), os.path.join(root, "notebook")
    private_package(os.path.join(root, "team"), "LnbPrivate.Hello", True)
    private_package(os.path.join(root, "folder"), "LnbFolder.Meta", False)
    os.makedirs(notebook)
    os.makedirs(home)
    with open(os.path.join(notebook, "nuget.config"), "w") as f:
        f.write(f'<configuration><packageSources><add key="folder" value="{root}/folder" /></packageSources></configuration>')
    env = dict(os.environ, HOME=home, NUGET_PACKAGES=os.path.join(root, "packages"))
    env.pop("XDG_CACHE_HOME", None)
    env.pop("LOSSNB_KERNEL_CACHE", None)
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=KERNEL, startup_timeout=60, cwd=notebook, env=env)
    cell = '#r "nuget: LnbPrivate.Hello, 1.0.0"\n#r "nuget: LnbFolder.Meta, 1.0.0"\nusing Humanizer;\n"some_text".Humanize()'
    try:
        reply, out = run(kc, cell)
        assert reply["status"] == "error" and "NU1101" in reply["evalue"] and "LnbPrivate.Hello" in reply["evalue"], reply
        user_config = os.path.join(home, ".nuget", "NuGet")
        os.makedirs(user_config, exist_ok=True)
        with open(os.path.join(user_config, "NuGet.Config"), "w") as f:
            f.write(f'<configuration><packageSources><add key="team" value="{root}/team" /></packageSources></configuration>')
        reply, out = run(kc, cell)
        assert reply["status"] == "ok", reply
        text = "".join(c["text"] for c in of(out, "stream"))
        assert "Restored LnbPrivate.Hello 1.0.0, LnbFolder.Meta 1.0.0" in text, text
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "some text", out
    finally:
        km.shutdown_kernel(now=True)


def streamed(out, name):
    return "".join(c["text"] for c in of(out, "stream") if c["name"] == name)


def extension_kernel_object():
    """A .NET Interactive extension (ExtensionPackageTests packs it) gets a kernel object that works: its display from
    the invocation context arrives in the #r cell, the code it submits to the csharp kernel runs, and the magic it adds
    runs as a cell magic (#!lsmagic lists it) before the rest of the cell runs here."""
    version = sys.argv[2]
    km, kc = start()
    try:
        reply, out = run(kc, "1 + 1")
        reply, out = run(kc, 'AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.DotNet.Interactive")')
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "False", "loaded before any extension"
        reply, out = run(kc, f'#i "nuget: extension-feed"\n#r "nuget: LnbTests.Greeter, {version}"')
        assert reply["status"] == "ok", reply
        assert streamed(out, "stderr") == "", streamed(out, "stderr")
        assert any(d["data"].get("text/plain") == "greeter ready" for d in of(out, "display_data")), out
        assert "Loaded .NET Interactive kernel extension LnbTests.Greeter.GreeterExtension" in streamed(out, "stdout"), out
        reply, out = run(kc, "greeterAnswer")
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "42", out
        reply, out = run(kc, "#!lsmagic")
        assert "#!greet" in of(out, "display_data")[0]["data"]["text/plain"], out
        reply, out = run(kc, '#!greet --name Ada\ngreeterAnswer + 1')
        assert reply["status"] == "ok", reply
        assert [d["data"]["text/plain"] for d in of(out, "display_data")] == ["Hello, Ada!"], out
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "43", out
        reply, out = run(kc, "#!greet --nome Ada")
        assert reply["status"] == "error", reply
    finally:
        km.shutdown_kernel(now=True)


def dataframe_and_mlnet():
    """Microsoft.Data.Analysis 0.24.0's kernel extension loads with nothing on stderr and a DataFrame displays as its
    HTML table; ML.NET 6.0.0 pipelines compile and run after a cell used .NET Interactive's names (no CS0012)."""
    km, kc = start()
    try:
        reply, out = run(kc, '#r "nuget: Microsoft.Data.Analysis, 0.24.0"', timeout=240)
        assert reply["status"] == "ok", reply
        assert streamed(out, "stderr") == "", streamed(out, "stderr")
        assert "Loaded .NET Interactive kernel extension Microsoft.Data.Analysis.Interactive.DataFrameKernelExtension" in streamed(out, "stdout"), out
        reply, out = run(kc, 'using Microsoft.Data.Analysis;\nvar frame = new DataFrame(new PrimitiveDataFrameColumn<int>("epoch", new[] { 1, 2, 3 }),\n'
                             '    new StringDataFrameColumn("loss", new[] { "huber", "mse", "mae" }));\nframe')
        html = of(out, "execute_result")[0]["data"]["text/html"]
        assert "<th>epoch</th><th>loss</th>" in html and "<td>huber</td>" in html and "<td>mae</td>" in html, html[:500]
        reply, out = run(kc, "Formatter.ListExpansionLimit = 20;\nvar dates = new PrimitiveDataFrameColumn<DateTime>(\"day\");\n"
                             "dates.Append(new DateTime(2026, 12, 7));\ndates.Length")
        assert reply["status"] == "ok", reply
        assert of(out, "execute_result")[0]["data"]["text/plain"] == "1", out
        reply, out = run(kc, '#r "nuget: Microsoft.ML, 6.0.0"', timeout=240)
        assert reply["status"] == "ok", reply
        reply, out = run(kc, """using Microsoft.ML;
using Microsoft.ML.Data;
public class Point { public float X { get; set; } [ColumnName("Label")] public float Y { get; set; } }
var ml = new MLContext(seed: 1);
var points = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(i => new Point { X = i / 20f, Y = 3 * i / 20f + 1 }).ToList());
var pipeline = ml.Transforms.Concatenate("Features", "X").Append(ml.Regression.Trainers.Sdca());
var model = pipeline.Fit(points);
ml.Regression.Evaluate(model.Transform(points)).RSquared""", timeout=120)
        assert reply["status"] == "ok", reply
        r_squared = float(of(out, "execute_result")[0]["data"]["text/plain"])
        assert 0.5 < r_squared <= 1, r_squared  # a fitted line explains most of y = 3x + 1 (the mean alone: 0)
    finally:
        km.shutdown_kernel(now=True)


def formatting_extension():
    repo = os.environ["LOSSNB_REPO"]
    km, kc = start()
    try:
        reply, out = run(kc, f'#r "project: {repo}/src/LossNotebooks.Formatting"')
        assert reply["status"] == "ok", reply
        reply, out = run(kc, "TorchSharp.torch.ones(2, 2)")
        data = of(out, "execute_result")[0]["data"]
        assert "lossnb-table" in data["text/html"] and "shape [2, 2]" in data["text/html"], data
        assert data["text/plain"] == "tensor([[1., 1.],\n        [1., 1.]])", data["text/plain"]
        reply, out = run(kc, 'LossNotebooks.Losses.LossCatalog.Find("mse").Formula')
        data = of(out, "execute_result")[0]["data"]
        assert data["text/latex"] == "$$\\ell(x, y) = (x - y)^2$$", data
        reply, out = run(kc, 'display(LossNotebooks.Formatting.Plots.LossVsResidual(new[] { "mse", "huber" }));')
        data = of(out, "display_data")[0]["data"]
        assert "application/vnd.plotly.v1+json" in data and data["application/vnd.plotly.v1+json"]["layout"]["title"]["text"] == "Loss vs residual", data.keys()
    finally:
        km.shutdown_kernel(now=True)


def rendered_offline(html):
    """Loads an output's HTML as a page in headless Chromium with the network off; True when Plotly drew an SVG."""
    import subprocess
    folder = tempfile.mkdtemp(prefix="lossnb-chart-")
    page = os.path.join(folder, "chart.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>" + html + "</body></html>")
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          f"--user-data-dir={folder}/profile", "--proxy-server=127.0.0.1:9", "--virtual-time-budget=5000",
                          "--dump-dom", "file://" + page], capture_output=True, text=True, timeout=120).stdout
    return 'class="main-svg"' in dom


def dotnet_interactive_extension():
    """A package shipping a .NET Interactive kernel extension (Plotly.NET.Interactive) loads on #r "nuget:"; its
    chart formatter registers; this kernel's compatibility names do not collide with the real Microsoft.DotNet.Interactive
    it brings; and with LossNotebooks.Formatting referenced before or after it, charts render offline."""
    repo = os.environ["LOSSNB_REPO"]
    formatting = f'#r "project: {repo}/src/LossNotebooks.Formatting"'
    extension = '#r "nuget: Plotly.NET.Interactive, 6.0.0"\n#r "nuget: Plotly.NET.CSharp, 0.14.0"'
    chart = "Plotly.NET.CSharp.Chart.Point<double, double, string>(new[] { 1.0, 2 }, new[] { 3.0, 4 })"
    for order in ([extension], [formatting, extension], [extension, formatting]):
        km, kc = start()
        try:
            for code in order:
                reply, out = run(kc, code)
                assert reply["status"] == "ok", (code, reply)
                if code == extension:
                    text = "".join(c["text"] for c in of(out, "stream"))
                    assert "Loaded .NET Interactive kernel extension Plotly.NET.Interactive.FormatterKernelExtension" in text, text
            reply, out = run(kc, chart)
            assert reply["status"] == "ok", reply
            html = of(out, "execute_result")[0]["data"]["text/html"]
            if order == [extension]:
                assert "Plotly chart will be drawn" in html, html[:300]  # Plotly.NET.Interactive's own formatter
            else:
                assert "lossnb-plot" in html, html[:300]  # this kernel's libraries keep theirs, whichever came first
                assert rendered_offline(html), "the chart did not render offline"
            reply, out = run(kc, "using Microsoft.DotNet.Interactive;\nKernel.display(7);")
            assert reply["status"] == "ok", reply  # no CS0433 with the real assembly loaded
            assert of(out, "display_data")[0]["data"]["text/plain"] == "7", out
        finally:
            km.shutdown_kernel(now=True)


if __name__ == "__main__":
    scenario = sys.argv[1]
    globals()[scenario]()
    print(f"{scenario}: ok")
