import { createHash } from "node:crypto";
import { encodeHeaderValue } from "./encoded-word";
import { encodeQuotedPrintable } from "./quoted-printable";

export interface MimeMessageInput {
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  html: string;
  date: Date;
  /** Without angle brackets, e.g. `run-1.succeeded@domaine.fr`. */
  messageId: string;
  /** Extra ASCII headers (`X-CRM-Reco-Run`). */
  headers?: Readonly<Record<string, string>>;
}

/**
 * An RFC 5322 + MIME message (CRLF line ends): multipart/alternative with a quoted-printable UTF-8
 * text part and a simple HTML part. Shared by every email sender (SES raw, local SES, .eml outbox).
 */
export function buildMimeMessage(input: MimeMessageInput): string {
  const boundary = `=_crm-reco_${createHash("sha256").update(input.text).update("\0").update(input.html).digest("hex").slice(0, 24)}`;
  const headers = [
    `From: ${input.from}`,
    `To: ${input.to.join(", ")}`,
    `Subject: ${encodeHeaderValue(input.subject)}`,
    `Date: ${formatRfc5322Date(input.date)}`,
    `Message-ID: <${input.messageId}>`,
    ...Object.entries(input.headers ?? {}).map(([name, value]) => `${name}: ${encodeHeaderValue(value)}`),
    "MIME-Version: 1.0",
    `Content-Type: multipart/alternative;\r\n boundary="${boundary}"`,
  ];
  const part = (type: string, body: string) =>
    [
      `--${boundary}`,
      `Content-Type: ${type}; charset=UTF-8`,
      "Content-Transfer-Encoding: quoted-printable",
      "",
      encodeQuotedPrintable(body),
    ].join("\r\n");
  return [...headers, "", part("text/plain", input.text), part("text/html", input.html), `--${boundary}--`, ""].join("\r\n");
}

export function formatRfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}
