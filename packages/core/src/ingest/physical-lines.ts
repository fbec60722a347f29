const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Turns csv-parse's `info.lines` into each record's first physical line (header = line 1).
 * csv-parse reports the line where a record ends, but counts a CRLF inside a quoted field as two lines and
 * carries that drift to every later record; this tracker removes the drift and steps back over the
 * record's own line breaks.
 */
export class PhysicalLineTracker {
  private quotedCrlfSeen = 0;

  firstLine(fields: readonly string[], reportedLines: number): number {
    let breaks = 0;
    for (const field of fields) {
      if (field.indexOf("\n") < 0 && field.indexOf("\r") < 0) continue;
      for (const match of field.matchAll(LINE_BREAK)) {
        breaks++;
        if (match[0] === "\r\n") this.quotedCrlfSeen++;
      }
    }
    return reportedLines - this.quotedCrlfSeen - breaks;
  }

  /** A line csv-parse reported (e.g. in a parse error) without the drift of quoted CRLFs seen so far. */
  correct(reportedLines: number): number {
    return reportedLines - this.quotedCrlfSeen;
  }
}
