import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, type ConfigTexts, configHash, erasedPseudonym, parseConfig, parseSubjectReference } from "@crm-reco/core";
import {
  disableConsoleUser,
  findConsoleUser,
  findSubjectCustomers,
  latestMeasuringRunId,
  listApprovals,
  listConfigVersions,
  loadLatestConfigTexts,
  loadOutcomes,
  loadRunStatus,
  recordConfigVersion,
  upsertConsoleUser,
} from "@crm-reco/db";
import { eraseCustomer, resolveErasureSalt } from "@crm-reco/pipeline";
import type { ApiDependencies } from "./api-dependencies";
import { HttpError, json } from "./http";
import { hashPassword } from "./password-hash";
import { recordAction } from "./record-action";
import { isConsoleRole } from "./roles";
import type { ApiRoute, RouteCall } from "./routes";

const MAX_CONFIG_TEXT = 60_000;
/** The same minimum as `crm-reco users add`. */
const MIN_PASSWORD = 10;

function configDirOf(deps: ApiDependencies): { path: string; readOnly: boolean } {
  if (!deps.configDir) throw new HttpError(501, "not_configured", "this API has no config directory to show");
  // A Lambda's bundle is read-only whatever the host says.
  return { path: deps.configDir.path, readOnly: deps.configDir.readOnly || Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME) };
}

function readConfigDir(path: string): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const name of readdirSync(path).sort()) if (name.endsWith(".yaml")) texts[name] = readFileSync(join(path, name), "utf8");
  return texts;
}

/**
 * The config as the next run will read it: the directory; when the directory is read-only (AWS), the newest
 * version saved in the database wins, since that is where edits go.
 */
async function currentConfig(call: RouteCall): Promise<{ texts: Record<string, string>; source: "directory" | "database" }> {
  const dir = configDirOf(call.deps);
  const stored = dir.readOnly ? await loadLatestConfigTexts(call.context.handle) : undefined;
  return stored ? { texts: stored, source: "database" } : { texts: readConfigDir(dir.path), source: "directory" };
}

