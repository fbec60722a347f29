import type { TextEncodingName } from "@crm-reco/core";
import iconv from "iconv-lite";

/** iconv-lite's name for each detected encoding (Node's TextDecoder mis-decodes `€`/`œ` in Windows-1252). */
const ICONV_NAME: Record<TextEncodingName, string> = { "utf-8-bom": "utf8", "utf-8": "utf8", "windows-1252": "win1252" };

/** A transform from the file's bytes to text; the BOM is removed. */
export function createDecoder(encoding: TextEncodingName): NodeJS.ReadWriteStream {
  return iconv.decodeStream(ICONV_NAME[encoding], { stripBOM: true });
}

export function decodeBytes(bytes: Buffer, encoding: TextEncodingName): string {
  return iconv.decode(bytes, ICONV_NAME[encoding], { stripBOM: true });
}
