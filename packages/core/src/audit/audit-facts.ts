/** What the audit needs to know about one customer of a run, gathered set-based by the audit stage. */
export interface CustomerAuditFacts {
  clientCode: string;
  scenario: string;
  /** The scenario stage's reason (the HOLD reason for HOLD customers). */
  scenarioReason: string;
  /** Normalised email, else the raw one; null when there is none. */
  email: string | null;
  consent: "OPT_IN" | "REFUSED" | "UNKNOWN";
  /** YYYY-MM-DD. */
  birthDate: string | null;
  /** Distinct orders (credit notes excluded) on or before the as-of date. */
  orders: number;
  lastOrderDate: string | null;
  /** Latest contact at any date, matched by client code or email. */
  lastContactDate: string | null;
  /** Distinct contact statuses at any date, matched by client code or email. */
  contactStatuses: readonly string[];
  /** Overdue ledger balance in cents. */
  overdueCents: number;
  /** null when the customer has no aroma profile. */
  aromaConfidence: number | null;
  /** Usual price per 75 cl bottle-equivalent, HT; null when unknown. */
  priceBandHt: number | null;
  /** The selected (proposed) recommendations. */
  recommendations: readonly RecommendationAuditFacts[];
}

export interface RecommendationAuditFacts {
  rank: number;
  article: string;
  isBackfill: boolean;
  explanationFr: string;
  explanationEn: string;
  /** false when the article is not in the products table. */
  productKnown: boolean;
  active: boolean;
  stub: boolean;
  priceTtc: number | null;
  priceHt: number | null;
  /** Bottle-equivalents (75 cl) per unit sold. */
  bottleFactor: number;
  family: string | null;
  cuvee: string | null;
  /** Summed over warehouses; 0 without a stock row. */
  stockQuantity: number;
  /** The customer's latest purchase of this article on or before the as-of date. */
  lastPurchaseDate: string | null;
}

/** How a customer's email relates to other client codes with the same normalised email. */
export type EmailIdentity = "SOLE" | "PRIMARY" | "DUPLICATE";
