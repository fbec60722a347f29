import { stripAccents } from "../ingest/normalise-header";
import type { ErasureSubject } from "./erasure-subject";

/** Phone digits shorter than this are too common to be sure they are this person's. */
const MIN_PHONE_DIGITS = 6;

const comparable = (text: string) => stripAccents(text).toLowerCase().replace(/\s+/g, " ").trim();
const digitsOf = (text: string) => text.replace(/\D+/g, "");
/** Export cells that looked like formulas carry a leading apostrophe (neutraliseFormula). */
const unneutralised = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const wordPattern = (words: string[]) =>
  words.length === 0 ? null : new RegExp(`(^|[^\\p{L}\\p{N}])(${words.map(escapeRegExp).join("|")})($|[^\\p{L}\\p{N}])`, "u");

/** The phone's digits with any spacing or punctuation between them; a leading 0 may be written +33 / 0033. */
function phonePattern(digits: string): RegExp {
  const spaced = (part: string) => part.split("").join("[\\s.()/-]*");
  const national = digits.startsWith("0") ? `|(?:\\+|00)\\s*33[\\s.()/-]*(?:\\(0\\))?[\\s.()/-]*${spaced(digits.slice(1))}` : "";
  return new RegExp(`(?<!\\d)(?:${spaced(digits)}${national})(?!\\d)`);
}

export interface ErasedRecordMatcher {
  /** A per-customer export row: its client code cell, or its email cell, is the person's. */
  isSubjectRow(clientCodeCell: string | undefined, emailCell: string | undefined): boolean;
  /** Free text (a reject's value, a message): mentions the person's code, email, phone, full name or family name. */
  mentionsSubject(text: string): boolean;
  /** Like `mentionsSubject` without family names alone (for whole documents where a common surname is no proof). */
  identifiesSubject(text: string): boolean;
}

/**
 * Decides which rows of a past export, which rejects and which messages hold an erased person's data.
 * It errs on the side of removal: a reject naming someone with the same family name goes too.
 */
export function createErasedRecordMatcher(subject: ErasureSubject): ErasedRecordMatcher {
  const codes = new Set(subject.clientCodes.map((code) => code.toUpperCase()));
  const emails = subject.emails.map((email) => email.trim().toLowerCase()).filter((email) => email !== "");
  const phones = subject.phones
    .map(digitsOf)
    .filter((digits) => digits.length >= MIN_PHONE_DIGITS)
    .map((digits) => phonePattern(digits));
  const strong = wordPattern([...subject.clientCodes.map(comparable), ...subject.fullNames.map(comparable)].filter((w) => w.length >= 2));
  const weak = wordPattern(subject.familyNames.map(comparable).filter((word) => word.length >= 2));

  const identifies = (text: string) => {
    const lower = comparable(text);
    if (emails.some((email) => lower.includes(email))) return true;
    if (strong?.test(lower)) return true;
    return phones.some((phone) => phone.test(text));
  };
  return {
    isSubjectRow(clientCodeCell, emailCell) {
      if (clientCodeCell !== undefined && codes.has(unneutralised(clientCodeCell).trim().toUpperCase())) return true;
      return emailCell !== undefined && emails.includes(unneutralised(emailCell).trim().toLowerCase());
    },
    mentionsSubject: (text) => identifies(text) || (weak?.test(comparable(text)) ?? false),
    identifiesSubject: identifies,
  };
}
