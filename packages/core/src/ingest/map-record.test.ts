import { describe, expect, it } from "vitest";
import { detectKind } from "./detect-kind";
import type { IngestKind } from "./ingest-kinds";
import { createRecordMapper } from "./map-record";
import { loadShippedMappings } from "./test-mappings";

const mappings = loadShippedMappings();

function mapperFor<K extends IngestKind>(kind: K, header: string) {
  const detection = detectKind(header.split(";"), mappings);
  if (detection.status !== "OK" || detection.kind !== kind) throw new Error(`not ${kind}: ${JSON.stringify(detection)}`);
  return createRecordMapper(kind, detection.columns, mappings);
}

const SALES =
  "Code client;Date livraison;Type document;N° document;N° ligne;Article;Produit;Quantité;PU HT;Montant HT;Montant TTC;Marge;Email;Code postal;Ville";

describe("sales lines", () => {
  const map = mapperFor("sales_lines", SALES);

  it("maps and normalises a French line", () => {
    const result = map([
      "c001 ",
      "05/03/24",
      "Facture",
      "FA-1",
      "",
      "carton6-gt21",
      "Les Grandes Terres 2021",
      "2",
      "62,50",
      "1 234,56",
      "1 481,47",
      "",
      "X@Y.FR",
      "21000",
      "Dijon",
    ]);
    expect(result).toEqual({
      ok: true,
      row: {
        client_code: "C001",
        date_livraison: "2024-03-05",
        document_type: "Facture",
        document_no: "FA-1",
        order_detail_no: null,
        article: "CARTON6-GT21",
        produit_label: "Les Grandes Terres 2021",
        cuvee: "Les Grandes Terres",
        qty_line: "2",
        pu_ht: "62.5",
        mt_ht: "1234.56",
        mt_ttc: "1481.47",
        marge: null,
        is_credit: false,
        article_factor: "6",
      },
    });
  });

  it("flags credit notes by type or negative quantity", () => {
    const avoir = map(["C1", "01/02/2024", "AVOIR", "AV-1", "1", "A", "", "1", "", "-10", "", "", "", "", ""]);
    const negative = map(["C1", "01/02/2024", "Facture", "FA-2", "1", "A", "", "-1", "", "-10", "", "", "", "", ""]);
    expect(avoir.ok && avoir.row.is_credit).toBe(true);
    expect(negative.ok && negative.row.is_credit).toBe(true);
  });

  it("rejects every bad cell of a row, in column order", () => {
    const result = map(["", "31/02/2024", "Facture", "FA-1", "1", "A", "", "deux", "-5", "10", "", "", "", "", ""]);
    expect(result).toEqual({
      ok: false,
      rejects: [
        { columnIndex: 0, reason: "MISSING_VALUE", message: "client_code: required value is blank" },
        { columnIndex: 1, reason: "INVALID_DATE", message: "date_livraison: not a valid date (DD/MM/YYYY, DD/MM/YY or YYYY-MM-DD)" },
        { columnIndex: 7, reason: "INVALID_NUMBER", message: "qty_line: not a number" },
      ],
    });
  });

  it("rejects negative unit prices and absurd quantities after conversion (zod)", () => {
    expect(map(["C1", "01/02/2024", "", "FA-1", "1", "A", "", "1", "-5", "10", "", "", "", "", ""])).toEqual({
      ok: false,
      rejects: [{ columnIndex: 8, reason: "NEGATIVE_PRICE", message: "pu_ht: a price cannot be negative" }],
    });
    expect(map(["C1", "01/02/2024", "", "FA-1", "1", "A", "", "1000000", "", "10", "", "", "", "", ""])).toMatchObject({
      ok: false,
      rejects: [{ columnIndex: 7, reason: "OUT_OF_RANGE" }],
    });
  });

  it("treats missing trailing cells as blank", () => {
    expect(map(["C1", "01/02/2024", "", "FA-1", "1", "A", "", "1"])).toMatchObject({
      ok: false,
      rejects: [{ columnIndex: 9, reason: "MISSING_VALUE" }],
    });
  });
});

