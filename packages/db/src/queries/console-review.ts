import { sql } from "kysely";
import type { DatabaseHandle } from "../connect";

/** Writes of the review console. Each one is a single transaction; the caller records the review action. */

export interface ReviewActionInput {
  runId: string | null;
  actor: string;
  role: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  actedAt: string;
}

export async function recordReviewAction(handle: DatabaseHandle, input: ReviewActionInput): Promise<void> {
  await handle.db
    .insertInto("review_actions")
    .values({
      run_id: input.runId,
      actor: input.actor,
      role: input.role,
      action: input.action,
      target: input.target,
      before_value: input.before === undefined ? null : JSON.stringify(input.before),
      after_value: input.after === undefined ? null : JSON.stringify(input.after),
      acted_at: input.actedAt,
    })
    .execute();
}

/** Records (or replaces) a reviewer's verdict on one customer; returns the previous verdict. */
export async function upsertSpotCheck(
  handle: DatabaseHandle,
  input: { runId: string; clientCode: string; verdict: "OK" | "FEELS_WRONG"; comment: string | null; reviewer: string; at: string },
): Promise<{ verdict: string; comment: string | null } | null> {
  return handle.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("review_spot_checks")
      .select(["verdict", "comment"])
      .where("run_id", "=", input.runId)
      .where("client_code", "=", input.clientCode)
      .executeTakeFirst();
    await trx
      .insertInto("review_spot_checks")
      .values({
        run_id: input.runId,
        client_code: input.clientCode,
        verdict: input.verdict,
        comment: input.comment,
        reviewer: input.reviewer,
        reviewed_at: input.at,
      })
      .onConflict((oc) =>
        oc
          .columns(["run_id", "client_code"])
          .doUpdateSet({ verdict: input.verdict, comment: input.comment, reviewer: input.reviewer, reviewed_at: input.at }),
      )
      .execute();
    return before ?? null;
  });
}

export async function loadGate(handle: DatabaseHandle, runId: string, clientCode: string): Promise<string | undefined> {
  const row = await handle.db
    .selectFrom("audit_results")
    .select("gate")
    .where("run_id", "=", runId)
    .where("client_code", "=", clientCode)
    .executeTakeFirst();
  return row?.gate;
}

export async function selectedArticles(handle: DatabaseHandle, runId: string, clientCode: string): Promise<string[]> {
  const { rows } = await sql<{ article: string }>`
    SELECT article FROM recommendations WHERE run_id = ${runId} AND client_code = ${clientCode} AND selected
    ORDER BY rank`.execute(handle.db);
  return rows.map((row) => row.article);
}

interface BlockInput {
  runId: string;
  clientCode: string;
  reviewer: string;
  at: string;
}

/** A reviewer removes a whole customer: recorded, and the gate becomes BLOCKED (re-applied after every re-audit). */
export async function recordCustomerBlock(handle: DatabaseHandle, input: BlockInput): Promise<void> {
  await handle.db.transaction().execute(async (trx) => {
    await sql`
      INSERT INTO review_blocks (run_id, ordinal, client_code, article, gate_after, reviewer, blocked_at)
      SELECT ${input.runId}, coalesce(max(ordinal), 0) + 1, ${input.clientCode}, NULL, 'BLOCKED', ${input.reviewer}, ${input.at}
      FROM review_blocks WHERE run_id = ${input.runId}`.execute(trx);
  });
  await reapplyReviewBlocks(handle, input.runId);
}

/**
 * A reviewer removes one selected wine: it is deselected and the customer's next ranked candidate (an unselected
 * row never blocked for them) takes its place. With no candidate left the customer is EXCLUDED.
 * Returns the article that refilled the slot, or null.
 */
