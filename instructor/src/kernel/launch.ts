/**
 * The Trainlab Jupyter kernel: tslab, with its known quirks fixed.
 *
 * - A failed cell no longer drops the requests that arrive in the next 200 ms (tslab's
 *   `TaskQueue.reset(200)`): only requests already queued when a cell fails are aborted
 *   (IPython's stop_on_error), later ones run.
 * - A failed cell sends a proper `error` message and an execute_reply with ename, evalue and
 *   traceback, so Jupyter frontends, nbclient and nbconvert show the real message.
 * - Each execution publishes `execute_input` with its execution count.
 * - `process.exit()` in a cell throws a clear error instead of killing the kernel.
 * - A cell's last expression shows itself through the display protocol (`toMimeBundle()`,
 *   tensors, tables, models, histories) as an `execute_result`; plain values print as before.
 * - Kernel → Interrupt lets `lab.train.fit` stop at the next batch and return (the cell keeps
 *   its model); a second Interrupt, or any other running code, fails the cell as before.
 * - Messages to the frontend are sent one at a time per socket: zeromq's "Socket is busy
 *   writing" no longer kills the kernel under load.
 * - Figures know which page (client session) asked, so a reloaded page gets plotly.js again.
 */
import * as path from "path";
import vm = require("vm");
import { cellFileName, formatCellError, CellError, CellSource } from "./errors";
import { FRONTEND_KEY } from "@trainlab/kernel-ext/dist/display/jupyter";
import { mimeBundleOf } from "@trainlab/kernel-ext/dist/display/protocol";
import { tslabConverter } from "./tslab";
import { interruptHandler } from "@trainlab/kernel-ext/dist/kernel/interrupt";
import { queueSocketSends } from "./sockets";

type WriteStream = (name: string, text: string) => void;
type WriteDisplayData = (data: unknown, update: boolean) => void;
type Send = (msgType: string, content: unknown) => void;

interface ExecuteRequest {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  stop_on_error?: boolean;
}

