import type { StageEnvironment } from "../environment";
import type { EmailSender } from "./email-sender";
import { OutboxEmailSender } from "./outbox-email-sender";
import { SesEmailSender } from "./ses-email-sender";

/** The outbox folder when `CRM_RECO_OUTBOX_DIR` is set (local stack), else SES. */
export function createEmailSender(env: Pick<StageEnvironment, "CRM_RECO_OUTBOX_DIR">): EmailSender {
  return env.CRM_RECO_OUTBOX_DIR ? new OutboxEmailSender(env.CRM_RECO_OUTBOX_DIR) : new SesEmailSender();
}
