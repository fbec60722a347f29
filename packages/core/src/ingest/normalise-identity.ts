import { stripAccents } from "./normalise-header";

/** Customer identity (DOMAIN §1): trimmed, upper case, no accents, no spaces — ` dupont é1 ` → `DUPONTE1`. */
export function normaliseClientCode(raw: string): string | null {
  const code = stripAccents(raw).toUpperCase().replace(/\s+/g, "");
  return code === "" ? null : code;
}

/** Product identity: the article code, trimmed and upper case. */
export function normaliseArticle(raw: string): string | null {
  const article = raw.trim().toUpperCase();
  return article === "" ? null : article;
}

/** The comparable form of an email (the raw one is kept for display). */
export function normaliseEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return email === "" ? null : email;
}

/** Trimmed text, blank → null. */
export function cleanText(raw: string): string | null {
  const text = raw.trim();
  return text === "" ? null : text;
}
