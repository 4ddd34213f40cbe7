/**
 * zeromq 6 refuses a send while the previous send on the same socket is still in progress
 * ("Socket is busy writing", EBUSY), and tslab sends without waiting: a failed cell's `error`
 * message followed at once by its `idle` status, under load or with a frontend that reads
 * slowly, threw that error out of the kernel and killed it (every variable lost). Sends on each
 * socket are queued instead, in order.
 */

interface Sendable {
  send(frames: unknown): Promise<unknown>;
}

/** The sockets tslab's ZmqServer creates in init(). */
const SOCKETS = ["iopub", "shell", "control", "stdin"] as const;

/** Makes every socket the server creates send one message at a time, in order. Call before `server.init()`. */
export function queueSocketSends(server: object): void {
  for (const name of SOCKETS) {
    let socket: Sendable | undefined;
    Object.defineProperty(server, name, {
      configurable: true,
      enumerable: true,
      get: () => socket,
      set: (value: Sendable) => {
        socket = value && typeof value.send === "function" ? queued(value) : value;
      },
    });
  }
}

/**
 * The socket with `send` chained behind the previous send (a failed send is reported, not
 * thrown); everything else is the socket's own. zeromq's sockets are sealed, so this is a proxy.
 */
export function queued<T extends Sendable>(socket: T): T {
  let last: Promise<unknown> = Promise.resolve();
  const send = (frames: unknown) => {
    last = last.then(() => socket.send(frames)).catch((e: unknown) => {
      process.stderr.write(`trainlab kernel: a message to the frontend could not be sent: ${(e as Error)?.message ?? e}\n`);
    });
    return last;
  };
  return new Proxy(socket, {
    get(target, prop) {
      if (prop === "send") return send;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
