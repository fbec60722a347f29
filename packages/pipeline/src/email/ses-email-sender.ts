import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { EmailSender, OutgoingEmail } from "./email-sender";

/** Creates the SES v2 client; `AWS_ENDPOINT_URL_SES` / `AWS_ENDPOINT_URL` point it at a local SES server. */
export function createSesClient(endpoint = process.env.AWS_ENDPOINT_URL_SES ?? process.env.AWS_ENDPOINT_URL): SESv2Client {
  return new SESv2Client({
    region: process.env.AWS_REGION ?? "eu-west-3",
    ...(endpoint
      ? {
          endpoint,
          credentials: {
            accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "local",
            secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "local",
          },
        }
      : {}),
  });
}

/** Sends the raw MIME message through SES v2 (`Content.Raw`), in AWS and against a local SES server alike. */
export class SesEmailSender implements EmailSender {
  constructor(private readonly client: SESv2Client = createSesClient()) {}

  async send(message: OutgoingEmail): Promise<{ messageId: string }> {
    const response = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: message.from,
        Destination: { ToAddresses: [...message.to] },
        Content: { Raw: { Data: Buffer.from(message.mime, "utf8") } },
      }),
    );
    if (!response.MessageId) throw new Error("SES accepted the message but returned no MessageId");
    return { messageId: response.MessageId };
  }
}
