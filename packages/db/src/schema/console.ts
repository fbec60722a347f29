import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "./runs";

export type ConsoleRole = "admin" | "marketing" | "viewer";

export interface ConsoleUsersTable {
  email: string;
  role: ConsoleRole;
  /** `scrypt$N$r$p$salt$hash` (base64url parts). */
  password_hash: string;
  created_at: Generated<Timestamp>;
  /** Set when an admin disables the user (migration 0013): login refused, sessions rejected. */
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ReviewSpotChecksTable {
  run_id: string;
  client_code: string;
  verdict: "OK" | "FEELS_WRONG";
  comment: string | null;
  reviewer: string;
  reviewed_at: Timestamp;
}

export interface ReviewBlocksTable {
  run_id: string;
  ordinal: number;
  client_code: string;
  /** null: the whole customer is blocked. */
  article: string | null;
  /** The gate the block imposes after every re-audit (BLOCKED, or EXCLUDED when nothing could refill), null if none. */
  gate_after: "BLOCKED" | "EXCLUDED" | null;
  reviewer: string;
  blocked_at: Timestamp;
}

export interface ReviewApprovalsTable {
  run_id: string;
  version: number;
  approver: string;
  approved_at: Timestamp;
  customers: number;
}

export interface ReviewActionsTable {
  action_id: Generated<number>;
  run_id: string | null;
  actor: string;
  role: string;
  action: string;
  target: string | null;
  before_value: ColumnType<unknown, string | null, string | null>;
  after_value: ColumnType<unknown, string | null, string | null>;
  acted_at: Timestamp;
}

export interface ConsoleTables {
  console_users: ConsoleUsersTable;
  review_spot_checks: ReviewSpotChecksTable;
  review_blocks: ReviewBlocksTable;
  review_approvals: ReviewApprovalsTable;
  review_actions: ReviewActionsTable;
}
