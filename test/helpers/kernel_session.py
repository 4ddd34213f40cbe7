"""Drives the Trainlab kernel through jupyter_client, the real Jupyter client library.

Reads JSON from stdin: {"cells": [code, ...], "wait": bool, "cwd": dir, "interrupt": {index: seconds}}.
With wait=false every execute request is sent at once (like "Run All"); otherwise each waits for
the previous reply. "interrupt" sends Kernel -> Interrupt (SIGINT) that many seconds after cell
`index` was sent (wait=true only).
Prints JSON: per request, its execute_reply content and the iopub messages it caused.
"""
import json
import subprocess
import sys
import threading

from jupyter_client.manager import start_new_kernel

spec = json.load(sys.stdin)
# The kernel process must not write into our stdout, which carries the JSON result.
km, kc = start_new_kernel(kernel_name="trainlab", cwd=spec.get("cwd"), startup_timeout=60, stdout=subprocess.DEVNULL)
try:
    replies = {}
    ids = []

    def read_reply():
        msg = kc.get_shell_msg(timeout=60)
        if msg["msg_type"] == "execute_reply":  # skip late kernel_info replies from start-up
            replies[msg["parent_header"]["msg_id"]] = msg["content"]

    interrupts = {int(k): v for k, v in spec.get("interrupt", {}).items()}
    for index, code in enumerate(spec["cells"]):
        ids.append(kc.execute(code))
        if index in interrupts:
            threading.Timer(interrupts[index], km.interrupt_kernel).start()
        while spec.get("wait", True) and ids[-1] not in replies:
            read_reply()
    while len(replies) < len(ids):
        read_reply()
    iopub = {i: [] for i in ids}
    idle = set()
    while len(idle) < len(ids):
        msg = kc.get_iopub_msg(timeout=60)
        parent = msg["parent_header"].get("msg_id")
        if parent not in iopub:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                idle.add(parent)
            continue
        iopub[parent].append({"type": msg["msg_type"], "content": msg["content"]})
    print(json.dumps([{"reply": replies[i], "iopub": iopub[i]} for i in ids], default=str))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
