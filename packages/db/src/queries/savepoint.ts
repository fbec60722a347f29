import { type Kysely, sql } from "kysely";
import type { Database } from "../schema";

/**
 * Runs `attempt` inside a savepoint; when it fails with an error `expected` accepts, undoes it (back to the
 * savepoint, the transaction still usable) and runs `otherwise` instead.
 */
export async function attemptOr<T>(
  db: Kysely<Database>,
  name: string,
  attempt: () => Promise<T>,
  expected: (error: unknown) => boolean,
  otherwise: () => Promise<T>,
): Promise<T> {
  const savepoint = sql.id(name);
  await sql`SAVEPOINT ${savepoint}`.execute(db);
  try {
    const result = await attempt();
    await sql`RELEASE SAVEPOINT ${savepoint}`.execute(db);
    return result;
  } catch (error) {
    if (!expected(error)) throw error;
    await sql`ROLLBACK TO SAVEPOINT ${savepoint}`.execute(db);
    return otherwise();
  }
}

/** unique_violation (a plain INSERT) or cardinality_violation (ON CONFLICT DO UPDATE meeting a key twice). */
const REPEATED_KEY = new Set(["23505", "21000"]);

export function isRepeatedKeyError(error: unknown): boolean {
  return REPEATED_KEY.has(sqlState(error) ?? "");
}

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
