import {
  auditTargetsOf,
  buildMimeMessage,
  buildRunEmail,
  evaluateAuditTargets,
  type RunEmailFacts,
  type RunEmailOutcome,
} from "@crm-reco/core";
import { loadOutcomes, loadRunNotification, type OutcomeRow, setRunSucceeded } from "@crm-reco/db";
import { z } from "zod";
import { type NotifyOutput, notifyInputSchema, notifyOutputSchema } from "../contracts";
import { createEmailSender } from "../email/create-email-sender";
import type { EmailSender } from "../email/email-sender";
import type { StageContext } from "./context";
import { defineStage } from "./define-stage";

type NotifyInput = z.infer<typeof notifyInputSchema>;

/** The part of `runs.summary.exports` the email lists (written by the export stage). */
const exportsSummarySchema = z.object({
  bucket: z.string(),
  prefix: z.string(),
  files: z.array(z.object({ name: z.string() })),
});

/**
 * Tells the team a run's exports are ready for review (then marks the run SUCCEEDED: notify is the last
 * state), or that a run failed, with its stage and reason. Counts and codes only: no customer data.
 */
export async function runNotify(
  context: Pick<StageContext, "handle" | "config" | "env">,
  input: NotifyInput,
  sender: EmailSender = createEmailSender(context.env),
  now: Date = new Date(),
): Promise<NotifyOutput> {
  const settings = context.config.notifications;
  const { runId, outcome } = input;
  const targets = auditTargetsOf(context.config.audit);
  const data = await loadRunNotification(context.handle, runId, { minScore: targets.minScore, topFlags: settings.top_flags });
  if (outcome === "SUCCEEDED" && !data.run) throw new Error(`notify: run ${runId} is not registered`);
  const exportsSummary = exportsSummarySchema.safeParse(data.run?.summary.exports);
  const facts: RunEmailFacts = {
    runId,
    outcome,
    asOf: data.run?.asOf ?? null,
    scenarios: data.scenarios,
    gates: data.gates,
    metrics: evaluateAuditTargets(data.metricCounts, targets),
    minScore: targets.minScore,
    topFlags: data.topFlags,
    exports: exportsSummary.success
      ? {
          bucket: exportsSummary.data.bucket,
          prefix: exportsSummary.data.prefix,
          files: exportsSummary.data.files.map((file) => file.name),
        }
      : null,
    runUrl: `${settings.console_url.replace(/\/+$/, "")}/runs/${encodeURIComponent(runId)}`,
    failedStage: data.run?.failedStage ?? null,
    errorMessage: data.run?.errorMessage ?? null,
    outcomes: outcome === "SUCCEEDED" ? (await loadOutcomes(context.handle, runId)).map(toEmailOutcome) : [],
  };
  const email = buildRunEmail(facts, settings.language);
  const senderDomain = settings.sender.split("@")[1] ?? "crm-reco.local";
  const mime = buildMimeMessage({
    from: settings.sender,
    to: settings.recipients,
    subject: email.subject,
    text: email.text,
    html: email.html,
    date: now,
    messageId: `crm-reco.${runId}.${outcome.toLowerCase()}@${senderDomain}`,
    headers: { "X-CRM-Reco-Run": runId, "X-CRM-Reco-Outcome": outcome },
  });
  const { messageId } = await sender.send({ from: settings.sender, to: settings.recipients, mime, name: `${runId}-${outcome}` });
  if (outcome === "SUCCEEDED") await setRunSucceeded(context.handle, runId, now);
  return { runId, messageId, recipients: settings.recipients.length };
}

function toEmailOutcome(row: OutcomeRow): RunEmailOutcome {
  const decimal = (value: string | null) => (value === null ? null : Number(value));
  return { ...row, uplift: decimal(row.uplift), ciLow: decimal(row.ciLow), ciHigh: decimal(row.ciHigh) };
}

export const notifyStage = defineStage({
  name: "notify",
  input: notifyInputSchema,
  output: notifyOutputSchema,
  run: (context, input) => runNotify(context, input),
});
