import { describe, expect, it } from "vitest";
import { SalesLineReferences } from "./sales-line-references";
import type { SalesLineRow } from "./staged-rows";

const line = (client_code: string, article: string, produit_label: string | null, order_detail_no: string | null = "1"): SalesLineRow => ({
  client_code,
  date_livraison: "2024-03-05",
  document_type: null,
  document_no: "FA-1",
  order_detail_no,
  article,
  produit_label,
  cuvee: produit_label?.replace(/ \d{4}$/, "") ?? null,
  qty_line: "1",
  pu_ht: null,
  mt_ht: "10",
  mt_ttc: null,
  marge: null,
  is_credit: false,
  article_factor: article.startsWith("C6") ? "6" : "1",
});

describe("SalesLineReferences", () => {
  it("names each customer once and keeps each article's last line", () => {
    const references = new SalesLineReferences();
    for (const row of [
      line("C1", "LAV19", "Lavières 2019"),
      line("C1", "C6-GT21", "Grandes Terres 2021"),
      line("C2", "LAV19", null),
      line("C1", "LAV19", "Les Lavières 2019"),
    ])
      references.add(row);
    expect(references.clientCodes).toEqual(["C1", "C2"]);
    expect(references.articles).toEqual([
      { article: "LAV19", produit_label: "Les Lavières 2019", cuvee: "Les Lavières", article_factor: "1" },
      { article: "C6-GT21", produit_label: "Grandes Terres 2021", cuvee: "Grandes Terres", article_factor: "6" },
    ]);
    expect(references.everyLineNumbered).toBe(true);
  });

  it("tells when a line has no detail number", () => {
    const references = new SalesLineReferences();
    references.add(line("C1", "LAV19", null, "1"));
    references.add(line("C1", "LAV19", null, null));
    expect(references.everyLineNumbered).toBe(false);
  });
});
