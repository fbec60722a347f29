import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { buildMimeMessage } from "@crm-reco/core";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalSes } from "../local/ses-server";
import { createEmailSender } from "./create-email-sender";
import type { OutgoingEmail } from "./email-sender";
import { OutboxEmailSender } from "./outbox-email-sender";
import { createSesClient, SesEmailSender } from "./ses-email-sender";
import { TeeEmailSender } from "./tee-email-sender";

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
    expect(createEmailSender({ CRM_RECO_OUTBOX_DIR: dir }, undefined)).toBeInstanceOf(OutboxEmailSender);
    expect(createEmailSender({ CRM_RECO_OUTBOX_DIR: dir }, "http://127.0.0.1:8005")).toBeInstanceOf(TeeEmailSender);
    expect(createEmailSender({}, "http://127.0.0.1:8005")).toBeInstanceOf(SesEmailSender);
  });

  it("locally, sends through the SES v2 API to aws-ses-v2-local and keeps the .eml copy", async () => {
    const ses = await startLocalSes();
    try {
      const outbox = join(dir, "tee");
      const mime = buildMimeMessage({
        from: "crm-reco@domaine-exemple.fr",
        to: ["marketing@domaine-exemple.fr"],
        subject: "Exports prêts — run tee-1",
        text: "Bonjour,\n\nPrêt pour relecture.\n",
        html: "<p>Prêt pour relecture.</p>",
        date: new Date("2025-02-01T08:00:00Z"),
        messageId: "crm-reco.tee-1.succeeded@domaine-exemple.fr",
      });
      const sender = createEmailSender({ CRM_RECO_OUTBOX_DIR: outbox }, ses.endpoint);
      const { messageId } = await sender.send({ ...message, mime, name: "tee-1-SUCCEEDED" });
      const store = (await (await fetch(`${ses.endpoint}/store`)).json()) as {
        emails: Array<{ messageId: string; from: string; subject: string; destination: { to: string[] }; body: { text?: string } }>;
      };
      const sent = store.emails.find((email) => email.messageId === messageId);
      expect(sent?.subject).toBe("Exports prêts — run tee-1");
      expect(sent?.from).toContain("crm-reco@domaine-exemple.fr");
      expect(sent?.destination.to.join(",")).toContain("marketing@domaine-exemple.fr");
      expect(sent?.body.text).toContain("Prêt pour relecture.");
      expect(readFileSync(join(outbox, "tee-1-SUCCEEDED.eml"), "utf8")).toBe(mime);
    } finally {
      await ses.close();
    }
  });
});
