import { z } from "zod";

const share = z.number().min(0).max(1);

export const notificationsConfigSchema = z.strictObject({
  sender: z.email(),
  recipients: z.array(z.email()).min(1),
  language: z.enum(["fr", "en"]),
  console_url: z.url(),
  /** What run_summary.json and the email report the audit metrics against (DOMAIN §5). */
  targets: z
    .strictObject({
      max_exported_with_error_share: share,
      min_score: z.number().int().min(0).max(100),
      min_contactable_good_score_share: share,
    })
    .default({ max_exported_with_error_share: 0, min_score: 80, min_contactable_good_score_share: 0.8 }),
  /** How many of the most frequent audit flags the email lists. */
  top_flags: z.number().int().min(0).max(50).default(5),
});

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
