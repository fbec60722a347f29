import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
// @ts-expect-error s3rver ships no types
import S3rver from "s3rver";

export interface LocalS3Server {
  endpoint: string;
  port: number;
  /** s3rver's own emitter: `on("event", …)` receives S3 event records (object created/removed). */
  events: { on(event: "event", listener: (event: { Records: unknown[] }) => void): void };
  close(): Promise<void>;
}

/**
 * A local S3-compatible server (s3rver) on 127.0.0.1, used only through the AWS SDK, so any S3 client —
 * including `aws --endpoint-url … s3 cp` — can upload to the inbox. Port 0 picks a free port.
 */
export async function startLocalS3(options: { directory: string; port?: number; buckets: string[] }): Promise<LocalS3Server> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    address: "127.0.0.1",
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    events: server,
    close: () => server.close(),
  };
}
