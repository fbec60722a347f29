import { createHash } from "node:crypto";
import type { InboxFile } from "./contracts";

/**
 * The run id is the Step Functions execution name: derived from the drop's keys and ETags, so a
 * redelivered message or a re-upload of the same objects never starts a second run (ARCHITECTURE §2).
 */
export function runIdForDrop(dropKey: string, files: readonly InboxFile[]): string {
  const hash = createHash("sha256");
  hash.update(dropKey);
  for (const file of [...files].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)))
    hash.update(`\0${file.key}\0${file.etag ?? ""}`);
  const label =
    dropKey
      .replace(/[^A-Za-z0-9_-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 56) || "root";
  return `${label}-${hash.digest("hex").slice(0, 16)}`;
}
