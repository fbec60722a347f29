import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The cookie-signing key: `CRM_RECO_SESSION_SECRET`, else generated once into `<home>/session.key` (mode 600, never in git). */
export function loadSessionKey(home: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.CRM_RECO_SESSION_SECRET) return Buffer.from(env.CRM_RECO_SESSION_SECRET, "utf8");
  const file = join(home, "session.key");
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, "utf8").trim(), "utf8");
}
