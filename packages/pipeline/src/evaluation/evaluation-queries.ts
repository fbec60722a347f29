import type { DatabaseHandle } from "@crm-reco/db";
import { sql } from "kysely";

/** A customer × article pair. */
export interface CustomerArticle {
  clientCode: string;
  article: string;
}

/** The selected (proposed) recommendations of a run, per customer in rank order. */
export async function loadSelectedRecommendations(handle: DatabaseHandle, runId: string): Promise<Map<string, string[]>> {
  const { rows } = await sql<CustomerArticle>`
    SELECT client_code AS "clientCode", article
    FROM recommendations
    WHERE run_id = ${runId} AND selected
    ORDER BY client_code COLLATE "C", rank`.execute(handle.db);
  return groupArticles(rows);
}

/**
 * What customers bought in the hidden window `(after, upTo]`: distinct articles of non-credit sales lines
 * with a positive quantity (the recommender's definition of a purchase).
 */
export async function loadHiddenPurchases(handle: DatabaseHandle, window: { after: string; upTo: string }): Promise<Map<string, string[]>> {
  const { rows } = await sql<CustomerArticle>`
    SELECT client_code AS "clientCode", article
    FROM sales_lines
    WHERE NOT is_credit AND qty > 0 AND date_livraison > ${window.after}::date AND date_livraison <= ${window.upTo}::date
    GROUP BY client_code, article
    ORDER BY client_code COLLATE "C", article COLLATE "C"`.execute(handle.db);
  return groupArticles(rows);
}

function groupArticles(rows: readonly CustomerArticle[]): Map<string, string[]> {
  const byCustomer = new Map<string, string[]>();
  for (const row of rows) {
    const list = byCustomer.get(row.clientCode) ?? [];
    list.push(row.article);
    byCustomer.set(row.clientCode, list);
  }
  return byCustomer;
}
