"""Executes one notebook with the Trainlab kernel through nbclient (a real Jupyter client).

Used by `trainlab run`. Writes the executed copy; exits 1 naming the failing cell and its real
error, 2 on a notebook that cannot be read, 3 when the kernel dies or a cell times out.
"""
import argparse
import json
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("--out", required=True)
    ap.add_argument("--cwd", required=True)
    ap.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    ap.add_argument("--allow-errors", action="store_true")
    ap.add_argument("--kernel", default="trainlab")
    args = ap.parse_args()

    try:
        nb = nbformat.read(args.notebook, as_version=4)
    except Exception as e:  # nbformat raises several types for malformed JSON or schema
        print(f"{args.notebook} is not a readable notebook: {type(e).__name__}: {e}\n"
              "Open it in Jupyter to repair it, or rebuild it with `npm run build` if it is a course notebook.",
              file=sys.stderr)
        return 2

    client = NotebookClient(nb, timeout=args.timeout, kernel_name=args.kernel,
                            allow_errors=args.allow_errors, resources={"metadata": {"path": args.cwd}})
    code = 0
    try:
        client.execute()
    except CellTimeoutError as e:
        print(f"A cell ran longer than {args.timeout} s and was stopped: {first_line(str(e))}", file=sys.stderr)
        code = 3
    except DeadKernelError as e:
        print(f"The kernel died while running the notebook: {e}", file=sys.stderr)
        code = 3
    except CellExecutionError:
        code = 1
    finally:
        nbformat.write(nb, args.out)

    errors = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"
              and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    for i, cell in errors:
        err = next(o for o in cell.outputs if o.get("output_type") == "error")
        print(f"Cell {i + 1} (In [{cell.get('execution_count')}]) failed: {err.get('ename')}: {err.get('evalue')}",
              file=sys.stderr)
    summary = {"cells": len(nb.cells), "errors": [i + 1 for i, _ in errors], "out": args.out}
    print(json.dumps(summary))
    return code


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


if __name__ == "__main__":
    sys.exit(main())
