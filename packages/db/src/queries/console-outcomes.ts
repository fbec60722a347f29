import { sql } from "kysely";
import type { DatabaseHandle } from "../connect";

/** The newest run (by as-of date, then start) that measured earlier runs' outcomes; undefined when none did yet. */
export async function latestMeasuringRunId(handle: DatabaseHandle): Promise<string | undefined> {
  const { rows } = await sql<{ run_id: string }>`
    SELECT r.run_id FROM runs r
    WHERE EXISTS (SELECT 1 FROM outcomes o WHERE o.measuring_run_id = r.run_id)
    ORDER BY r.as_of DESC NULLS LAST, r.started_at DESC, r.run_id COLLATE "C" DESC
    LIMIT 1`.execute(handle.db);
  return rows[0]?.run_id;
}
