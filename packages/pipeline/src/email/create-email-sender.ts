import type { StageEnvironment } from "../environment";
import type { EmailSender } from "./email-sender";
import { OutboxEmailSender } from "./outbox-email-sender";
import { createSesClient, SesEmailSender } from "./ses-email-sender";
import { TeeEmailSender } from "./tee-email-sender";

/**
 * How notify sends:
 * - AWS: SES v2.
 * - Local stack (`CRM_RECO_OUTBOX_DIR` and an SES endpoint, `AWS_ENDPOINT_URL_SES` or `AWS_ENDPOINT_URL`): SES v2
 *   against that endpoint (aws-ses-v2-local, or LocalStack) *and* a `.eml` copy in the outbox.
 * - An outbox without any SES endpoint (unit tests, a bare local run): the outbox only.
 */
export function createEmailSender(
  env: Pick<StageEnvironment, "CRM_RECO_OUTBOX_DIR">,
  sesEndpoint: string | undefined = process.env.AWS_ENDPOINT_URL_SES ?? process.env.AWS_ENDPOINT_URL,
): EmailSender {
  if (!env.CRM_RECO_OUTBOX_DIR) return new SesEmailSender();
  const outbox = new OutboxEmailSender(env.CRM_RECO_OUTBOX_DIR);
  return sesEndpoint ? new TeeEmailSender(new SesEmailSender(createSesClient(sesEndpoint)), outbox) : outbox;
}
