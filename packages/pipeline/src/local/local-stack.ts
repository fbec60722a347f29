import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { InboxFile } from "../contracts";
import { createS3Client } from "../s3";
import { closeStageContext } from "../stages/context";
import { type LocalS3Server, startLocalS3 } from "./s3-server";
import { type LocalSesServer, startLocalSes } from "./ses-server";

export interface LocalStackOptions {
  /** The local stack's home (`.crm-reco/`): PGlite data, S3 storage, outbox, exports, logs. */
  home: string;
  configDir: string;
  /** PostgreSQL instead of the embedded PGlite. */
  databaseUrl?: string;
  s3Port?: number;
  sesPort?: number;
}

export interface LocalStack {
  home: string;
  s3: LocalS3Server;
  /** Local SES v2 endpoint notify sends through (`GET /store` lists the sent mail). */
  ses: LocalSesServer;
  s3Client: S3Client;
  buckets: { inbox: string; exports: string };
  paths: { outbox: string; exports: string; logs: string };
  uploadDrop(dropKey: string, files: ReadonlyArray<{ name: string; content: Buffer }>): Promise<InboxFile[]>;
  /** Copies `exports/<runId>/` out of the S3 server into plain files a person can open. */
  mirrorExports(runId: string, outDir?: string): Promise<{ dir: string; files: string[] }>;
  close(): Promise<void>;
}

const BUCKETS = { inbox: "inbox", exports: "exports" } as const;

/**
 * The embedded default (ARCHITECTURE §3): a local S3 server, a local SES server, PGlite (or PostgreSQL), an
 * outbox folder for `.eml` copies, and the environment the stage handlers read — the same variables a Lambda function gets in AWS.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const paths = { outbox: join(options.home, "outbox"), exports: join(options.home, "exports"), logs: join(options.home, "logs") };
  for (const dir of Object.values(paths)) mkdirSync(dir, { recursive: true });
  const s3 = await startLocalS3({ directory: join(options.home, "s3"), port: options.s3Port, buckets: Object.values(BUCKETS) });
  const ses = await startLocalSes({ port: options.sesPort });
  await closeStageContext();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_SES: ses.endpoint,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "S3RVER",
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "S3RVER",
    AWS_REGION: process.env.AWS_REGION ?? "eu-west-3",
    INBOX_BUCKET: BUCKETS.inbox,
    EXPORTS_BUCKET: BUCKETS.exports,
    CRM_RECO_CONFIG_DIR: options.configDir,
    CRM_RECO_OUTBOX_DIR: paths.outbox,
  });
  if (options.databaseUrl) {
    process.env.DATABASE_URL = options.databaseUrl;
    delete process.env.CRM_RECO_PGLITE_DIR;
  } else {
    delete process.env.DATABASE_URL;
    process.env.CRM_RECO_PGLITE_DIR = join(options.home, "pg");
  }
  const s3Client = createS3Client(s3.endpoint);

  return {
    home: options.home,
    s3,
    ses,
    s3Client,
    buckets: { ...BUCKETS },
    paths,
    async uploadDrop(dropKey, files) {
      const uploaded: InboxFile[] = [];
      for (const file of files) {
        const key = dropKey ? `${dropKey}/${file.name}` : file.name;
        const response = await s3Client.send(new PutObjectCommand({ Bucket: BUCKETS.inbox, Key: key, Body: file.content }));
        uploaded.push({ key, etag: response.ETag?.replaceAll('"', ""), size: file.content.length });
      }
      return uploaded;
    },
    async mirrorExports(runId, outDir = join(paths.exports, runId)) {
      const written: string[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await s3Client.send(
          new ListObjectsV2Command({ Bucket: BUCKETS.exports, Prefix: `${runId}/`, ContinuationToken: continuationToken }),
        );
        for (const object of page.Contents ?? []) {
          if (!object.Key) continue;
          const body = await s3Client.send(new GetObjectCommand({ Bucket: BUCKETS.exports, Key: object.Key }));
          const target = join(outDir, object.Key.slice(runId.length + 1));
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, Buffer.from(await body.Body!.transformToByteArray()));
          written.push(target);
        }
        continuationToken = page.NextContinuationToken;
      } while (continuationToken);
      return { dir: outDir, files: written.sort() };
    },
    async close() {
      await closeStageContext();
      s3Client.destroy();
      await s3.close();
      await ses.close();
      if (process.env.AWS_ENDPOINT_URL_SES === ses.endpoint) delete process.env.AWS_ENDPOINT_URL_SES;
    },
  };
}
