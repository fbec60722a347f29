export type TextEncodingName = "utf-8-bom" | "utf-8" | "windows-1252";

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Decides a file's encoding while its bytes stream past (memory stays flat): a UTF-8 BOM means UTF-8; bytes
 * that are valid UTF-8 throughout mean UTF-8; anything else is Windows-1252 (Excel's "CSV (séparateur: point-virgule)").
 */
export class EncodingSniffer {
  private readonly validator = new TextDecoder("utf-8", { fatal: true });
  private head: number[] = [];
  private valid = true;

  push(chunk: Uint8Array): void {
    for (let i = 0; this.head.length < BOM.length && i < chunk.length; i++) this.head.push(chunk[i] as number);
    if (!this.valid) return;
    try {
      this.validator.decode(chunk, { stream: true });
    } catch {
      this.valid = false;
    }
  }

  /**
   * The encoding of the bytes pushed. With `atEnd` false, they are only the start of the file: a character cut
   * at their end is not a fault, and the answer "utf-8" means "UTF-8 so far".
   */
  finish(atEnd = true): TextEncodingName {
    if (BOM.every((byte, i) => this.head[i] === byte)) return "utf-8-bom";
    if (this.valid && atEnd) {
      try {
        this.validator.decode();
      } catch {
        this.valid = false;
      }
    }
    return this.valid ? "utf-8" : "windows-1252";
  }
}
