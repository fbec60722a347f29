/**
 * Quoted-printable body encoding (RFC 2045 §6.7) of UTF-8 text: `\n` becomes a CRLF hard break,
 * encoded lines stay within 76 characters with `=` soft breaks, trailing blanks are encoded.
 * `=` is always encoded, so a boundary starting with `=_` can never occur in the body.
 */
const MAX_LINE = 76;

export function encodeQuotedPrintable(text: string): string {
  return text
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((line) => encodeLine(Buffer.from(line, "utf8")))
    .join("\r\n");
}

function encodeLine(bytes: Buffer): string {
  const out: string[] = [];
  let current = "";
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    const isLast = i === bytes.length - 1;
    const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !isLast);
    const token = literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    // Keep room for the soft break `=` unless this token ends the line.
    const limit = isLast ? MAX_LINE : MAX_LINE - 1;
    if (current.length + token.length > limit) {
      out.push(`${current}=`);
      current = "";
    }
    current += token;
  }
  out.push(current);
  return out.join("\r\n");
}

export function decodeQuotedPrintable(encoded: string): string {
  const withoutSoftBreaks = encoded.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < withoutSoftBreaks.length; i++) {
    const ch = withoutSoftBreaks[i] as string;
    if (ch === "=" && /^[0-9A-Fa-f]{2}$/.test(withoutSoftBreaks.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(withoutSoftBreaks.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(ch, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8").replace(/\r\n/g, "\n");
}
