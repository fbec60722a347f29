import { z } from "zod";

export const notificationsConfigSchema = z.strictObject({
  sender: z.email(),
  recipients: z.array(z.email()).min(1),
  language: z.enum(["fr", "en"]),
  console_url: z.url(),
});

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
