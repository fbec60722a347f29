import { sql } from "kysely";
import type { DatabaseHandle } from "../connect";

export interface ConfigVersionRow {
  version: number;
  configHash: string;
  fileName: string;
  author: string;
  savedAt: string;
  writtenToDisk: boolean;
}

/** Stores a saved config (every YAML text of the directory) as the next version; returns its number. */
export async function recordConfigVersion(
  handle: DatabaseHandle,
  input: { configHash: string; fileName: string; texts: Record<string, string>; author: string; savedAt: string; writtenToDisk: boolean },
): Promise<number> {
  return handle.db.transaction().execute(async (trx) => {
    // One saver at a time: the lock makes max(version) + 1 safe without a sequence.
    await sql`LOCK TABLE config_versions IN EXCLUSIVE MODE`.execute(trx);
    const { rows } = await sql<{ next: number }>`SELECT coalesce(max(version), 0) + 1 AS next FROM config_versions`.execute(trx);
    const version = Number(rows[0]?.next ?? 1);
    await trx
      .insertInto("config_versions")
      .values({
        version,
        config_hash: input.configHash,
        file_name: input.fileName,
        texts: JSON.stringify(input.texts),
        author: input.author,
        saved_at: input.savedAt,
        written_to_disk: input.writtenToDisk,
      })
      .execute();
    return version;
  });
}

/** Saved config versions, newest first (without their texts). */
export async function listConfigVersions(handle: DatabaseHandle, limit = 200): Promise<ConfigVersionRow[]> {
  const rows = await handle.db
    .selectFrom("config_versions")
    .select(["version", "config_hash", "file_name", "author", "saved_at", "written_to_disk"])
    .orderBy("version", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    version: row.version,
    configHash: row.config_hash,
    fileName: row.file_name,
    author: row.author,
    savedAt: new Date(row.saved_at).toISOString(),
    writtenToDisk: row.written_to_disk,
  }));
}

/** The texts of the newest saved version (AWS reads edits from here: its config directory is read-only). */
export async function loadLatestConfigTexts(handle: DatabaseHandle): Promise<Record<string, string> | undefined> {
  const row = await handle.db.selectFrom("config_versions").select(["texts"]).orderBy("version", "desc").limit(1).executeTakeFirst();
  if (!row) return undefined;
  return typeof row.texts === "string" ? (JSON.parse(row.texts) as Record<string, string>) : row.texts;
}