/** Starts the kernel on the connection file given as `--config-path FILE` (or the last argument). */
export function main(argv: string[] = process.argv.slice(2)): void {
  const i = argv.indexOf("--config-path");
  const configPath = i >= 0 ? argv[i + 1] : argv[argv.length - 1];
  if (!configPath) {
    console.error("trainlab kernel: no connection file; Jupyter starts this with --config-path {connection_file}");
    process.exit(2);
  }
  // Cells resolve imports (e.g. @trainlab/kernel-ext) from the notebook's folder.
  const tslabDir = path.dirname(require.resolve("tslab/package.json"));
  const { createConverter } = tslabConverter();
  const { createExecutor } = require(path.join(tslabDir, "dist/executor"));
  const jupyter = require(path.join(tslabDir, "dist/jupyter"));

  let lastErrors: unknown[] = [];
  // The request being executed: where a cell's last expression goes.
  let current: { count: number; send?: Send } = { count: 0 };
  const executorConsole = {
    // tslab's executor logs exactly one thing: the cell's last expression.
    log: (...args: unknown[]) => {
      const bundle = args.length === 1 ? displayableBundle(args[0]) : null;
      if (bundle && current.send) current.send("execute_result", { execution_count: current.count, data: bundle, metadata: {} });
      else console.log(...args);
    },
    error: (...args: unknown[]) => {
      lastErrors.push(args);
    },
  };
  let nodeConverter: any;
  const converters = {
    get node() {
      return (nodeConverter ??= createConverter({ isJS: false, isBrowser: false }));
    },
    get browser() {
      throw new Error("browser cells (//%browser) are not supported by the Trainlab kernel");
    },
    close() {
      nodeConverter?.close();
    },
  };
  converters.node; // warm the TypeScript converter before the first cell
  const executor = createExecutor(process.cwd(), converters, executorConsole);

  class TrainlabHandler extends jupyter.JupyterHandlerImpl {
    private received = 0;
    private abortUpTo = 0;
    private queue: Promise<unknown> = Promise.resolve();
    private warmed = false;
    private finished = 0;

    constructor(executor: unknown) {
      super(executor, false);
    }

    handleKernel() {
      // The first kernel_info is a frontend seeing the kernel ready. Warm up a second later, once
      // the frontend's start-up chatter is answered, when no cell is running or queued.
      if (!this.warmed) {
        this.warmed = true;
        const warm = (): void => {
          if (this.finished === this.received) warmDeclarations(converters.node);
          else setTimeout(warm, 250);
        };
        setTimeout(warm, 1000);
      }
      const info = super.handleKernel();
      info.implementation = "trainlab";
      info.banner = "Trainlab — TypeScript (tslab) with @trainlab/kernel-ext";
      return info;
    }

    handleExecute(req: ExecuteRequest, writeStream: WriteStream, writeDisplayData: WriteDisplayData, send?: Send, frontend?: string) {
      const ticket = ++this.received;
      const run = async () => {
        if (ticket <= this.abortUpTo && req.stop_on_error !== false) {
          return { status: "aborted", execution_count: null };
        }
        const silent = !!req.silent;
        const count = silent ? this.execCount : ++this.execCount;
        process.stdout.write = this.createWriteToIopub("stdout", writeStream);
        process.stderr.write = this.createWriteToIopub("stderr", writeStream);
        jupyter.lastWriteDisplayData = writeDisplayData;
        (globalThis as Record<symbol, unknown>)[FRONTEND_KEY] = frontend;
        current = { count, send: silent ? undefined : send };
        if (!silent) send?.("execute_input", { code: req.code, execution_count: count });
        lastErrors = [];
        let ok: boolean;
        let cell: CellSource = { count, source: req.code, compiled: "" };
        try {
          // Compile the cell under its own name ("In[5]"), so stack frames point at the learner's cell.
          const compile = vm.runInThisContext;
          (vm as { runInThisContext: typeof compile }).runInThisContext = (code: string, options?: vm.RunningScriptOptions | string) => {
            (vm as { runInThisContext: typeof compile }).runInThisContext = compile; // only tslab's own call, not the cell's
            cell = { count, source: req.code, compiled: code };
            return compile(code, { ...(typeof options === "object" ? options : {}), filename: cellFileName(count) });
          };
          let running: Promise<boolean>;
          try {
            running = executor.execute(req.code); // compiles and starts the cell synchronously
          } finally {
            (vm as { runInThisContext: typeof compile }).runInThisContext = compile;
          }
          ok = await running;
        } catch (e) {
          lastErrors.push([e]);
          ok = false;
        }
        if (ok) {
          // tslab reports errors of async work that outlives a cell through console.error too.
          for (const args of lastErrors) console.error(...(args as unknown[]));
          return { status: "ok", execution_count: count, user_expressions: {}, payload: [] };
        }
        const error: CellError = formatCellError(lastErrors, cell);
        // Requests already received when a cell fails are aborted, as in IPython.
        this.abortUpTo = this.received;
        send?.("error", error);
        return { status: "error", execution_count: count, ...error };
      };
      const result = this.queue.then(run, run).finally(() => this.finished++);
      this.queue = result.catch(() => undefined);
      return result;
    }
  }

  jupyter.ZmqServer.prototype.handleExecute = async function (this: any, sock: unknown, msg: any) {
    const key = this.connInfo.key;
    const send: Send = (msgType, content) => {
      const out = msg.createReply();
      out.header.msg_type = msgType;
      out.content = content;
      out.signAndSend(key, this.iopub);
    };
    const writeStream: WriteStream = (name, text) => send("stream", { name, text });
    const writeDisplayData: WriteDisplayData = (data, update) =>
      send(update ? "update_display_data" : "display_data", data);
    const reply = msg.createReply();
    reply.header.msg_type = "execute_reply";
    reply.content = await this.handler.handleExecute(msg.content, writeStream, writeDisplayData, send, msg.header?.session);
    reply.signAndSend(key, sock);
  };

  const handler = new TrainlabHandler(executor);
  const server = new jupyter.ZmqServer(handler, configPath);
  queueSocketSends(server);
  const exit = process.exit.bind(process) as (code?: number) => never;
  guardProcessExit();
  // Kernel → Interrupt: code that can stop cleanly (lab.train.fit) gets the first say.
  process.on("SIGINT", interruptHandler(() => executor.interrupt()));
  process.on("uncaughtException", (err) => console.error("Uncaught exception (from code that outlived its cell):", err));
  process.on("unhandledRejection", (reason) => console.error("Unhandled promise rejection (from code that outlived its cell):", reason));
  server.init().then(
    () => undefined,
    (e: unknown) => {
      console.error("trainlab kernel: could not open the Jupyter sockets:", e);
      exit(1);
    },
  );
}

/**
 * Once the kernel answers, type-checks an import of kernel-ext without running it, so
 * TypeScript parses kernel-ext's and TensorFlow.js' declarations (hundreds of files) while the
 * learner reads the first cells, not when they run the import. Nothing is executed or kept: the
 * converter is pure and caches only the parsed files. A request that arrives meanwhile waits.
 */
function warmDeclarations(converter: { convert(prevDecl: string, src: string): unknown }): void {
  try {
    converter.convert("", 'import * as lab from "@trainlab/kernel-ext";\nlab;');
  } catch {
    // A notebook that cannot resolve kernel-ext gets its error when it imports it.
  }
}

/** The display-protocol bundle of a cell's last expression; null (print as text) for plain values or when showing fails. */
function displayableBundle(value: unknown): Record<string, unknown> | null {
  try {
    return mimeBundleOf(value);
  } catch (e) {
    console.error(`Trainlab: could not show this value richly (${(e as Error)?.message ?? e}); printing it instead.`);
    return null;
  }
}

/** A cell calling process.exit() would kill the kernel and lose every variable: refuse it clearly. */
function guardProcessExit(): void {
  const exit = process.exit.bind(process) as (code?: number) => never;
  process.exit = ((code?: number) => {
    if (process.env.TRAINLAB_ALLOW_EXIT === "1") return exit(code);
    throw new Error(
      `process.exit(${code ?? ""}) was called in a cell. It would stop the kernel and lose every variable, ` +
        "so the Trainlab kernel refuses it. To stop a computation, throw an error or return; " +
        "to restart the kernel use Kernel → Restart.",
    );
  }) as typeof process.exit;
}

if (require.main === module) main();
