// A TCP server that accepts connections and never says a word: an SMTP server (or any dependency) that hangs. Told
// to `passTo` a port, it forwards the connections it accepts from then on there: the dependency came back.
import { connect, createServer, type Server, type Socket } from 'node:net';

export class SilentServer {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private accepted = 0;
  private target?: number;

  get connections(): number {
    return this.accepted;
  }

  /** Listens on `port` (0: any free one) and returns it. */
  async start(port = 0): Promise<number> {
    const server = createServer((socket) => {
      this.accepted++;
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.once('close', () => this.sockets.delete(socket));
      if (this.target === undefined) return;
      const upstream = connect(this.target, '127.0.0.1');
      upstream.on('error', () => socket.destroy());
      socket.once('close', () => upstream.destroy());
      socket.pipe(upstream).pipe(socket);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  /** Connections accepted from now on are forwarded to `port` on 127.0.0.1; those held stay held. */
  passTo(port: number): void {
    this.target = port;
  }

  /** Drops every held connection (the clients' checks fail at once) and stops listening. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
