import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { type AppConfig, INGEST_KINDS, mappingsConfigSchema, stagedRowSchemas } from "@crm-reco/core";
import { type DatabaseHandle, STAGING } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import iconv from "iconv-lite";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { RunInput } from "../contracts";
import { type LocalS3Server, startLocalS3 } from "../local/s3-server";
import { createS3Client } from "../s3";
import { ingest, registerIngestRun } from "./run-ingest";

const BUCKET = "inbox";
const mappings = mappingsConfigSchema.parse(parseYaml(readFileSync(new URL("../../../../config/mappings.yaml", import.meta.url), "utf8")));
const config = { mappings, pipeline: { as_of: null } } as unknown as AppConfig;

const crlf = (lines: string[]) => `${lines.join("\r\n")}\r\n`;
const BOM = "\ufeff";

/** The first drop: one file of each kind, plus an empty file, an unknown one and one missing columns. */
const DROP_1: Array<[string, Buffer]> = [
  [
    "drop1/clients.csv",
    iconv.encode(
      crlf([
        "Code client;Nom;Prénom;Email;Téléphone;Adresse;Code postal;Ville;Pays;Date de naissance;Optin email;Date création",
        `C001;Dupont;Zoé;Zoe@Example.fr;0612;"1 rue de l'Église\r\nBât. B";21000;Dijon;France;12/07/1958;oui;02/01/2020`,
        "c 002;Cœur;Anaïs;;;;;;;;non;",
        `C003;"=HYPERLINK(""http://x"";""y"")";Léa;lea@ex.fr;;;;;;;;`,
        "C004;Martin;Luc;;;;;;;;31/02/2024;",
      ]),
      "windows-1252",
    ),
  ],
  [
    "drop1/produits.csv",
    Buffer.from(
      [
        "Article,Produit,Millésime,Famille CRM,Contenance (cl),Prix TTC,Premium tier,Actif",
        'LAV19,Clos des Lavières 2019,2019,Rouge,75,"38,00",Prestige,oui',
        'MAGNUM-LAV19,Clos des Lavières Magnum 2019,2019,Rouge,150,"76,00",2,oui',
        'BAD1,Mauvais,,,,"-3,00",,',
      ].join("\n"),
    ),
  ],
  [
    "drop1/ventes.csv",
    Buffer.from(
      BOM +
        crlf([
          "Code client;Date livraison;Type document;N° document;N° ligne;Article;Produit;Quantité;PU HT;Montant HT;Montant TTC;Marge;Email;Code postal;Ville",
          "C001;05/03/2024;Facture;FA-1;;LAV19;Clos des Lavières 2019;6;31,67;190,00;228,00;;;;",
          "C001;05/03/2024;Facture;FA-1;;MAGNUM-LAV19;Clos des Lavières Magnum 2019;1;63,33;63,33;76,00;;;;",
          "C009;10/03/24;Facture;FA-2;1;CARTON6-GT21;Les Grandes Terres 2021;2;60,00;120,00;144,00;;;;",
          "C001;12/03/2024;Avoir;AV-1;1;LAV19;Clos des Lavières 2019;-1;31,67;-31,67;-38,00;;;;",
          "C002;31/02/2024;Facture;FA-3;1;LAV19;;1;;10;;;;;",
          "",
          "",
        ]),
    ),
  ],
  ["drop1/stock.txt", Buffer.from("Article\tEntrepôt\tQuantité\nLAV19\tCave\t10\nLAV19\tCave\t5\nMAGNUM-LAV19\t\t3\n")],
  [
    "drop1/contacts.csv",
    Buffer.from(
      crlf([
        "Code client;Email;Date contact;Canal;Statut;Campagne",
        "C001;;01/02/2024;Email;Ouvert;Noël",
        ";zoe@example.fr;01/02/2024;Email;Clic;Noël",
        ";;01/02/2024;Email;Clic;Noël",
      ]),
    ),
  ],
  [
    "drop1/grand_livre.csv",
    Buffer.from(
      crlf([
        "Compte;Date écriture;Pièce;Libellé;Débit;Crédit;Lettrage;Date échéance",
        "411C001;05/03/2024;FA-1;Facture FA-1;228,00;;;04/04/2024",
        "411C001;05/03/2024;FA-1;Facture FA-1;228,00;;;04/04/2024",
      ]),
    ),
  ],
  ["drop1/empty.csv", Buffer.from("")],
  ["drop1/notes.csv", Buffer.from("foo;bar\r\n1;2\r\n")],
  ["drop1/ventes_incomplete.csv", Buffer.from("Code client;Date livraison;N° document;Article\r\nC1;01/01/2024;X;Y\r\n")],
];

