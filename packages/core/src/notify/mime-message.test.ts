import { describe, expect, it } from "vitest";
import { decodeHeaderValue, encodeHeaderValue } from "./encoded-word";
import { buildMimeMessage } from "./mime-message";
import { decodeQuotedPrintable, encodeQuotedPrintable } from "./quoted-printable";

/** A small reader for what the builder writes: unfolded headers and the two parts. */
function parseMessage(raw: string) {
  const [head = "", body = ""] =
    raw.split("\r\n\r\n", 2).length === 2 ? [raw.slice(0, raw.indexOf("\r\n\r\n")), raw.slice(raw.indexOf("\r\n\r\n") + 4)] : [];
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const boundary = /boundary="([^"]+)"/.exec(headers.get("content-type") ?? "")?.[1] ?? "";
  const parts = body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const text = part.replace(/^\r\n/, "").replace(/\r\n$/, "");
      const split = text.indexOf("\r\n\r\n");
      return { head: text.slice(0, split), body: text.slice(split + 4) };
    });
  return { headers, boundary, parts, tail: body.slice(body.lastIndexOf(`--${boundary}`)) };
}

describe("MIME message", () => {
  const raw = buildMimeMessage({
    from: "crm-reco@domaine-exemple.fr",
    to: ["marketing@domaine-exemple.fr", "cave@domaine-exemple.fr"],
    subject: "[crm-reco] Échec du run run-1 (étape features) — réessayer après correction du fichier clients",
    text: "Étape en échec : features\nMotif : « = » n'est pas un nombre   \n",
    html: "<p>Étape en échec : features</p>\n",
    date: new Date(Date.UTC(2025, 0, 31, 8, 5, 9)),
    messageId: "crm-reco.run-1.failed@domaine-exemple.fr",
    headers: { "X-CRM-Reco-Run": "run-1" },
  });

  it("writes RFC 5322 headers with an RFC 2047 encoded UTF-8 subject and CRLF line ends", () => {
    const { headers } = parseMessage(raw);
    expect(raw.replace(/\r\n/g, "")).not.toContain("\n");
    expect(headers.get("from")).toBe("crm-reco@domaine-exemple.fr");
    expect(headers.get("to")).toBe("marketing@domaine-exemple.fr, cave@domaine-exemple.fr");
    expect(headers.get("date")).toBe("Fri, 31 Jan 2025 08:05:09 +0000");
    expect(headers.get("message-id")).toBe("<crm-reco.run-1.failed@domaine-exemple.fr>");
    expect(headers.get("mime-version")).toBe("1.0");
    expect(headers.get("x-crm-reco-run")).toBe("run-1");
    const subject = headers.get("subject") ?? "";
    expect(subject).toMatch(/^=\?UTF-8\?B\?/);
    expect(decodeHeaderValue(subject)).toBe(
      "[crm-reco] Échec du run run-1 (étape features) — réessayer après correction du fichier clients",
    );
    for (const line of raw.split("\r\n")) expect(line.length).toBeLessThanOrEqual(78);
  });

  it("has a quoted-printable UTF-8 text part and an HTML part that decode to the originals", () => {
    const { parts, boundary, tail } = parseMessage(raw);
    expect(boundary).toMatch(/^=_crm-reco_[0-9a-f]{24}$/);
    expect(tail).toBe(`--${boundary}--\r\n`);
    expect(parts).toHaveLength(2);
    expect(parts[0]?.head).toBe("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable");
    expect(decodeQuotedPrintable(parts[0]?.body ?? "")).toBe("Étape en échec : features\nMotif : « = » n'est pas un nombre   \n");
    expect(parts[1]?.head).toContain("text/html; charset=UTF-8");
    expect(decodeQuotedPrintable(parts[1]?.body ?? "")).toBe("<p>Étape en échec : features</p>\n");
  });

  it("encodes quoted-printable lines within 76 characters, escaping =, 8-bit bytes and trailing blanks", () => {
    expect(encodeQuotedPrintable("a = é \nb")).toBe("a =3D =C3=A9=20\r\nb");
    const long = encodeQuotedPrintable("é".repeat(40));
    for (const line of long.split("\r\n")) expect(line.length).toBeLessThanOrEqual(76);
    expect(decodeQuotedPrintable(long)).toBe("é".repeat(40));
  });

  it("keeps a plain ASCII header as is", () => {
    expect(encodeHeaderValue("Exports ready")).toBe("Exports ready");
  });
});
