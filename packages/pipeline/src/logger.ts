import { appendFileSync } from "node:fs";

/**
 * One structured logger for the whole platform. Fields are counts, ids, durations and codes:
 * never names, emails, phones or addresses (DOMAIN §9) — pass customer identifiers only as counts.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined | Record<string, number>>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

type Sink = (line: string) => void;

let sink: Sink = (line) => process.stdout.write(`${line}\n`);

/** Locally the CLI sends log lines to a file so the terminal shows progress; Lambda keeps stdout. */
export function setLogSink(next: Sink | "silent" | { file: string }): void {
  if (next === "silent") sink = () => {};
  else if (typeof next === "function") sink = next;
  else sink = (line) => appendFileSync(next.file, `${line}\n`);
}

/** Keys that would carry personal data (DOMAIN §9), in French and English, with or without accents or separators. */
const PERSONAL_KEY =
  /^(e_?mail|email_?norm|mail|nom|prenom|pr[ée]nom|name|first_?name|last_?name|full_?name|t[ée]l[ée]phone|phone|tel|mobile|adresse|address|date_?naissance|birth_?date)$/i;

/** Free text (error messages) may quote a value: emails and French phone numbers in it are masked. */
const EMAIL_IN_TEXT = /[^\s@<>"'(),;]+@[^\s@<>"'(),;]+\.[A-Za-z]{2,}/g;
const PHONE_IN_TEXT = /(?<!\d)(?:\+33|0033|0)\s*[1-9](?:[\s.-]*\d{2}){4}(?!\d)/g;

function maskText(text: string): string {
  return text.replace(EMAIL_IN_TEXT, "[email]").replace(PHONE_IN_TEXT, "[phone]");
}

/**
 * The redaction guard: a personal-looking key never reaches the sink with its value, at any depth, and emails
 * or phone numbers quoted inside text values are masked.
 */
export function redactPersonalFields(fields: LogFields): LogFields {
  const redacted: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (PERSONAL_KEY.test(key.replace(/[\s-]/g, "_"))) redacted[key] = "[redacted]";
    else if (value !== null && typeof value === "object") redacted[key] = redactPersonalFields(value) as Record<string, number>;
    else redacted[key] = typeof value === "string" ? maskText(value) : value;
  }
  return redacted;
}

export function createLogger(base: LogFields = {}): Logger {
  const write = (level: string, event: string, fields?: LogFields) =>
    sink(JSON.stringify({ level, event, ...redactPersonalFields({ ...base, ...fields }), time: new Date().toISOString() }));
  return {
    info: (event, fields) => write("info", event, fields),
    warn: (event, fields) => write("warn", event, fields),
    error: (event, fields) => write("error", event, fields),
  };
}
