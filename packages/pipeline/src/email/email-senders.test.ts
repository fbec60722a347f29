import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { afterAll, describe, expect, it } from "vitest";
import { createEmailSender } from "./create-email-sender";
import type { OutgoingEmail } from "./email-sender";
import { OutboxEmailSender } from "./outbox-email-sender";
import { createSesClient, SesEmailSender } from "./ses-email-sender";

const message: OutgoingEmail = {
  from: "crm-reco@domaine-exemple.fr",
  to: ["marketing@domaine-exemple.fr"],
  mime: "Message-ID: <m-1@domaine-exemple.fr>\r\nSubject: =?UTF-8?B?w4k=?=\r\n\r\nCorps\r\n",
  name: "run-1-SUCCEEDED",
};

describe("email senders", () => {
  const dir = mkdtempSync(join(tmpdir(), "crm-reco-outbox-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps the message as <name>.eml in the outbox, replacing an earlier copy", async () => {
    const sender = new OutboxEmailSender(join(dir, "nested"));
    expect(await sender.send({ ...message, mime: "old" })).toEqual({ messageId: "run-1-SUCCEEDED.eml" });
    expect(await sender.send(message)).toEqual({ messageId: "m-1@domaine-exemple.fr" });
    expect(readFileSync(join(dir, "nested", "run-1-SUCCEEDED.eml"), "utf8")).toBe(message.mime);
    await expect(sender.send({ ...message, name: "../escape" })).rejects.toThrow(/unsafe outbox file name/);
  });

  it("sends the raw MIME through SES v2", async () => {
    const commands: SendEmailCommand[] = [];
    const client = {
      send: async (command: SendEmailCommand) => {
        commands.push(command);
        return { MessageId: "ses-42" };
      },
    } as unknown as SESv2Client;
    expect(await new SesEmailSender(client).send(message)).toEqual({ messageId: "ses-42" });
    const input = commands[0]?.input;
    expect(input?.FromEmailAddress).toBe("crm-reco@domaine-exemple.fr");
    expect(input?.Destination?.ToAddresses).toEqual(["marketing@domaine-exemple.fr"]);
    expect(Buffer.from(input?.Content?.Raw?.Data ?? []).toString("utf8")).toBe(message.mime);
  });

  it("points the SES client at a local endpoint and chooses the outbox when one is configured", async () => {
    const endpoint = await createSesClient("http://127.0.0.1:8005").config.endpoint?.();
    expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe("http://127.0.0.1:8005");
    expect(createEmailSender({ CRM_RECO_OUTBOX_DIR: dir })).toBeInstanceOf(OutboxEmailSender);
    expect(createEmailSender({})).toBeInstanceOf(SesEmailSender);
  });
});
