import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { awsClientSettings } from "../aws-client-settings";
import type { EmailSender, OutgoingEmail } from "./email-sender";

/** Creates the SES v2 client; `AWS_ENDPOINT_URL_SES` / `AWS_ENDPOINT_URL` point it at a local SES server. */
export function createSesClient(endpoint = process.env.AWS_ENDPOINT_URL_SES ?? process.env.AWS_ENDPOINT_URL): SESv2Client {
  return new SESv2Client(awsClientSettings(endpoint));
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
