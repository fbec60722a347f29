import { sql } from "kysely";
import type { DatabaseHandle } from "../connect";
import type { ConsoleRole } from "../schema";

export interface ConsoleUserRow {
  email: string;
  role: ConsoleRole;
  passwordHash: string;
}

/** Creates a local console user, or replaces the role and password of an existing one. */
export async function upsertConsoleUser(handle: DatabaseHandle, user: ConsoleUserRow): Promise<void> {
  await handle.db
    .insertInto("console_users")
    .values({ email: user.email, role: user.role, password_hash: user.passwordHash })
    .onConflict((oc) => oc.column("email").doUpdateSet({ role: user.role, password_hash: user.passwordHash }))
    .execute();
}

export async function findConsoleUser(
  handle: DatabaseHandle,
  email: string,
): Promise<(ConsoleUserRow & { disabledAt: string | null }) | undefined> {
  const row = await handle.db
    .selectFrom("console_users")
    .select(["email", "role", "password_hash", "disabled_at"])
    .where("email", "=", email)
    .executeTakeFirst();
  return row && { email: row.email, role: row.role, passwordHash: row.password_hash, disabledAt: isoOrNull(row.disabled_at) };
}

export async function listConsoleUsers(
  handle: DatabaseHandle,
): Promise<Array<{ email: string; role: ConsoleRole; disabledAt: string | null }>> {
  const rows = await handle.db
    .selectFrom("console_users")
    .select(["email", "role", "disabled_at"])
    .orderBy(sql`email COLLATE "C"`)
    .execute();
  return rows.map((row) => ({ email: row.email, role: row.role, disabledAt: isoOrNull(row.disabled_at) }));
}

/** Disables a user (login refused, sessions rejected); false when there is no such user. Disabling twice keeps the first date. */
export async function disableConsoleUser(handle: DatabaseHandle, email: string, at: string): Promise<boolean> {
  const result = await handle.db
    .updateTable("console_users")
    .set({ disabled_at: sql<Date>`coalesce(disabled_at, ${at}::timestamptz)` })
    .where("email", "=", email)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
