import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { defaultConfigDir, type LocalRunRequest, type LocalRunResult, migratedDatabase, runDropLocally } from "@crm-reco/cli";
import type { DatabaseHandle } from "@crm-reco/db";
import { type LocalStack, startLocalStack } from "@crm-reco/pipeline";
import { sql } from "kysely";
import { scratchDir } from "./local-stack";

/** One local stack kept open across several runs (the two-run helper of the privacy tests). */
export interface MultiRunStack {
  stack: LocalStack;
  handle: DatabaseHandle;
  run(request: LocalRunRequest): Promise<LocalRunResult>;
  close(): Promise<void>;
}

export async function startMultiRunStack(name: string): Promise<MultiRunStack> {
  const home = scratchDir(name);
  const configDir = defaultConfigDir();
  const stack = await startLocalStack({ home, configDir });
  const handle = await migratedDatabase();
  return {
    stack,
    handle,
    run: (request) => runDropLocally(stack, configDir, { retryIntervalMs: 10, ...request }),
    close: () => stack.close(),
  };
}

/** Every row of every table of the current schema, as text: what a `pg_dump --data-only` would hold. */
export async function dumpDatabase(handle: DatabaseHandle): Promise<string> {
  const { rows: tables } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(handle.db);
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const { rows } = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(table_name)} t`.execute(handle.db);
    parts.push(`-- ${table_name}`, ...rows.map((row) => row.row));
  }
  return parts.join("\n");
}

/** The exports bucket's objects, `key\ncontent` each. */
export async function dumpExportsBucket(stack: LocalStack): Promise<string> {
  const parts: string[] = [];
  let token: string | undefined;
  do {
    const page = await stack.s3Client.send(new ListObjectsV2Command({ Bucket: stack.buckets.exports, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      const body = await stack.s3Client.send(new GetObjectCommand({ Bucket: stack.buckets.exports, Key: object.Key }));
      parts.push(`== ${object.Key}`, await body.Body!.transformToString("utf8"));
    }
    token = page.NextContinuationToken;
  } while (token);
  return parts.join("\n");
}

/** Every file under a folder, `path\ncontent` each. */
export function dumpFolder(dir: string): string {
  const parts: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else parts.push(`== ${path}`, readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return parts.join("\n");
}
