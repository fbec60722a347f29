import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

/** Per-run results of features → scenarios → recommend → audit → export, kept so runs can be compared. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE customer_profiles (
      run_id              text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      client_code         text NOT NULL,
      orders              integer NOT NULL,
      first_order_date    date,
      last_order_date     date,
      recency_days        integer,
      monetary_ht         numeric(14,2) NOT NULL,
      bottles             numeric(14,3) NOT NULL,
      r_score             smallint NOT NULL,
      f_score             smallint NOT NULL,
      m_score             smallint NOT NULL,
      segment             text NOT NULL,
      propensity_status   text NOT NULL CHECK (propensity_status IN ('FITTED', 'NOT_FITTED')),
      p_alive             numeric(8,6),
      expected_orders_90d numeric(10,6),
      dominant_family     text,
      dominant_share      numeric(8,6),
      diversity           numeric(8,6),
      family_shares       jsonb NOT NULL DEFAULT '{}'::jsonb,
      sweetness_shares    jsonb NOT NULL DEFAULT '{}'::jsonb,
      grape_shares        jsonb NOT NULL DEFAULT '{}'::jsonb,
      appellation_shares  jsonb NOT NULL DEFAULT '{}'::jsonb,
      price_band_ht       numeric(12,2),
      usual_tier          smallint,
      stability           numeric(8,6),
      aroma               jsonb,
      aroma_top3          text,
      aroma_confidence    numeric(8,6),
      aroma_level         text,
      ledger_outstanding  numeric(12,2) NOT NULL DEFAULT 0,
      ledger_overdue      numeric(12,2) NOT NULL DEFAULT 0,
      PRIMARY KEY (run_id, client_code)
    );
    CREATE TABLE customer_scenarios (
      run_id      text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      client_code text NOT NULL,
      scenario    text NOT NULL CHECK (scenario IN ('HOLD', 'WINBACK', 'REBUY', 'UPSELL', 'CROSS_SELL', 'NURTURE')),
      reason      text NOT NULL,
      shard       integer,
      PRIMARY KEY (run_id, client_code)
    );
    CREATE INDEX customer_scenarios_shard ON customer_scenarios (run_id, shard);
    CREATE TABLE recommendations (
      run_id         text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      client_code    text NOT NULL,
      rank           smallint NOT NULL,
      article        text NOT NULL,
      score          numeric(12,6) NOT NULL,
      selected       boolean NOT NULL,
      is_backfill    boolean NOT NULL DEFAULT false,
      reason_codes   text NOT NULL,
      explanation_fr text NOT NULL,
      explanation_en text NOT NULL,
      PRIMARY KEY (run_id, client_code, rank)
    );
    CREATE TABLE audit_results (
      run_id       text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      client_code  text NOT NULL,
      scenario     text NOT NULL,
      audit_score  smallint NOT NULL,
      errors       smallint NOT NULL,
      warnings     smallint NOT NULL,
      flags        text NOT NULL,
      gate         text NOT NULL CHECK (gate IN ('EXPORTED', 'EXCLUDED', 'HOLD', 'HOLDOUT', 'BLOCKED')),
      gate_reasons text NOT NULL,
      is_holdout   boolean NOT NULL DEFAULT false,
      PRIMARY KEY (run_id, client_code)
    );
    CREATE TABLE audit_flags (
      run_id      text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      client_code text NOT NULL,
      rank        smallint NOT NULL DEFAULT 0,
      code        text NOT NULL,
      severity    text NOT NULL CHECK (severity IN ('ERROR', 'WARN', 'INFO')),
      detail      text,
      PRIMARY KEY (run_id, client_code, rank, code)
    );
    CREATE TABLE export_files (
      run_id    text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      version   integer NOT NULL DEFAULT 1,
      file_name text NOT NULL,
      s3_key    text NOT NULL,
      sha256    text NOT NULL,
      bytes     integer NOT NULL,
      PRIMARY KEY (run_id, version, file_name)
    )
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    DROP TABLE export_files; DROP TABLE audit_flags; DROP TABLE audit_results; DROP TABLE recommendations;
    DROP TABLE customer_scenarios; DROP TABLE customer_profiles
  `,
  );
}