const UPDATE = Buffer.from(crlf(["Code client;Nom;Prénom;Email;Optin email", "C001;Dupont-Martin;;;", "C009;Martin;Paul;paul@ex.fr;1"]));

function runInput(runId: string, keys: string[], asOf: string | null = null): RunInput {
  return { runId, dropKey: runId, inbox: { bucket: BUCKET, files: keys.map((key) => ({ key })) }, asOf };
}

async function rows<T>(handle: DatabaseHandle, query: string): Promise<T[]> {
  return (await sql.raw<T>(query).execute(handle.db)).rows;
}

it("stages exactly the columns of core's staged-row schemas", () => {
  for (const kind of INGEST_KINDS) expect([...STAGING[kind].columns]).toEqual(Object.keys(stagedRowSchemas[kind].shape));
});

describe.each(dialectsUnderTest())("ingest on $name", ({ open }) => {
  let server: LocalS3Server;
  let s3: S3Client;
  let directory: string;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "ingest-s3-"));
    server = await startLocalS3({ directory, buckets: [BUCKET] });
    s3 = createS3Client(server.endpoint);
    for (const [key, body] of [...DROP_1, ["drop2/clients.csv", DROP_1[0]?.[1] as Buffer], ["drop2/clients_maj.csv", UPDATE]] as const) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    }
    handle = await open();
  });

  afterAll(async () => {
    await handle?.close();
    s3?.destroy();
    await server?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const context = () => ({ handle, config, configHash: "test", s3 });

  async function run(input: RunInput, options = {}) {
    await registerIngestRun(context(), input);
    return ingest(context(), input, options);
  }

  it("ingests a drop into canonical rows, stubs and rejects — and a re-run replaces the run's rows", async () => {
    const input = runInput(
      "run1",
      DROP_1.map(([key]) => key),
    );
    const expectedOutput = {
      runId: "run1",
      asOf: "2024-03-12",
      counts: {
        files: 9,
        filesSkipped: 0,
        filesRejected: 3,
        rowsRead: 20,
        rowsAccepted: 16,
        rowsRejected: 4,
        customers: 4,
        products: 3,
        salesLines: 4,
        stock: 2,
        contacts: 2,
        ledgerEntries: 2,
      },
    };
    expect(await run(input)).toEqual(expectedOutput);

    expect(
      await rows(
        handle,
        `SELECT client_code, nom, prenom, email, email_norm, telephone, adresse, code_postal, ville, pays, date_naissance,
           consent, optin_date, date_creation, is_stub FROM customers ORDER BY client_code COLLATE "C"`,
      ),
    ).toEqual([
      {
        client_code: "C001",
        nom: "Dupont",
        prenom: "Zoé",
        email: "Zoe@Example.fr",
        email_norm: "zoe@example.fr",
        telephone: "0612",
        adresse: "1 rue de l'Église\r\nBât. B",
        code_postal: "21000",
        ville: "Dijon",
        pays: "France",
        date_naissance: "1958-07-12",
        consent: "OPT_IN",
        optin_date: null,
        date_creation: "2020-01-02",
        is_stub: false,
      },
      {
        client_code: "C002",
        nom: "Cœur",
        prenom: "Anaïs",
        email: null,
        email_norm: null,
        telephone: null,
        adresse: null,
        code_postal: null,
        ville: null,
        pays: null,
        date_naissance: null,
        consent: "REFUSED",
        optin_date: null,
        date_creation: null,
        is_stub: false,
      },
      expect.objectContaining({
        client_code: "C003",
        nom: '=HYPERLINK("http://x";"y")',
        prenom: "Léa",
        consent: "UNKNOWN",
        is_stub: false,
      }),
      expect.objectContaining({ client_code: "C009", nom: null, email: null, consent: "UNKNOWN", is_stub: true }),
    ]);

    expect(
      await rows(
        handle,
        `SELECT article, produit, cuvee, millesime, famille, contenance_cl, bottle_factor, prix_ttc, premium_tier, actif, is_stub
         FROM products ORDER BY article COLLATE "C"`,
      ),
    ).toEqual([
      {
        article: "CARTON6-GT21",
        produit: "Les Grandes Terres 2021",
        cuvee: "Les Grandes Terres",
        millesime: null,
        famille: null,
        contenance_cl: null,
        bottle_factor: "6.0000",
        prix_ttc: null,
        premium_tier: null,
        actif: false,
        is_stub: true,
      },
      {
        article: "LAV19",
        produit: "Clos des Lavières 2019",
        cuvee: "Clos des Lavières",
        millesime: 2019,
        famille: "Rouge",
        contenance_cl: "75.00",
        bottle_factor: "1.0000",
        prix_ttc: "38.00",
        premium_tier: 2,
        actif: true,
        is_stub: false,
      },
      {
        article: "MAGNUM-LAV19",
        produit: "Clos des Lavières Magnum 2019",
        cuvee: "Clos des Lavières Magnum",
        millesime: 2019,
        famille: "Rouge",
        contenance_cl: "150.00",
        bottle_factor: "2.0000",
        prix_ttc: "76.00",
        premium_tier: 2,
        actif: true,
        is_stub: false,
      },
    ]);

    expect(
      await rows(
        handle,
        `SELECT document_no, line_key, article, client_code, date_livraison, document_type, is_credit, qty, bottles, pu_ht, mt_ht, mt_ttc, marge
         FROM sales_lines ORDER BY document_no COLLATE "C", line_key COLLATE "C", article COLLATE "C"`,
      ),
    ).toEqual([
      {
        document_no: "AV-1",
        line_key: "1",
        article: "LAV19",
        client_code: "C001",
        date_livraison: "2024-03-12",
        document_type: "Avoir",
        is_credit: true,
        qty: "-1.000",
        bottles: "-1.000",
        pu_ht: "31.6700",
        mt_ht: "-31.67",
        mt_ttc: "-38.00",
        marge: null,
      },
      {
        document_no: "FA-1",
        line_key: "1",
        article: "LAV19",
        client_code: "C001",
        date_livraison: "2024-03-05",
        document_type: "Facture",
        is_credit: false,
        qty: "6.000",
        bottles: "6.000",
        pu_ht: "31.6700",
        mt_ht: "190.00",
        mt_ttc: "228.00",
        marge: null,
      },
      {
        document_no: "FA-1",
        line_key: "2",
        article: "MAGNUM-LAV19",
        client_code: "C001",
        date_livraison: "2024-03-05",
        document_type: "Facture",
        is_credit: false,
        qty: "1.000",
        bottles: "2.000",
        pu_ht: "63.3300",
        mt_ht: "63.33",
        mt_ttc: "76.00",
        marge: null,
      },
      {
        document_no: "FA-2",
        line_key: "1",
        article: "CARTON6-GT21",
        client_code: "C009",
        date_livraison: "2024-03-10",
        document_type: "Facture",
        is_credit: false,
        qty: "2.000",
        bottles: "12.000",
        pu_ht: "60.0000",
        mt_ht: "120.00",
        mt_ttc: "144.00",
        marge: null,
      },
    ]);

    expect(await rows(handle, `SELECT article, entrepot, quantite FROM stock ORDER BY article COLLATE "C", entrepot COLLATE "C"`)).toEqual([
      { article: "LAV19", entrepot: "Cave", quantite: "15.00" },
      { article: "MAGNUM-LAV19", entrepot: "", quantite: "3.00" },
    ]);
    expect(
      await rows(
        handle,
        `SELECT client_code, email_norm, date_contact, canal, statut, campagne, source FROM contacts ORDER BY statut COLLATE "C"`,
      ),
    ).toEqual([
      {
        client_code: null,
        email_norm: "zoe@example.fr",
        date_contact: "2024-02-01",
        canal: "email",
        statut: "clic",
        campagne: "Noël",
        source: "IMPORT",
      },
      {
        client_code: "C001",
        email_norm: null,
        date_contact: "2024-02-01",
        canal: "email",
        statut: "ouvert",
        campagne: "Noël",
        source: "IMPORT",
      },
    ]);
    const ledger = await rows<{ entry_key: string }>(
      handle,
      `SELECT entry_key, compte, client_code, date_ecriture, piece, debit, credit, date_echeance FROM ledger_entries ORDER BY entry_key COLLATE "C"`,
    );
    expect(ledger).toHaveLength(2);
    expect(ledger[0]?.entry_key).not.toBe(ledger[1]?.entry_key);
    expect(ledger.map(({ entry_key: _, ...rest }) => rest)).toEqual(
      Array(2).fill({
        compte: "411C001",
        client_code: "C001",
        date_ecriture: "2024-03-05",
        piece: "FA-1",
        debit: "228.00",
        credit: "0.00",
        date_echeance: "2024-04-04",
      }),
    );

    const expectedRejects = [
      [1, "clients.csv", 6, "Optin email", "31/02/2024", "INVALID_CONSENT", "optin_email: expected oui/non, 1/0 or a date"],
      [2, "produits.csv", 4, "Prix TTC", "-3,00", "NEGATIVE_PRICE", "prix_ttc: a price cannot be negative"],
      [
        3,
        "ventes.csv",
        6,
        "Date livraison",
        "31/02/2024",
        "INVALID_DATE",
        "date_livraison: not a valid date (DD/MM/YYYY, DD/MM/YY or YYYY-MM-DD)",
      ],
      [4, "contacts.csv", 4, "Code client", "", "MISSING_VALUE", "one of client_code or email is required"],
      [5, "empty.csv", null, null, null, "EMPTY_FILE", "the file has no header line"],
      [6, "notes.csv", null, null, null, "UNKNOWN_KIND", "the header matches no kind of config/mappings.yaml"],
      [7, "ventes_incomplete.csv", null, null, null, "MISSING_COLUMN", "sales_lines: missing required column(s): qty_line, mt_ht"],
    ];
    const rejectsOf = async () =>
      (
        await rows<Record<string, unknown>>(
          handle,
          `SELECT ordinal, file_name, line, column_name, value, reason, message FROM ingest_rejects WHERE run_id = 'run1' ORDER BY ordinal`,
        )
      ).map((row) => Object.values(row));
    expect(await rejectsOf()).toEqual(expectedRejects);

    const filesOf = async () =>
      (
        await rows<Record<string, unknown>>(
          handle,
          `SELECT file_name, kind, encoding, delimiter, status, rows_read, rows_accepted, rows_rejected, reasons
           FROM ingested_files WHERE run_id = 'run1' ORDER BY s3_key COLLATE "C"`,
        )
      ).map((row) => Object.values(row));
    const expectedFiles = [
      ["clients.csv", "customers", "windows-1252", ";", "INGESTED", 4, 3, 1, { INVALID_CONSENT: 1 }],
      ["contacts.csv", "contacts", "utf-8", ";", "INGESTED", 3, 2, 1, { MISSING_VALUE: 1 }],
      ["empty.csv", null, "utf-8", null, "REJECTED", 0, 0, 0, { EMPTY_FILE: 1 }],
      ["grand_livre.csv", "ledger", "utf-8", ";", "INGESTED", 2, 2, 0, {}],
      ["notes.csv", null, "utf-8", ";", "REJECTED", 0, 0, 0, { UNKNOWN_KIND: 1 }],
      ["produits.csv", "products", "utf-8", ",", "INGESTED", 3, 2, 1, { NEGATIVE_PRICE: 1 }],
      ["stock.txt", "stock", "utf-8", "\t", "INGESTED", 3, 3, 0, {}],
      ["ventes.csv", "sales_lines", "utf-8-bom", ";", "INGESTED", 5, 4, 1, { INVALID_DATE: 1 }],
      ["ventes_incomplete.csv", "sales_lines", "utf-8", ";", "REJECTED", 0, 0, 0, { MISSING_COLUMN: 1 }],
    ];
    expect(await filesOf()).toEqual(expectedFiles);
    expect(await rows(handle, `SELECT as_of FROM runs WHERE run_id = 'run1'`)).toEqual([{ as_of: "2024-03-12" }]);
    expect(await rows(handle, `SELECT count(*) AS n FROM staging_sales_lines`)).toEqual([{ n: 0 }]);

    // Re-running the same run's ingest replaces its files and rejects (never skipped as its own duplicate).
    expect(await run(input)).toEqual(expectedOutput);
    expect(await rejectsOf()).toEqual(expectedRejects);
    expect(await filesOf()).toEqual(expectedFiles);
  });

  it("skips a file another run ingested, and blank cells never overwrite known values", async () => {
    const output = await run(runInput("run2", ["drop2/clients.csv", "drop2/clients_maj.csv"], "2024-06-30"));
    expect(output).toMatchObject({
      asOf: "2024-06-30",
      counts: { files: 2, filesSkipped: 1, filesRejected: 0, rowsRead: 2, rowsAccepted: 2, rowsRejected: 0, customers: 4 },
    });
    expect(
      await rows(handle, `SELECT file_name, status, rows_read FROM ingested_files WHERE run_id = 'run2' ORDER BY s3_key COLLATE "C"`),
    ).toEqual([
      { file_name: "clients.csv", status: "SKIPPED_DUPLICATE", rows_read: 0 },
      { file_name: "clients_maj.csv", status: "INGESTED", rows_read: 2 },
    ]);
    // The duplicate was read and staged with its rejects before its checksum was known: nothing of it is left.
    expect(await rows(handle, `SELECT count(*)::int AS n FROM ingest_rejects WHERE run_id = 'run2'`)).toEqual([{ n: 0 }]);
    expect(
      await rows(
        handle,
        `SELECT client_code, nom, prenom, email, email_norm, consent, is_stub FROM customers
         WHERE client_code IN ('C001', 'C009') ORDER BY client_code COLLATE "C"`,
      ),
    ).toEqual([
      {
        client_code: "C001",
        nom: "Dupont-Martin",
        prenom: "Zoé",
        email: "Zoe@Example.fr",
        email_norm: "zoe@example.fr",
        consent: "OPT_IN",
        is_stub: false,
      },
      {
        client_code: "C009",
        nom: "Martin",
        prenom: "Paul",
        email: "paul@ex.fr",
        email_norm: "paul@ex.fr",
        consent: "OPT_IN",
        is_stub: false,
      },
    ]);
  });

  it("reads again as Windows-1252 a file whose first accent comes after its first 64 KB, staging and rejecting once", async () => {
    const filler = Array.from({ length: 3_000 }, (_, index) => `L${String(index).padStart(5, "0")};Plain;Ascii;l${index}@ex.fr`);
    const lines = ["Code client;Nom;Prénom;Email".replace("é", "e"), ";Nobody;Blank;x@ex.fr", ...filler, "L99999;Lefèvre;Zoé;z@ex.fr"];
    const body = iconv.encode(crlf(lines), "windows-1252");
    expect(body.indexOf(0xe8)).toBeGreaterThan(64 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "late/clients.csv", Body: body }));
    const output = await run(runInput("late", ["late/clients.csv"], "2024-06-30"));
    expect(output.counts).toMatchObject({ rowsRead: 3_002, rowsAccepted: 3_001, rowsRejected: 1 });
    expect(await rows(handle, `SELECT file_name, encoding, rows_accepted FROM ingested_files WHERE run_id = 'late'`)).toEqual([
      { file_name: "clients.csv", encoding: "windows-1252", rows_accepted: 3_001 },
    ]);
    expect(await rows(handle, `SELECT line, column_name, reason FROM ingest_rejects WHERE run_id = 'late'`)).toEqual([
      { line: 2, column_name: "Code client", reason: "MISSING_VALUE" },
    ]);
    expect(await rows(handle, `SELECT nom, prenom FROM customers WHERE client_code = 'L99999'`)).toEqual([
      { nom: "Lefèvre", prenom: "Zoé" },
    ]);
  });

  it("rolls the whole merge back when it fails, leaving canonical tables untouched", async () => {
    const snapshot = () =>
      Promise.all([
        rows(handle, `SELECT * FROM customers ORDER BY client_code COLLATE "C"`),
        rows(handle, `SELECT * FROM products ORDER BY article COLLATE "C"`),
        rows(handle, `SELECT * FROM sales_lines ORDER BY document_no COLLATE "C", line_key COLLATE "C", article COLLATE "C"`),
      ]);
    const before = await snapshot();
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "drop3/clients.csv", Body: Buffer.from("Code client;Nom\nC001;Autre\nC777;Neuf\n") }),
    );
    await expect(
      run(runInput("run3", ["drop3/clients.csv"]), {
        onMergeStep: (step: string) => {
          if (step === "sales_lines") throw new Error("simulated crash during merge");
        },
      }),
    ).rejects.toThrow("simulated crash during merge");
    expect(await snapshot()).toEqual(before);
    expect(await rows(handle, `SELECT count(*) AS n FROM ingested_files WHERE run_id = 'run3'`)).toEqual([{ n: 0 }]);
  });
});
