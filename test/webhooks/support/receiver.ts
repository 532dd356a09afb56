// A webhook receiver as a partner system would write one (a node http server in the test's process): it takes a
// delivery only when its signature verifies, and can be told to fail (500) or hang (no answer) for the next requests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@app/webhooks';

export interface CloudEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: string;
  data: { issueId: string; number: string; event: string; status: string };
}

export type Behaviour = 'ok' | 'fail' | 'hang';

/** Answers 204 to a verified delivery, 401 to one that is not. */
export class Receiver {
  secret = '';
  /** What the next requests meet, in turn; once used up, `then`. */
  script: Behaviour[] = [];
  then: Behaviour = 'ok';
  /** The events taken (answered 204), in the order they came. */
  readonly taken: CloudEvent[] = [];
  readonly refused: string[] = [];
  private server?: Server;
  private readonly hanging: ServerResponse[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/lianluo`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  takenFor(issueId: string): CloudEvent[] {
    return this.taken.filter((e) => e.data.issueId === issueId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const behaviour = this.script.shift() ?? this.then;
    if (behaviour === 'hang') {
      this.hanging.push(res);
      return;
    }
    if (behaviour === 'fail') {
      res.writeHead(500).end('receiver is down');
      return;
    }
    const signature = req.headers['lianluo-signature'] as string | undefined;
    const verified = verifyWebhookSignature(this.secret, signature, body, Math.floor(Date.now() / 1000));
    if (!verified || !String(req.headers['content-type']).startsWith('application/cloudevents+json')) {
      this.refused.push(body);
      res.writeHead(401).end();
      return;
    }
    this.taken.push(JSON.parse(body) as CloudEvent);
    res.writeHead(204).end();
  }
}
