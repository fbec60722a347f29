import { createHash } from "node:crypto";

/** What a tombstone remembers of an erased person: their normalised client code, or their normalised email. */
export type TombstoneKind = "CLIENT_CODE" | "EMAIL";

/**
 * The salted SHA-256 a tombstone stores instead of the identifier (hex of `salt|kind|value`). The ingest merge
 * computes the same expression in SQL (`encode(sha256(convert_to(...)), 'hex')`): keep both in step.
 */
export function tombstoneHash(salt: string, kind: TombstoneKind, normalisedValue: string): string {
  return createHash("sha256").update(`${salt}|${kind}|${normalisedValue}`, "utf8").digest("hex");
}

/** The code an erased customer's kept aggregates (sales lines, ledger amounts) are filed under. */
export function erasedPseudonym(salt: string, normalisedClientCode: string): string {
  return `EFFACE-${tombstoneHash(salt, "CLIENT_CODE", normalisedClientCode).slice(0, 16).toUpperCase()}`;
}
