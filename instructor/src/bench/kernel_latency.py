#!/usr/bin/python3
"""Kernel latency for `trainlab bench-kernel`, measured as a Jupyter frontend sees it.

Reads JSON from stdin: {"kernel": name, "cwd": dir, "steps": [{"name": str, "code": str,
"repeat": int, "pause": s}]}. Starts the kernel with jupyter_client (the library Notebook and
nbclient use) and times "ready" (process start until the kernel answers kernel_info), then each
step: from sending execute_request until its execute_reply arrives, `repeat` times ("{i}" in the
code is replaced by the repetition's index; `pause` seconds are waited before each). Next to each
wall time it reads the kernel process's CPU time (/proc/PID/stat, 10 ms ticks), which a busy
machine inflates far less. KERNEL_LOG=FILE keeps the kernel's own output there. Prints one JSON object:
{"ready": s, "ready_cpu": s, "steps": [{"name", "seconds": [..], "cpu": [..], "status": [..]}]}.
"""
import json
import os
import subprocess
import sys
import time
from queue import Empty

from jupyter_client.manager import KernelManager

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


spec = json.load(sys.stdin)
km = KernelManager(kernel_name=spec["kernel"])
started = time.perf_counter()
log = open(os.environ["KERNEL_LOG"], "w") if os.environ.get("KERNEL_LOG") else subprocess.DEVNULL
km.start_kernel(cwd=spec.get("cwd"), stdout=log, stderr=log)
pid = km.provisioner.process.pid
kc = km.client()
kc.start_channels()
try:
    kc.wait_for_ready(timeout=120)
    ready = time.perf_counter() - started
    ready_cpu = cpu_seconds(pid)

    def run(code):
        c0 = cpu_seconds(pid)
        t0 = time.perf_counter()
        msg_id = kc.execute(code, store_history=True)
        while True:
            msg = kc.get_shell_msg(timeout=120)
            if msg["parent_header"].get("msg_id") == msg_id:
                return time.perf_counter() - t0, cpu_seconds(pid) - c0, msg["content"]["status"]

    steps = []
    for step in spec["steps"]:
        seconds, cpu, status = [], [], []
        for i in range(step.get("repeat", 1)):
            time.sleep(step.get("pause", 0))
            try:
                s, c, st = run(step["code"].replace("{i}", str(i)))
            except Empty:
                sys.exit(f"no reply to step {step['name']} #{i} within 120 s (kernel alive: {km.is_alive()})")
            seconds.append(s)
            cpu.append(c)
            status.append(st)
        steps.append({"name": step["name"], "seconds": seconds, "cpu": cpu, "status": status})
    print(json.dumps({"ready": ready, "ready_cpu": ready_cpu, "steps": steps}))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
