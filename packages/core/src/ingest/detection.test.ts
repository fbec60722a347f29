import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { detectDelimiter, firstLogicalLine } from "./detect-delimiter";
import { EncodingSniffer } from "./detect-encoding";
import { detectKind } from "./detect-kind";
import { loadShippedMappings } from "./test-mappings";

const mappings = loadShippedMappings();
const split = (header: string) => header.split(";");

function sniff(bytes: Buffer, chunkSize = 3): string {
  const sniffer = new EncodingSniffer();
  for (let i = 0; i < bytes.length; i += chunkSize) sniffer.push(bytes.subarray(i, i + chunkSize));
  return sniffer.finish();
}

describe("encoding", () => {
  it("recognises a BOM, valid UTF-8 (even split inside a character) and Windows-1252", () => {
    expect(sniff(Buffer.from("\ufeffCode client;Nom\r\n", "utf8"))).toBe("utf-8-bom");
    expect(sniff(Buffer.from("Prénom;Cœur;€\r\n", "utf8"), 1)).toBe("utf-8");
    expect(sniff(Buffer.from("plain ascii", "utf8"))).toBe("utf-8");
    const windows = iconv.encode("Prénom;Cœur;Prix €\r\n", "windows-1252");
    expect(sniff(windows)).toBe("windows-1252");
    expect(iconv.decode(windows, "win1252")).toBe("Prénom;Cœur;Prix €\r\n");
  });

  it("calls a truncated UTF-8 sequence at the end Windows-1252, but not at the end of a file's start", () => {
    expect(sniff(Buffer.from([0x41, 0xc3]))).toBe("windows-1252");
    const start = new EncodingSniffer();
    start.push(Buffer.from([0x41, 0xc3]));
    expect(start.finish(false)).toBe("utf-8");
    start.push(Buffer.from([0xff]));
    expect(start.finish(false)).toBe("windows-1252");
  });
});

describe("delimiter", () => {
  it("counts delimiters outside quotes on the header line", () => {
    expect(detectDelimiter("Code client;Nom;Prénom")).toBe(";");
    expect(detectDelimiter('"Nom, prénom";Ville;CP')).toBe(";");
    expect(detectDelimiter("a,b,c;d")).toBe(",");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter("single")).toBe(";");
  });

  it("reads the first logical line, quoted line breaks included", () => {
    expect(firstLogicalLine('\ufeff"A\r\nB";C\r\n1;2')).toBe('"A\r\nB";C');
    expect(firstLogicalLine("a;b")).toBe("a;b");
  });
});

describe("kind detection", () => {
  it.each([
    [
      "Code client;Date livraison;Type document;N° document;N° ligne;Article;Produit;Quantité;PU HT;Montant HT;Montant TTC;Marge;Email;Code postal;Ville",
      "sales_lines",
    ],
    ["Code client;Nom;Prénom;Email;Téléphone;Adresse;Code postal;Ville;Pays;Date de naissance;Optin email;Date création", "customers"],
    [
      "Article;Produit;Millésime;Famille CRM;Couleur;Sucrosité;Cépages;Appellation;Contenance (cl);Prix TTC;Prix HT;Premium tier;Actif;Arôme fruit;Arôme floral;Arôme épicé;Arôme minéral;Arôme acidité;Arôme corps;Arôme tanin",
      "products",
    ],
    ["Article;Entrepôt;Quantité", "stock"],
    ["Code client;Email;Date contact;Canal;Statut;Campagne", "contacts"],
    ["Compte;Code client;Date écriture;Pièce;Libellé;Débit;Crédit;Lettrage;Date échéance", "ledger"],
    ["client_code;date_livraison;document_no;article;qty_line;mt_ht", "sales_lines"],
    ["CODE CLIENT;NOM", "customers"],
  ])("%s → %s", (header, kind) => {
    const detection = detectKind(split(header), mappings);
    expect(detection).toMatchObject({ status: "OK", kind });
  });

  it("maps the demo sales header's columns", () => {
    const detection = detectKind(split("Code client;Date livraison;N° document;Article;Quantité;Montant HT;Colonne en plus"), mappings);
    if (detection.status !== "OK") throw new Error(detection.status);
    expect(Object.fromEntries(detection.columns)).toEqual({
      client_code: 0,
      date_livraison: 1,
      document_no: 2,
      article: 3,
      qty_line: 4,
      mt_ht: 5,
    });
  });

  it("names missing required columns and refuses unknown headers", () => {
    expect(detectKind(split("Code client;Date livraison;N° document;Article;Produit"), mappings)).toMatchObject({
      status: "MISSING_COLUMN",
      kind: "sales_lines",
      missing: ["qty_line", "mt_ht"],
    });
    expect(detectKind(split("Email;Date contact;Statut"), mappings)).toMatchObject({ status: "OK", kind: "contacts" });
    expect(detectKind(split("Date contact;Statut;Canal"), mappings)).toMatchObject({
      status: "MISSING_COLUMN",
      missing: ["client_code or email"],
    });
    expect(detectKind(split("foo;bar;baz"), mappings)).toEqual({ status: "UNKNOWN_KIND" });
  });
});
