import type { EmailSender, OutgoingEmail } from "./email-sender";

/**
 * Sends through the primary sender (SES, or the local SES server) and then keeps a copy (the `.eml` outbox).
 * The message id is the primary's; if the primary fails nothing is kept, as in AWS, and notify retries.
 */
export class TeeEmailSender implements EmailSender {
  constructor(
    private readonly primary: EmailSender,
    private readonly copy: EmailSender,
  ) {}

  async send(message: OutgoingEmail): Promise<{ messageId: string }> {
    const sent = await this.primary.send(message);
    await this.copy.send(message);
    return sent;
  }
}