export async function recordRecommendationBlock(handle: DatabaseHandle, input: BlockInput & { article: string }): Promise<string | null> {
  return handle.db.transaction().execute(async (trx) => {
    const { rows: refill } = await sql<{ rank: number; article: string }>`
      SELECT r.rank, r.article FROM recommendations r
      WHERE r.run_id = ${input.runId} AND r.client_code = ${input.clientCode} AND NOT r.selected AND r.article <> ${input.article}
        AND NOT EXISTS (SELECT 1 FROM review_blocks b WHERE b.run_id = r.run_id AND b.client_code = r.client_code AND b.article = r.article)
      ORDER BY r.rank LIMIT 1`.execute(trx);
    const next = refill[0];
    await sql`UPDATE recommendations SET selected = false
      WHERE run_id = ${input.runId} AND client_code = ${input.clientCode} AND article = ${input.article}`.execute(trx);
    if (next)
      await sql`UPDATE recommendations SET selected = true
        WHERE run_id = ${input.runId} AND client_code = ${input.clientCode} AND rank = ${next.rank}`.execute(trx);
    await sql`
      INSERT INTO review_blocks (run_id, ordinal, client_code, article, gate_after, reviewer, blocked_at)
      SELECT ${input.runId}, coalesce(max(ordinal), 0) + 1, ${input.clientCode}, ${input.article},
             ${next ? null : "EXCLUDED"}, ${input.reviewer}, ${input.at}
      FROM review_blocks WHERE run_id = ${input.runId}`.execute(trx);
    return next?.article ?? null;
  });
}

/** Re-imposes the reviewers' gates (BLOCKED wins over EXCLUDED); the holdout never changes. */
export async function reapplyReviewBlocks(handle: DatabaseHandle, runId: string): Promise<void> {
  await sql`
    UPDATE audit_results a
    SET gate = g.gate, gate_reasons = 'REVIEWER_' || g.gate
    FROM (
      SELECT client_code, CASE WHEN bool_or(gate_after = 'BLOCKED') THEN 'BLOCKED' ELSE 'EXCLUDED' END AS gate
      FROM review_blocks WHERE run_id = ${runId} AND gate_after IS NOT NULL GROUP BY client_code
    ) g
    WHERE a.run_id = ${runId} AND a.client_code = g.client_code AND a.gate <> 'HOLDOUT'`.execute(handle.db);
}

/**
 * Marks an export version final and records a contact (source APPROVAL) for each exported customer, so the silence
 * window applies to our own campaigns. Returns the number of customers, or null when that version was already approved.
 */
export async function recordApproval(
  handle: DatabaseHandle,
  input: { runId: string; version: number; approver: string; at: string },
): Promise<number | null> {
  return handle.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("review_approvals")
      .select("version")
      .where("run_id", "=", input.runId)
      .where("version", "=", input.version)
      .executeTakeFirst();
    if (existing) return null;
    const campaign = `${input.runId} v${input.version}`;
    const { rows } = await sql<{ n: number }>`
      WITH inserted AS (
        INSERT INTO contacts (contact_key, client_code, email_norm, date_contact, canal, statut, campagne, source, updated_run)
        SELECT 'APPROVAL:' || a.run_id || ':' || a.client_code, a.client_code, c.email_norm, ${input.at.slice(0, 10)}::date,
               'EMAIL', 'ENVOYE', ${campaign}, 'APPROVAL', a.run_id
        FROM audit_results a LEFT JOIN customers c ON c.client_code = a.client_code
        WHERE a.run_id = ${input.runId} AND a.gate = 'EXPORTED'
        ON CONFLICT (contact_key) DO UPDATE SET date_contact = excluded.date_contact, campagne = excluded.campagne
        RETURNING 1
      )
      SELECT count(*) AS n FROM inserted`.execute(trx);
    const customers = Number(rows[0]?.n ?? 0);
    await trx
      .insertInto("review_approvals")
      .values({ run_id: input.runId, version: input.version, approver: input.approver, approved_at: input.at, customers })
      .execute();
    return customers;
  });
}
