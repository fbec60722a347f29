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

export async function findConsoleUser(handle: DatabaseHandle, email: string): Promise<ConsoleUserRow | undefined> {
  const row = await handle.db
    .selectFrom("console_users")
    .select(["email", "role", "password_hash"])
    .where("email", "=", email)
    .executeTakeFirst();
  return row && { email: row.email, role: row.role, passwordHash: row.password_hash };
}

export async function listConsoleUsers(handle: DatabaseHandle): Promise<Array<{ email: string; role: ConsoleRole }>> {
  return handle.db.selectFrom("console_users").select(["email", "role"]).orderBy(sql`email COLLATE "C"`).execute();
}
