import { toCsv } from "../csv/csv-writer";
import { formatFrenchPrice } from "./french-price";

/** Brevo/Mailchimp-ready columns (DOMAIN §6); RAISON is the French one-sentence explanation. */
const RECO_SLOTS = 3;
export const campaignCsvHeader: readonly string[] = [
  "EXT_ID",
  "EMAIL",
  "PRENOM",
  "NOM",
  "SCENARIO",
  ...Array.from({ length: RECO_SLOTS }, (_, i) => [
    `RECO${i + 1}_ARTICLE`,
    `RECO${i + 1}_NOM`,
    `RECO${i + 1}_PRIX_TTC`,
    `RECO${i + 1}_RAISON`,
  ]).flat(),
];

export interface CampaignRecommendation {
  rank: number;
  article: string;
  productName: string | null;
  /** Exact decimal as the database returns it (`24.50`). */
  priceTtc: string | null;
  explanationFr: string;
}

export interface CampaignCustomer {
  clientCode: string;
  email: string | null;
  /** Normalised email (lower case, trimmed); falls back to the trimmed, lower-cased email. */
  emailNorm: string | null;
  prenom: string | null;
  nom: string | null;
  scenario: string;
  recommendations: readonly CampaignRecommendation[];
}

/**
 * campaign.csv: one row per exported customer, ordered by client code (code points), UTF-8 with BOM,
 * French prices, empty cells after the last recommendation. Throws when an invariant the audit
 * guarantees is broken: a missing email, the same normalised email twice, more than three wines.
 */
export function buildCampaignCsv(customers: readonly CampaignCustomer[]): string {
  const sorted = [...customers].sort((a, b) => (a.clientCode < b.clientCode ? -1 : a.clientCode > b.clientCode ? 1 : 0));
  const seenEmails = new Set<string>();
  const rows = sorted.map((customer) => {
    const email = customer.email?.trim() ?? "";
    if (email === "") throw new Error(`campaign invariant: exported customer ${customer.clientCode} has no email`);
    const emailKey = customer.emailNorm?.trim() || email.toLowerCase();
    if (seenEmails.has(emailKey)) throw new Error(`campaign invariant: one email on several exported codes (${customer.clientCode})`);
    seenEmails.add(emailKey);
    return toCampaignRow(customer, email);
  });
  return toCsv(campaignCsvHeader, rows, { bom: true });
}

function toCampaignRow(customer: CampaignCustomer, email: string): string[] {
  const recommendations = [...customer.recommendations].sort((a, b) => a.rank - b.rank);
  if (recommendations.length > RECO_SLOTS)
    throw new Error(`campaign invariant: ${customer.clientCode} has ${recommendations.length} selected wines (max ${RECO_SLOTS})`);
  const cells = [customer.clientCode, email, customer.prenom?.trim() ?? "", customer.nom?.trim() ?? "", customer.scenario];
  for (let slot = 0; slot < RECO_SLOTS; slot++) {
    const reco = recommendations[slot];
    if (reco) cells.push(reco.article, reco.productName ?? "", formatFrenchPrice(reco.priceTtc), reco.explanationFr);
    else cells.push("", "", "", "");
  }
  return cells;
}
