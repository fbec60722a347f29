import { describe, expect, it } from "vitest";
import { buildCampaignCsv, type CampaignCustomer, campaignCsvHeader } from "./campaign-csv";

const reco = (rank: number, article: string, price: string, name = `Cuvée ${article}`) => ({
  rank,
  article,
  productName: name,
  priceTtc: price,
  explanationFr: `Un vin de ${article}; même cépage`,
});

const alice: CampaignCustomer = {
  clientCode: "C002",
  email: "  Alice.Martin@Example.fr ",
  emailNorm: "alice.martin@example.fr",
  prenom: "Alice",
  nom: '=HYPERLINK("http://x")',
  scenario: "REBUY",
  recommendations: [reco(2, "B2", "1234.5"), reco(1, "A1", "24.5")],
};
const bruno: CampaignCustomer = {
  clientCode: "C001",
  email: "bruno@example.fr",
  emailNorm: "bruno@example.fr",
  prenom: "Bruno",
  nom: "Dupré",
  scenario: "UPSELL",
  recommendations: [reco(1, "A1", "24.50"), reco(2, "C3", "9"), reco(3, "D4", "15.00")],
};

describe("buildCampaignCsv", () => {
  it("writes the BOM, the header, one row per customer by code and empty cells after the last wine", () => {
    const csv = buildCampaignCsv([alice, bruno]);
    expect(
      csv.startsWith("\uFEFFEXT_ID;EMAIL;PRENOM;NOM;SCENARIO;RECO1_ARTICLE;RECO1_NOM;RECO1_PRIX_TTC;RECO1_RAISON;RECO2_ARTICLE;"),
    ).toBe(true);
    expect(campaignCsvHeader).toHaveLength(17);
    const lines = csv.slice(1).split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
    expect(lines[1]).toBe(
      'C001;bruno@example.fr;Bruno;Dupré;UPSELL;A1;Cuvée A1;24,50;"Un vin de A1; même cépage";C3;Cuvée C3;9,00;"Un vin de C3; même cépage";D4;Cuvée D4;15,00;"Un vin de D4; même cépage"',
    );
    // Trimmed email as imported (case kept), formula neutralised, ranks in order, third slot empty.
    expect(lines[2]).toBe(
      `C002;Alice.Martin@Example.fr;Alice;"'=HYPERLINK(""http://x"")";REBUY;A1;Cuvée A1;24,50;"Un vin de A1; même cépage";B2;Cuvée B2;1234,50;"Un vin de B2; même cépage";;;;`,
    );
  });

  it("refuses the same normalised email on two exported codes", () => {
    const twin = { ...bruno, clientCode: "C003", email: "BRUNO@example.fr ", emailNorm: null };
    expect(() => buildCampaignCsv([bruno, twin])).toThrow(/one email on several exported codes/);
  });

  it("refuses an exported customer without email or with more than three wines", () => {
    expect(() => buildCampaignCsv([{ ...bruno, email: " " }])).toThrow(/has no email/);
    expect(() => buildCampaignCsv([{ ...bruno, recommendations: [...bruno.recommendations, reco(4, "E5", "1")] }])).toThrow(/max 3/);
  });
});