/** Outcomes page, Settings (config, versions), erasure, re-run: the routes of the second console wave. */
export const ADMIN_ROUTES: ApiRoute[] = [
  {
    method: "GET",
    pattern: "/api/outcomes",
    role: "viewer",
    handle: async ({ context, request }) => {
      const runId = request.query.run || (await latestMeasuringRunId(context.handle));
      if (!runId) return json(200, { measuringRunId: null, outcomes: [] });
      return json(200, { measuringRunId: runId, outcomes: await loadOutcomes(context.handle, runId) });
    },
  },
  {
    method: "POST",
    pattern: "/api/customers/:code/erase",
    role: "admin",
    handle: async (call) => {
      const { context, params, body, deps } = call;
      // The confirmation repeats the reference, so a stray request cannot erase someone.
      if (body.confirm !== params.code) throw new HttpError(400, "confirm", "confirm must repeat the client code to erase");
      let reference: ReturnType<typeof parseSubjectReference>;
      try {
        reference = parseSubjectReference(params.code!);
      } catch {
        throw new HttpError(400, "bad_request", "expected a client code");
      }
      if (reference.kind !== "CLIENT_CODE") throw new HttpError(400, "bad_request", "erase by client code from the console");
      const found = await findSubjectCustomers(context.handle, { clientCode: reference.clientCode });
      if (found.length === 0) throw new HttpError(404, "not_found", `no customer ${params.code}`);
      const salt = resolveErasureSalt();
      const report = await eraseCustomer({
        handle: context.handle,
        s3: context.s3,
        exportsBucket: context.buckets.exports,
        outboxDir: deps.outboxDir,
        salt,
        reference: reference.clientCode,
        now: deps.now(),
      });
      for (const runId of report.rewrittenRuns) await deps.onExportWritten?.(runId);
      // The log keeps the pseudonym and counts only: never the person's name, email or code.
      const counts = {
        customers: report.customers,
        rewrittenRuns: report.rewrittenRuns.length,
        rewrittenObjects: report.rewrittenObjects,
        removedExportRows: report.removedExportRows,
        removedOutboxMessages: report.removedOutboxMessages,
      };
      await recordAction(call, "ERASE_CUSTOMER", null, erasedPseudonym(salt, reference.clientCode), null, counts);
      return json(200, { ...counts, rewrittenRunIds: report.rewrittenRuns });
    },
  },
  {
    method: "GET",
    pattern: "/api/config",
    role: "admin",
    handle: async (call) => {
      const dir = configDirOf(call.deps);
      const { texts, source } = await currentConfig(call);
      return json(200, {
        files: Object.keys(texts).map((name) => ({ name, text: texts[name] })),
        hash: configHash(texts as ConfigTexts),
        source,
        readOnly: dir.readOnly,
      });
    },
  },
  {
    method: "GET",
    pattern: "/api/config/versions",
    role: "admin",
    handle: async ({ context }) => json(200, { versions: await listConfigVersions(context.handle) }),
  },
  {
    method: "PUT",
    pattern: "/api/config/:file",
    role: "admin",
    handle: async (call) => {
      const dir = configDirOf(call.deps);
      const { texts } = await currentConfig(call);
      const file = call.params.file!;
      if (texts[file] === undefined) throw new HttpError(404, "not_found", `no config file ${file}`);
      const text = call.body.text;
      if (typeof text !== "string" || text.length > MAX_CONFIG_TEXT)
        throw new HttpError(400, "bad_request", `text must be the file's YAML (at most ${MAX_CONFIG_TEXT} characters)`);
      const edited = { ...texts, [file]: text };
      try {
        parseConfig(edited as ConfigTexts);
      } catch (error) {
        if (error instanceof ConfigError)
          return json(400, { error: "invalid_config", message: "the config is not valid", problems: error.problems });
        throw error;
      }
      const before = configHash(texts as ConfigTexts);
      const hash = configHash(edited as ConfigTexts);
      const version = await recordConfigVersion(call.context.handle, {
        configHash: hash,
        fileName: file,
        texts: edited,
        author: call.principal.user,
        savedAt: call.deps.now().toISOString(),
        writtenToDisk: !dir.readOnly,
      });
      if (!dir.readOnly) writeFileSync(join(dir.path, file), text, "utf8");
      await recordAction(call, "CONFIG_SAVE", null, file, { hash: before }, { hash, version });
      return json(200, {
        version,
        hash,
        writtenToDisk: !dir.readOnly,
        message: dir.readOnly
          ? "stored in the database only: this host's config directory is read-only (AWS Lambda)"
          : `stored in the database and written to ${file}`,
      });
    },
  },
  {
    method: "POST",
    pattern: "/api/users",
    role: "admin",
    handle: async (call) => {
      if (!call.deps.sessions) throw new HttpError(501, "not_available", "users are managed in Cognito in AWS");
      const { email: rawEmail, role, password } = call.body;
      const email = typeof rawEmail === "string" ? rawEmail.trim().toLowerCase() : "";
      if (!/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 200) throw new HttpError(400, "bad_request", "email must be an email address");
      if (!isConsoleRole(role)) throw new HttpError(400, "bad_request", "role must be viewer, marketing or admin");
      if (typeof password !== "string" || password.length < MIN_PASSWORD || password.length > 200)
        throw new HttpError(400, "bad_request", `the password needs at least ${MIN_PASSWORD} characters`);
      if (await findConsoleUser(call.context.handle, email)) throw new HttpError(409, "exists", `${email} already exists`);
      await upsertConsoleUser(call.context.handle, { email, role, passwordHash: await hashPassword(password) });
      // Never the password, nor its hash.
      await recordAction(call, "USER_CREATE", null, email, null, { role });
      return json(201, { email, role });
    },
  },
  {
    method: "POST",
    pattern: "/api/users/:email/disable",
    role: "admin",
    handle: async (call) => {
      if (!call.deps.sessions) throw new HttpError(501, "not_available", "users are managed in Cognito in AWS");
      const email = call.params.email!.trim().toLowerCase();
      if (email === call.principal.user.toLowerCase()) throw new HttpError(409, "self", "an admin cannot disable themself");
      const user = await findConsoleUser(call.context.handle, email);
      if (!user) throw new HttpError(404, "not_found", `no user ${email}`);
      if (user.disabledAt !== null) return json(200, { email, disabledAt: user.disabledAt });
      const at = call.deps.now().toISOString();
      await disableConsoleUser(call.context.handle, email, at);
      await recordAction(call, "USER_DISABLE", null, email, { role: user.role }, { disabledAt: at });
      return json(200, { email, disabledAt: at });
    },
  },
  {
    method: "POST",
    pattern: "/api/runs/:id/rerun",
    role: "admin",
    handle: async (call) => {
      const { context, params, deps } = call;
      const runId = params.id!;
      const status = (await loadRunStatus(context.handle, runId))?.status;
      if (status === undefined) throw new HttpError(404, "not_found", `no run ${runId}`);
      if (status === "RUNNING") throw new HttpError(409, "running", "this run is still running");
      if ((await listApprovals(context.handle, runId)).length > 0)
        throw new HttpError(409, "approved", "this run's export is approved: a re-run would replace what was sent");
      if (!deps.rerun) throw new HttpError(501, "not_available", "re-running is only available on the local console for now");
      const result = await deps.rerun(runId);
      await recordAction(call, "RERUN", runId, runId, { status }, { started: result.started });
      return json(202, result);
    },
  },
];
