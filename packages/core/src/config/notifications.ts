import { z } from "zod";

export const notificationsConfigSchema = z.strictObject({
  sender: z.email(),
  recipients: z.array(z.email()).min(1),
  language: z.enum(["fr", "en"]),
  console_url: z.url(),
  /** How many of the most frequent audit flags the email lists. */
  top_flags: z.number().int().min(0).max(50).default(5),
});

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
