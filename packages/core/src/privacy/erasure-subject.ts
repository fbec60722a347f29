import { normaliseClientCode, normaliseEmail } from "../ingest/normalise-identity";

/** How an erasure or access request names the person: an email when it contains `@`, else a client code. */
export type SubjectReference = { kind: "EMAIL"; email: string } | { kind: "CLIENT_CODE"; clientCode: string };

export function parseSubjectReference(raw: string): SubjectReference {
  if (raw.includes("@")) {
    const email = normaliseEmail(raw);
    if (email) return { kind: "EMAIL", email };
  }
  const clientCode = normaliseClientCode(raw);
  if (!clientCode) throw new Error("expected a client code or an email");
  return { kind: "CLIENT_CODE", clientCode };
}

/** Everything that identifies one person, gathered from every customer record that is theirs. */
export interface ErasureSubject {
  clientCodes: string[];
  emails: string[];
  /** Phone numbers as written; matched on their digits. */
  phones: string[];
  /** Full names ("Prénom Nom") and family names as written. */
  fullNames: string[];
  familyNames: string[];
}
