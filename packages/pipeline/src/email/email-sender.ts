/** A fully built message: the MIME text is shared by every sender (SES raw, local SES, .eml outbox). */
export interface OutgoingEmail {
  from: string;
  to: readonly string[];
  /** RFC 5322 + MIME message with CRLF line ends (`buildMimeMessage`). */
  mime: string;
  /** File stem for senders that keep a copy, e.g. `<runId>-<outcome>`; letters, digits, `-`, `_` and `.`. */
  name: string;
}

/** The port notify sends through. */
export interface EmailSender {
  send(message: OutgoingEmail): Promise<{ messageId: string }>;
}
