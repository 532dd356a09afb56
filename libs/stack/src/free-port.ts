import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return listenOn(0).then((port) => {
    if (port === undefined) throw new Error('no free TCP port on 127.0.0.1');
    return port;
  });
}

/**
 * A free port in [min, max], for programs that cannot take one from the ephemeral range (32768 and up on Linux): the
 * Temporal server stores its membership ports in a SMALLINT column. Tries random ports, so parallel callers rarely meet.
 */
export async function freePortBelow(max: number, min = 20_000): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = await listenOn(min + Math.floor(Math.random() * (max - min + 1)));
    if (port !== undefined) return port;
  }
  throw new Error(`no free TCP port on 127.0.0.1 between ${min} and ${max}`);
}

/** Listens on `port` and closes again: the port it got, or undefined when that port is taken. */
function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(undefined) : reject(error),
    );
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const got = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(got));
    });
  });
}
