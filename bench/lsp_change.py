#!/usr/bin/env python3
"""CPU time `infrac lsp` spends on one edit of a large design.

    python3 bench/lsp_change.py --servers 992,9992 [--binary target/release/infrac]
                                [--queued 10] [--wrap "valgrind --tool=callgrind ..."]

drives the server over stdio as an editor does: initialize, didOpen of a design from
bench/topology.py, waits for its diagnostics, then sends one didChange (a server's
address edited, the whole text sent again) and waits for the diagnostics that answer
it. Printed per size: the server process's CPU time (user + system, read from
/proc/PID/stat: the machine is shared, so wall time says little) from just before the
change is sent to the moment its publishDiagnostics arrives, best of --repeat changes.

With --queued N each measurement sends N such changes back to back (as fast typing
does) and waits for the diagnostics of the last: the server checks once for the burst,
so the cost should stay near that of one change, not N times it.

With --wrap the server runs under that command: instructions per change are callgrind's
total with --repeat 5 less that with --repeat 0, over 5.

Run by hand (not in CI).
"""

import argparse
import json
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import topology  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15; fields[0] here is field 3 (state).
    return (int(fields[11]) + int(fields[12])) / TICKS


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def send(proc, message):
    proc.stdin.write(frame(message))
    proc.stdin.flush()


def receive(proc):
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the server ended")
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    return json.loads(proc.stdout.read(length))


def wait_for_diagnostics(proc, version):
    while True:
        message = receive(proc)
        if message.get("method") == "textDocument/publishDiagnostics":
            got = message["params"].get("version")
            if got is None or got == version:
                return message


def measure(binary, servers, repeat, queued, wrap):
    text = topology.design(servers)
    uri = "file:///bench/design.infra"
    proc = subprocess.Popen(shlex.split(wrap) + [binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    while receive(proc).get("id") != 1:
        pass
    send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send(
        proc,
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "infra", "version": 1, "text": text}},
        },
    )
    wait_for_diagnostics(proc, 1)
    best = float("inf")
    version = 1
    for _ in range(repeat):
        burst = []
        for _ in range(queued):
            # One edit: the last octet of the first address changes, as a user types it.
            at = text.index("ip = ") + len("ip = ")
            end = text.index("\n", at)
            address = text[at:end].split(",")[0].split()[0]
            head, _, last = address.rpartition(".")
            edited = head + "." + str((int(last) % 250) + 1) if last.isdigit() else address
            text = text[:at] + text[at:end].replace(address, edited, 1) + text[end:]
            version += 1
            burst.append(
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didChange",
                    "params": {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [{"text": text}],
                    },
                }
            )
        # Encoded before the clock starts and written in one go, as an editor's queue is.
        framed = b"".join(frame(message) for message in burst)
        before = cpu_seconds(proc.pid)
        proc.stdin.write(framed)
        proc.stdin.flush()
        wait_for_diagnostics(proc, version)
        best = min(best, cpu_seconds(proc.pid) - before)
    send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    while receive(proc).get("id") != 2:
        pass
    send(proc, {"jsonrpc": "2.0", "method": "exit", "params": None})
    proc.wait(timeout=30)
    return best, len(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--servers", default="992,9992")
    parser.add_argument("--binary", default=os.path.join(HERE, "..", "target", "release", "infrac"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queued", type=int, default=1, help="changes sent back to back")
    parser.add_argument("--wrap", default="", help="a command to run the server under")
    opts = parser.parse_args()
    print("%8s  %8s  %14s" % ("servers", "KB", "change CPU-ms"))
    for n in [int(s) for s in opts.servers.split(",")]:
        cpu, size = measure(opts.binary, n, opts.repeat, opts.queued, opts.wrap)
        print("%8d  %8d  %14.0f" % (n, size // 1024, cpu * 1000))


if __name__ == "__main__":
    main()
