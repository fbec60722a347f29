import { createHash } from "node:crypto";
import { toCanonicalJson } from "./canonical-json";

export interface ExportFileDigest {
  name: string;
  sha256: string;
  bytes: number;
}

export function digestFile(name: string, content: string | Uint8Array): ExportFileDigest {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return { name, sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.byteLength };
}

/** `manifest.json`: SHA-256 and byte size of every other file of the export, sorted by name. */
export function buildManifest(runId: string, version: number, files: readonly ExportFileDigest[]): string {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return toCanonicalJson({ runId, version, files: sorted.map(({ name, sha256, bytes }) => ({ name, sha256, bytes })) });
}
