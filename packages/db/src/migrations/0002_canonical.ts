import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

/** The canonical model that ingest merges into (DOMAIN §1). Later files update earlier data. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE customers (
      client_code    text PRIMARY KEY,
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
      consent        text NOT NULL DEFAULT 'UNKNOWN' CHECK (consent IN ('OPT_IN', 'REFUSED', 'UNKNOWN')),
      optin_date     date,
      date_creation  date,
      is_stub        boolean NOT NULL DEFAULT false,
      updated_run    text NOT NULL
    );
    CREATE INDEX customers_email_norm ON customers (email_norm);
    CREATE TABLE products (
      article        text PRIMARY KEY,
      produit        text,
      cuvee          text,
      millesime      integer,
      famille        text,
      couleur        text,
      sucrosite      text,
      cepages        text,
      appellation    text,
      contenance_cl  numeric(8,2),
      bottle_factor  numeric(8,4) NOT NULL DEFAULT 1,
      prix_ttc       numeric(12,2),
      prix_ht        numeric(12,2),
      premium_tier   smallint,
      actif          boolean NOT NULL DEFAULT true,
      arome_fruit    smallint,
      arome_floral   smallint,
      arome_epice    smallint,
      arome_mineral  smallint,
      arome_acidite  smallint,
      arome_corps    smallint,
      arome_tanin    smallint,
      is_stub        boolean NOT NULL DEFAULT false,
      updated_run    text NOT NULL
    );
    CREATE TABLE stock (
      article     text NOT NULL,
      entrepot    text NOT NULL DEFAULT '',
      quantite    numeric(12,2) NOT NULL,
      updated_run text NOT NULL,
      PRIMARY KEY (article, entrepot)
    );
    CREATE TABLE sales_lines (
      document_no    text NOT NULL,
      line_key       text NOT NULL,
      article        text NOT NULL,
      client_code    text NOT NULL,
      date_livraison date NOT NULL,
      document_type  text,
      is_credit      boolean NOT NULL,
      qty            numeric(12,3) NOT NULL,
      bottles        numeric(12,3) NOT NULL,
      pu_ht          numeric(12,4),
      mt_ht          numeric(12,2) NOT NULL,
      mt_ttc         numeric(12,2),
      marge          numeric(12,2),
      updated_run    text NOT NULL,
      PRIMARY KEY (document_no, line_key, article)
    );
    CREATE INDEX sales_lines_client_date ON sales_lines (client_code, date_livraison);
    CREATE INDEX sales_lines_article ON sales_lines (article);
    CREATE TABLE contacts (
      contact_key  text PRIMARY KEY,
      client_code  text,
      email_norm   text,
      date_contact date NOT NULL,
      canal        text,
      statut       text NOT NULL,
      campagne     text,
      source       text NOT NULL CHECK (source IN ('IMPORT', 'APPROVAL')),
      updated_run  text NOT NULL
    );
    CREATE INDEX contacts_client_code ON contacts (client_code);
    CREATE INDEX contacts_email_norm ON contacts (email_norm);
    CREATE TABLE ledger_entries (
      entry_key     text PRIMARY KEY,
      compte        text,
      client_code   text,
      date_ecriture date NOT NULL,
      piece         text,
      libelle       text,
      debit         numeric(12,2) NOT NULL DEFAULT 0,
      credit        numeric(12,2) NOT NULL DEFAULT 0,
      lettrage      text,
      date_echeance date,
      updated_run   text NOT NULL
    );
    CREATE INDEX ledger_entries_client_code ON ledger_entries (client_code)
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    DROP TABLE ledger_entries; DROP TABLE contacts; DROP TABLE sales_lines;
    DROP TABLE stock; DROP TABLE products; DROP TABLE customers
  `,
  );
}
