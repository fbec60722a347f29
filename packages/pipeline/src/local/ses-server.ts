import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as sesLocal from "aws-ses-v2-local";

export interface LocalSesServer {
  /** For `AWS_ENDPOINT_URL_SES`; `GET <endpoint>/store` lists what was sent, `<endpoint>/` is its web viewer. */
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;

/** The package is CommonJS with an `exports.default`: depending on the loader, the function is one level deeper. */
function startFunction(): StartSes {
  const candidate = (sesLocal as unknown as { default: unknown }).default;
  if (typeof candidate === "function") return candidate as StartSes;
  const nested = (candidate as { default?: unknown } | undefined)?.default;
  if (typeof nested === "function") return nested as StartSes;
  throw new Error("aws-ses-v2-local: no server function exported");
}

/**
 * A local SES v2 server (aws-ses-v2-local, in-process) on 127.0.0.1, so notify sends through
 * `@aws-sdk/client-sesv2` locally exactly as in AWS. Its mail store lives in memory, shared by every server
 * of the process. Port 0 picks a free port.
 */
export async function startLocalSes(options: { port?: number } = {}): Promise<LocalSesServer> {
  const server = await startFunction()({ host: "127.0.0.1", port: options.port ?? 0 });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
