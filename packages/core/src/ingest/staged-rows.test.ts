import { describe, expect, it } from "vitest";
import { isValidSalesLineRow, salesLineRowSchema } from "./staged-rows";

const valid = {
  client_code: "C00001",
  date_livraison: "2024-03-05",
  document_type: "FACTURE",
  document_no: "FA1",
  order_detail_no: "1",
  article: "PTR21",
  produit_label: "Le Petit Rouge 2021",
  cuvee: "Le Petit Rouge",
  qty_line: "6",
  pu_ht: "7.42",
  mt_ht: "44.5",
  mt_ttc: null,
  marge: "-3.5",
  is_credit: false,
  article_factor: "1",
};

describe("isValidSalesLineRow (the sales-line fast check)", () => {
  const variants: Array<[string, Record<string, unknown>]> = [
    ["valid", {}],
    ["blank optional texts", { document_type: null, order_detail_no: null, produit_label: null, cuvee: null, pu_ht: null, marge: null }],
    ["empty client code", { client_code: "" }],
    ["missing document", { document_no: null }],
    ["bad date", { date_livraison: "2024-3-05" }],
    ["empty text", { cuvee: "" }],
    ["quantity of 7 digits", { qty_line: "-1000000" }],
    ["quantity of 6 digits", { qty_line: "-999999.5" }],
    ["negative price", { pu_ht: "-1" }],
    ["unit price of 9 digits", { pu_ht: "123456789" }],
    ["unit price of 8 digits", { pu_ht: "12345678.1234" }],
    ["amount of 10 digits", { mt_ht: "1234567890" }],
    ["amount of 9 digits", { mt_ttc: "-123456789.99" }],
    ["bad factor", { article_factor: "1." }],
    ["no credit flag", { is_credit: null }],
  ];
  it.each(variants)("%s: accepted exactly when zod accepts it", (_name, change) => {
    const row = { ...valid, ...change };
    expect(isValidSalesLineRow(row)).toBe(salesLineRowSchema.safeParse(row).success);
  });

  it("rejects a unit price that numeric(12,4) cannot hold", () => {
    expect(salesLineRowSchema.safeParse({ ...valid, pu_ht: "123456789" }).error?.issues[0]?.message).toBe("OUT_OF_RANGE");
    expect(salesLineRowSchema.safeParse({ ...valid, pu_ht: "12345678.1234" }).success).toBe(true);
  });
});
