import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { EmailSender, OutgoingEmail } from "./email-sender";

const SAFE_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Keeps each message as `<name>.eml` in a local folder for a person to open (any mail client reads it).
 * Written to a temporary file then renamed, so a reader never sees half a message; a re-send replaces it.
 */
export class OutboxEmailSender implements EmailSender {
  constructor(private readonly dir: string) {}

  async send(message: OutgoingEmail): Promise<{ messageId: string }> {
    if (!SAFE_NAME.test(message.name) || message.name.startsWith(".")) throw new Error(`unsafe outbox file name: ${message.name}`);
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${message.name}.eml`);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, message.mime, "utf8");
    await rename(temporary, path);
    const header = /^Message-ID:\s*<([^>]+)>/im.exec(message.mime);
    return { messageId: header?.[1] ?? `${message.name}.eml` };
  }
}
