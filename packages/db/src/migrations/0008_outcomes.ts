import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

/**
 * The outcomes loop (DOMAIN §7): an earlier exported run (evaluated) measured with the data of a later run
 * (measuring), per scenario ('ALL' pools them) and metric. The measuring run's features stage replaces its rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE outcomes (
      measuring_run_id  text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      evaluated_run_id  text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      scenario          text NOT NULL,
      metric            text NOT NULL CHECK (metric IN ('REACTIVATION', 'CONVERSION', 'REVENUE_PER_CUSTOMER')),
      export_date       date NOT NULL,
      window_end        date NOT NULL,
      window_days       integer NOT NULL,
      window_complete   boolean NOT NULL,
      treated_customers integer NOT NULL,
      holdout_customers integer NOT NULL,
      treated_events    integer,
      holdout_events    integer,
      treated_value     numeric(16,6),
      holdout_value     numeric(16,6),
      uplift            numeric(16,6),
      ci_low            numeric(16,6),
      ci_high           numeric(16,6),
      verdict           text NOT NULL CHECK (verdict IN ('SIGNIFICANT_GAIN', 'SIGNIFICANT_LOSS', 'INCONCLUSIVE', 'NOT_MEASURABLE')),
      needed_per_group  bigint,
      ordinal           integer NOT NULL,
      PRIMARY KEY (measuring_run_id, evaluated_run_id, scenario, metric)
    );
    CREATE INDEX outcomes_evaluated ON outcomes (evaluated_run_id)
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, "DROP TABLE outcomes");
}
