import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

/**
 * The review console: local users (scrypt hashes, never plain passwords), the reviewers' spot-checks and blocks,
 * export approvals, and the log of every review action (who, when, what, before/after).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE console_users (
      email          text PRIMARY KEY,
      role           text NOT NULL CHECK (role IN ('admin', 'marketing', 'viewer')),
      password_hash  text NOT NULL,
      created_at     timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE review_spot_checks (
      run_id       text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      client_code  text NOT NULL,
      verdict      text NOT NULL CHECK (verdict IN ('OK', 'FEELS_WRONG')),
      comment      text,
      reviewer     text NOT NULL,
      reviewed_at  timestamptz NOT NULL,
      PRIMARY KEY (run_id, client_code)
    );
    CREATE TABLE review_blocks (
      run_id       text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      ordinal      integer NOT NULL,
      client_code  text NOT NULL,
      article      text,
      gate_after   text,
      reviewer     text NOT NULL,
      blocked_at   timestamptz NOT NULL,
      PRIMARY KEY (run_id, ordinal)
    );
    CREATE TABLE review_approvals (
      run_id       text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      version      integer NOT NULL,
      approver     text NOT NULL,
      approved_at  timestamptz NOT NULL,
      customers    integer NOT NULL,
      PRIMARY KEY (run_id, version)
    );
    CREATE TABLE review_actions (
      action_id    serial PRIMARY KEY,
      run_id       text,
      actor        text NOT NULL,
      role         text NOT NULL,
      action       text NOT NULL,
      target       text,
      before_value jsonb,
      after_value  jsonb,
      acted_at     timestamptz NOT NULL
    );
    CREATE INDEX review_actions_run ON review_actions (run_id, action_id)
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `DROP TABLE review_actions; DROP TABLE review_approvals; DROP TABLE review_blocks; DROP TABLE review_spot_checks; DROP TABLE console_users`,
  );
}
