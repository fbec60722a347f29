/**
 * RFC 2047 `=?UTF-8?B?…?=` encoded words for header values that are not plain ASCII (the French subject).
 * Words are cut on character boundaries, at most 39 bytes each, so a folded line stays under 78 characters.
 */
const MAX_WORD_BYTES = 39;
const PLAIN_HEADER = /^[\x20-\x7e]*$/;

export function encodeHeaderValue(value: string): string {
  if (PLAIN_HEADER.test(value)) return value;
  const words: string[] = [];
  let chunk = "";
  for (const char of value) {
    if (Buffer.byteLength(chunk + char, "utf8") > MAX_WORD_BYTES) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, "utf8").toString("base64")}?=`).join("\r\n ");
}

/** Decodes the encoded words of an unfolded or folded header value (whitespace between words is dropped). */
export function decodeHeaderValue(value: string): string {
  return value.replace(/\?=\s+=\?/g, "?==?").replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, mode: string, data: string) =>
    mode.toUpperCase() === "B"
      ? Buffer.from(data, "base64").toString("utf8")
      : Buffer.from(
          data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
          "latin1",
        ).toString("utf8"),
  );
}
