import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { ApiDependencies } from "./api-dependencies";
import { handleApiRequest } from "./app";
import type { ApiRequest } from "./http";

const CONSOLE_DIR = resolve(fileURLToPath(new URL("../../console/public", import.meta.url)));
/**
 * Third-party browser files served from node_modules under `/vendor/` (no build step, no CDN): chart.js's UMD build
 * defines `window.Chart` for the console's charts.
 */
const VENDOR_FILES: Record<string, string> = {
  "/vendor/chart.umd.js": consoleDependencyFile("chart.js", "chart.umd.js"),
};

/** A file beside a dependency's main entry, resolved as `@crm-reco/console` (whose dependency it is) resolves it. */
function consoleDependencyFile(name: string, sibling: string): string {
  const main = createRequire(join(CONSOLE_DIR, "..", "package.json")).resolve(name);
  const file = join(dirname(main), sibling);
  if (!existsSync(file)) throw new Error(`console: ${file} is missing (run npm install)`);
  return file;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};
const MAX_BODY = 64 * 1024;
const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
};

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 0 ? null : Buffer.concat(chunks).toString("utf8");
}

export interface LocalConsoleServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The console and its API on 127.0.0.1: `/api/*` through `handleApiRequest`, everything else from `packages/console/public`. */
export async function startConsoleServer(deps: ApiDependencies, port = 3000): Promise<LocalConsoleServer> {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (url.pathname.startsWith("/api/")) {
        const request: ApiRequest = {
          method: req.method ?? "GET",
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v])),
          body: await readBody(req),
          sourceIp: req.socket.remoteAddress,
        };
        const response = await handleApiRequest(request, deps);
        res.writeHead(response.status, {
          ...SECURITY_HEADERS,
          ...response.headers,
          ...(response.cookies ? { "set-cookie": response.cookies } : {}),
        });
        res.end(response.body);
        return;
      }
      const vendor = VENDOR_FILES[url.pathname];
      const relative = url.pathname === "/" ? "index.html" : normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, "");
      const file = vendor ?? join(CONSOLE_DIR, relative);
      if ((!vendor && !file.startsWith(CONSOLE_DIR + sep)) || !TYPES[extname(file)]) {
        res.writeHead(404, SECURITY_HEADERS).end("not found");
        return;
      }
      const content = await readFile(file).catch(() => undefined);
      if (!content) {
        res.writeHead(404, SECURITY_HEADERS).end("not found");
        return;
      }
      res.writeHead(200, { ...SECURITY_HEADERS, "content-type": TYPES[extname(file)]!, "cache-control": "no-cache" }).end(content);
    } catch {
      res.writeHead(400, SECURITY_HEADERS).end("bad request");
    }
  });
  await new Promise<void>((ok, fail) => server.once("error", fail).listen(port, "127.0.0.1", ok));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    server,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
