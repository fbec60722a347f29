import * as iam from "aws-cdk-lib/aws-iam";
import * as ses from "aws-cdk-lib/aws-ses";
import type { StackContext } from "sst/constructs";
import { useAppSettings } from "./use-app-settings";

/**
 * The SES identity of notifications.yaml `sender` (SES emails a verification link on first deploy) and the only
 * permission the notify function has on SES: send as that identity.
 */
export function Notify({ stack, app }: StackContext) {
  const { config } = useAppSettings(app);
  const { sender, recipients } = config.notifications;
  const senderIdentity = new ses.EmailIdentity(stack, "SenderIdentity", { identity: ses.Identity.email(sender) });

  const identityArn = (address: string) => `arn:${stack.partition}:ses:${stack.region}:${stack.account}:identity/${address}`;
  // In the SES sandbox the recipients' identities are authorised too; in production access only the sender's is checked.
  const sendStatement = new iam.PolicyStatement({
    actions: ["ses:SendEmail", "ses:SendRawEmail"],
    resources: [senderIdentity.emailIdentityArn, ...[...new Set(recipients)].filter((to) => to !== sender).map(identityArn)],
  });

  stack.addOutputs({ SenderIdentity: senderIdentity.emailIdentityName });
  return { senderIdentity, sendStatement };
}
