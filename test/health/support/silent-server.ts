// A TCP server that accepts connections and never says a word: an SMTP server (or any dependency) that hangs.
import { createServer, type Server, type Socket } from 'node:net';

export class SilentServer {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private accepted = 0;

  get connections(): number {
    return this.accepted;
  }

  async start(): Promise<number> {
    const server = createServer((socket) => {
      this.accepted++;
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  /** Drops every held connection (the clients' checks fail at once) and stops listening. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