describe("customers", () => {
  const map = mapperFor(
    "customers",
    "Code client;Nom;Prénom;Email;Téléphone;Adresse;Code postal;Ville;Pays;Date de naissance;Optin email;Date création",
  );
  const row = (optin: string, nom = "Dupont") => [
    "C1",
    nom,
    "Jean",
    " Jean@EX.fr ",
    "06 12",
    "1 rue A\r\nBât B",
    "21000",
    "Dijon",
    "France",
    "12/07/1958",
    optin,
    "2020-01-02",
  ];

  it("reads consent: oui/1/date → opt-in, non/0 → refused, blank → unknown (null), else reject", () => {
    const consent = (optin: string) => {
      const result = map(row(optin));
      return result.ok ? [result.row.consent, result.row.optin_date] : result.rejects.map((r) => r.reason);
    };
    expect(consent("oui")).toEqual(["OPT_IN", null]);
    expect(consent("1")).toEqual(["OPT_IN", null]);
    expect(consent("03/04/2021")).toEqual(["OPT_IN", "2021-04-03"]);
    expect(consent("Non")).toEqual(["REFUSED", null]);
    expect(consent("0")).toEqual(["REFUSED", null]);
    expect(consent("")).toEqual([null, null]);
    expect(consent("peut-être")).toEqual(["INVALID_CONSENT"]);
  });

  it("keeps the raw email and a normalised one, multi-line addresses and formula-looking text as data", () => {
    const result = map(row("oui", '=HYPERLINK("http://x","y")'));
    expect(result).toMatchObject({
      ok: true,
      row: {
        email: "Jean@EX.fr",
        email_norm: "jean@ex.fr",
        adresse: "1 rue A\r\nBât B",
        nom: '=HYPERLINK("http://x","y")',
        date_naissance: "1958-07-12",
      },
    });
  });
});

describe("products", () => {
  const map = mapperFor("products", "Article;Produit;Millésime;Famille CRM;Contenance (cl);Prix TTC;Premium tier;Actif;Arôme fruit");

  it("derives the cuvée, reads tiers by digit or label and yes/no", () => {
    expect(map(["magnum-lav19", "Clos des Lavières Magnum 2019", "2019", "Rouge", "150", "76,00", "Prestige", "oui", "4"])).toEqual({
      ok: true,
      row: expect.objectContaining({
        article: "MAGNUM-LAV19",
        cuvee: "Clos des Lavières Magnum",
        millesime: 2019,
        famille: "Rouge",
        contenance_cl: "150",
        prix_ttc: "76",
        premium_tier: 2,
        actif: true,
        arome_fruit: 4,
        article_factor: "2",
      }),
    });
    expect(map(["A", "B", "", "", "", "", "3", "0", ""])).toMatchObject({ ok: true, row: { premium_tier: 3, actif: false } });
  });

  it("rejects bad tiers, booleans, aromas and negative prices", () => {
    const reasons = (cells: string[]) => {
      const result = map(cells);
      return result.ok ? [] : result.rejects.map((r) => r.reason);
    };
    expect(reasons(["A", "B", "", "", "", "", "Luxe", "", ""])).toEqual(["INVALID_TIER"]);
    expect(reasons(["A", "B", "", "", "", "", "5", "", ""])).toEqual(["INVALID_TIER"]);
    expect(reasons(["A", "B", "", "", "", "", "", "peut-être", ""])).toEqual(["INVALID_BOOLEAN"]);
    expect(reasons(["A", "B", "", "", "", "", "", "", "6"])).toEqual(["OUT_OF_RANGE"]);
    expect(reasons(["A", "B", "", "", "", "-1", "", "", ""])).toEqual(["NEGATIVE_PRICE"]);
    expect(reasons(["A", "B", "", "", "0", "", "", "", ""])).toEqual(["OUT_OF_RANGE"]);
  });
});

describe("contacts and ledger", () => {
  it("requires a client code or an email", () => {
    const map = mapperFor("contacts", "Code client;Email;Date contact;Canal;Statut;Campagne");
    expect(map(["", "", "01/02/2024", "Email", "Ouvert", ""])).toEqual({
      ok: false,
      rejects: [{ columnIndex: 0, reason: "MISSING_VALUE", message: "one of client_code or email is required" }],
    });
    expect(map(["", "A@B.fr", "01/02/2024", "Email", "Désinscrit", "Noël"])).toEqual({
      ok: true,
      row: { client_code: null, email_norm: "a@b.fr", date_contact: "2024-02-01", canal: "email", statut: "desinscrit", campagne: "Noël" },
    });
  });

  it("takes the client code from a 411 account when none is given", () => {
    const map = mapperFor("ledger", "Compte;Date écriture;Pièce;Libellé;Débit;Crédit;Lettrage;Date échéance");
    expect(map(["411C0042", "31/01/2024", "FA-9", "Facture", "120,00", "", "", "01/03/2024"])).toEqual({
      ok: true,
      row: {
        compte: "411C0042",
        client_code: "C0042",
        date_ecriture: "2024-01-31",
        piece: "FA-9",
        libelle: "Facture",
        debit: "120",
        credit: "0",
        lettrage: null,
        date_echeance: "2024-03-01",
      },
    });
    expect(map(["512000", "31/01/2024", "", "", "1", "", "", ""])).toMatchObject({ ok: true, row: { client_code: null } });
  });
});
