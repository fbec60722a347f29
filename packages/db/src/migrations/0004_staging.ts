import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

/**
 * Ingest staging: each file's accepted rows land here (COPY on PostgreSQL) before one set-based merge per run
 * into the canonical tables. Columns are the validated staged rows of core's `staged-rows.ts`, plus the run,
 * the file's position in the drop and the record's first physical line. Numbers are unconstrained `numeric`
 * (validated ranges already) so a COPY never fails half-way; the merge removes a run's rows once it commits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE staging_sales_lines (
      run_id          text NOT NULL,
      file_ordinal    integer NOT NULL,
      line            integer NOT NULL,
      client_code     text NOT NULL,
      date_livraison  date NOT NULL,
      document_type   text,
      document_no     text NOT NULL,
      order_detail_no text,
      article         text NOT NULL,
      produit_label   text,
      cuvee           text,
      qty_line        numeric NOT NULL,
      pu_ht           numeric,
      mt_ht           numeric NOT NULL,
      mt_ttc          numeric,
      marge           numeric,
      is_credit       boolean NOT NULL,
      article_factor  numeric NOT NULL,
      PRIMARY KEY (run_id, file_ordinal, line)
    );
    CREATE TABLE staging_customers (
      run_id         text NOT NULL,
      file_ordinal   integer NOT NULL,
      line           integer NOT NULL,
      client_code    text NOT NULL,
      nom            text,
      prenom         text,
      email          text,
      email_norm     text,
      telephone      text,
      adresse        text,
      code_postal    text,
      ville          text,
      pays           text,
      date_naissance date,
      consent        text,
      optin_date     date,
      date_creation  date,
      PRIMARY KEY (run_id, file_ordinal, line)
    );
    CREATE TABLE staging_products (
      run_id         text NOT NULL,
      file_ordinal   integer NOT NULL,
      line           integer NOT NULL,
      article        text NOT NULL,
      produit        text,
      cuvee          text,
      millesime      integer,
      famille        text,
      couleur        text,
      sucrosite      text,
      cepages        text,
      appellation    text,
      contenance_cl  numeric,
      prix_ttc       numeric,
      prix_ht        numeric,
      premium_tier   smallint,
      actif          boolean,
      arome_fruit    smallint,
      arome_floral   smallint,
      arome_epice    smallint,
      arome_mineral  smallint,
      arome_acidite  smallint,
      arome_corps    smallint,
      arome_tanin    smallint,
      article_factor numeric NOT NULL,
      PRIMARY KEY (run_id, file_ordinal, line)
    );
    CREATE TABLE staging_stock (
      run_id       text NOT NULL,
      file_ordinal integer NOT NULL,
      line         integer NOT NULL,
      article      text NOT NULL,
      entrepot     text NOT NULL,
      quantite     numeric NOT NULL,
      PRIMARY KEY (run_id, file_ordinal, line)
    );
    CREATE TABLE staging_contacts (
      run_id       text NOT NULL,
      file_ordinal integer NOT NULL,
      line         integer NOT NULL,
      client_code  text,
      email_norm   text,
      date_contact date NOT NULL,
      canal        text,
      statut       text NOT NULL,
      campagne     text,
      PRIMARY KEY (run_id, file_ordinal, line)
    );
    CREATE TABLE staging_ledger (
      run_id        text NOT NULL,
      file_ordinal  integer NOT NULL,
      line          integer NOT NULL,
      compte        text,
      client_code   text,
      date_ecriture date NOT NULL,
      piece         text,
      libelle       text,
      debit         numeric NOT NULL,
      credit        numeric NOT NULL,
      lettrage      text,
      date_echeance date,
      PRIMARY KEY (run_id, file_ordinal, line)
    )
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    DROP TABLE staging_ledger; DROP TABLE staging_contacts; DROP TABLE staging_stock;
    DROP TABLE staging_products; DROP TABLE staging_customers; DROP TABLE staging_sales_lines
  `,
  );
}
