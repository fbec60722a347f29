import { createHash } from "node:crypto";

/**
 * A customer's deterministic position in [0, 1): the first 8 hex digits of SHA-256("<salt>:<client_code>")
 * read as a fraction of 2^32. The same code and salt always give the same position, on every machine.
 */
export function holdoutPosition(clientCode: string, salt: string): number {
  const digest = createHash("sha256").update(`${salt}:${clientCode}`, "utf8").digest("hex");
  return Number.parseInt(digest.slice(0, 8), 16) / 2 ** 32;
}

export function isInHoldout(clientCode: string, holdout: { share: number; salt: string }): boolean {
  return holdoutPosition(clientCode, holdout.salt) < holdout.share;
}
