import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { auditTargetsOf, evaluateAuditTargets } from "@crm-reco/core";
import {
  auditScoreHistogram,
  countFlags,
  countGateMetrics,
  listApprovals,
  listConsoleUsers,
  listExportedCustomers,
  listExportFiles,
  listReviewActions,
  listRunIds,
  loadCustomerDetail,
  loadGate,
  loadIngestRejectRows,
  loadRunReport,
  loadRunTimes,
  loadSpotChecks,
  recordApproval,
  recordCustomerBlock,
  recordRecommendationBlock,
  searchCustomers,
  selectedArticles,
  upsertSpotCheck,
} from "@crm-reco/db";
import { getObjectBytes } from "@crm-reco/pipeline";
import { ADMIN_ROUTES } from "./admin-routes";
import type { ApiContext, ApiDependencies } from "./api-dependencies";
import { type ApiRequest, type ApiResponse, HttpError, json } from "./http";
import type { Principal } from "./jwt-authenticator";
import { recordAction } from "./record-action";
import { reauditAndWriteNextVersion } from "./review-export";
import type { ConsoleRole } from "./roles";

export interface RouteCall {
  request: ApiRequest;
  params: Record<string, string>;
  principal: Principal;
  deps: ApiDependencies;
  context: ApiContext;
  body: Record<string, unknown>;
}

export interface ApiRoute {
  method: "GET" | "POST" | "PUT";
  /** `/api/runs/:id`: `:name` segments become params. */
  pattern: string;
  /** The lowest role allowed (DOMAIN §8). */
  role: ConsoleRole;
  handle(call: RouteCall): Promise<ApiResponse>;
}

const SPOT_CHECK_SIZE = 20;
const HISTOGRAM_WIDTH = 10;

async function runOr404(context: ApiContext, runId: string) {
  const report = await loadRunReport(context.handle, runId);
  if (!report) throw new HttpError(404, "not_found", `no run ${runId}`);
  return report;
}

async function runOverview(context: ApiContext, runId: string) {
  const report = await runOr404(context, runId);
  const targets = auditTargetsOf(context.config.audit);
  const metrics = evaluateAuditTargets(await countGateMetrics(context.handle, runId, targets.minScore), targets);
  const { summary: _summary, ...rest } = report;
  return { ...rest, ...(await loadRunTimes(context.handle, runId)), metrics };
}

/** The 20 exported customers whose sha256(runId, client code) come first: the same for every reviewer. */
async function spotCheckSample(context: ApiContext, runId: string) {
  const order = (code: string) => createHash("sha256").update(`${runId}\u0000${code}`).digest("hex");
  const exported = await listExportedCustomers(context.handle, runId);
  const sample = exported
    .map((customer) => ({ ...customer, key: order(customer.clientCode) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, SPOT_CHECK_SIZE);
  const checks = new Map((await loadSpotChecks(context.handle, runId)).map((check) => [check.clientCode, check]));
  const result = [];
  for (const { key: _key, ...customer } of sample) {
    const detail = await loadCustomerDetail(context.handle, runId, customer.clientCode);
    const recommendations = (detail?.recommendations ?? [])
      .filter((reco) => reco.selected)
      .map(({ rank, article, produit, prix_ttc, explanation_fr, explanation_en }) => ({
        rank,
        article,
        produit,
        prix_ttc,
        explanation_fr,
        explanation_en,
      }));
    result.push({ ...customer, recommendations, check: checks.get(customer.clientCode) ?? null });
  }
  return result;
}

/** Every bucket of the audit-score histogram, empty ones included (the query returns only those with customers). */
async function completeHistogram(context: ApiContext, runId: string) {
  const counts = new Map((await auditScoreHistogram(context.handle, runId, HISTOGRAM_WIDTH)).map((b) => [b.from, b.customers]));
  const buckets = [];
  for (let from = 0; from < 100; from += HISTOGRAM_WIDTH) {
    const to = from + HISTOGRAM_WIDTH >= 100 ? 100 : from + HISTOGRAM_WIDTH - 1;
    buckets.push({ from, to, customers: counts.get(from) ?? 0 });
  }
  return buckets;
}

function text(body: Record<string, unknown>, name: string, max = 200): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string" || value.length > max)
    throw new HttpError(400, "bad_request", `${name} must be a text of at most ${max} characters`);
  return value;
}

async function ensureNotApproved(context: ApiContext, runId: string) {
  if ((await listApprovals(context.handle, runId)).length > 0)
    throw new HttpError(409, "approved", "this run's export is already approved");
}

function readOutbox(dir: string | undefined) {
  if (!dir) return [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".eml"));
  } catch {
    return [];
  }
  return names
    .sort()
    .reverse()
    .map((name) => {
      const raw = readFileSync(join(dir, name), "utf8");
      const [head = "", ...body] = raw.split(/\r?\n\r?\n/);
      const header = (field: string) => head.match(new RegExp(`^${field}:\\s*(.*)$`, "mi"))?.[1]?.trim() ?? null;
      return { name, subject: header("Subject"), to: header("To"), date: header("Date"), text: body.join("\n\n").slice(0, 20_000) };
    });
}

/** Every route of the console API. The authorization test walks this table, so a new route cannot be forgotten. */
export const API_ROUTES: ApiRoute[] = [
  {
    method: "GET",
    pattern: "/api/me",
    role: "viewer",
    handle: async ({ principal }) => json(200, { user: principal.user, role: principal.role }),
  },
  {
    method: "GET",
    pattern: "/api/runs",
    role: "viewer",
    handle: async ({ context }) => {
      const ids = await listRunIds(context.handle, 50);
      const runs = [];
      for (const id of ids) runs.push(await runOverview(context, id));
      return json(200, { runs });
    },
  },
  {
    method: "GET",
    pattern: "/api/runs/:id",
    role: "viewer",
    handle: async ({ context, params }) => {
      const runId = params.id!;
      const overview = await runOverview(context, runId);
      return json(200, {
        ...overview,
        histogram: await completeHistogram(context, runId),
        flags: await countFlags(context.handle, runId),
        rejects: (await loadIngestRejectRows(context.handle, runId)).slice(0, 500),
        files: await listExportFiles(context.handle, runId),
        approvals: await listApprovals(context.handle, runId),
      });
    },
  },
  {
    method: "GET",
    pattern: "/api/runs/:id/files/:name",
    role: "viewer",
    handle: async ({ context, params }) => {
      const file = (await listExportFiles(context.handle, params.id!)).find((f) => f.name === params.name);
      if (!file) throw new HttpError(404, "not_found", `no export file ${params.name}`);
      const bytes = await getObjectBytes(context.s3, context.buckets.exports, file.key);
      const type = file.name.endsWith(".json") ? "application/json" : "text/csv; charset=utf-8";
      return {
        status: 200,
        headers: { "content-type": type, "content-disposition": `attachment; filename="${file.name}"`, "cache-control": "no-store" },
        body: bytes,
      };
    },
  },
  {
    method: "GET",
    pattern: "/api/customers",
    role: "viewer",
    handle: async ({ context, request }) =>
      json(200, { customers: await searchCustomers(context.handle, (request.query.q ?? "").slice(0, 100)) }),
  },
  {
    method: "GET",
    pattern: "/api/customers/:code",
    role: "viewer",
    handle: async ({ context, params, request }) => {
      const runId = request.query.run ?? (await listRunIds(context.handle, 1))[0];
      const detail = runId ? await loadCustomerDetail(context.handle, runId, params.code!) : undefined;
      if (!detail) throw new HttpError(404, "not_found", `no customer ${params.code}`);
      return json(200, { runId, ...detail });
    },
  },
  {
    method: "GET",
    pattern: "/api/runs/:id/spot-check",
    role: "viewer",
    handle: async ({ context, params }) => {
      await runOr404(context, params.id!);
      return json(200, { customers: await spotCheckSample(context, params.id!) });
    },
  },
  {
    method: "POST",
    pattern: "/api/runs/:id/spot-check/:code",
    role: "marketing",
    handle: async (call) => {
      const { context, params, body } = call;
      const verdict = body.verdict;
      if (verdict !== "OK" && verdict !== "FEELS_WRONG") throw new HttpError(400, "bad_request", "verdict must be OK or FEELS_WRONG");
      const comment = text(body, "comment", 2000) ?? null;
      const sample = await spotCheckSample(context, params.id!);
      if (!sample.some((customer) => customer.clientCode === params.code))
        throw new HttpError(404, "not_found", `${params.code} is not in this run's spot-check`);
      const before = await upsertSpotCheck(context.handle, {
        runId: params.id!,
        clientCode: params.code!,
        verdict,
        comment,
        reviewer: call.principal.user,
        at: call.deps.now().toISOString(),
      });
      await recordAction(call, "SPOT_CHECK", call.params.id ?? null, params.code!, before, { verdict, comment });
      return json(200, { clientCode: params.code, verdict, comment });
    },
  },
  {
    method: "POST",
    pattern: "/api/runs/:id/block",
    role: "marketing",
    handle: async (call) => {
      const { context, params, body } = call;
      const runId = params.id!;
      const report = await runOr404(context, runId);
      await ensureNotApproved(context, runId);
      const clientCode = text(body, "clientCode");
      const article = text(body, "article");
      if (!clientCode) throw new HttpError(400, "bad_request", "clientCode is required");
      const gate = await loadGate(context.handle, runId, clientCode);
      if (gate !== "EXPORTED") throw new HttpError(409, "not_exported", `${clientCode} is not exported in this run (${gate ?? "unknown"})`);
      const before = { gate, articles: await selectedArticles(context.handle, runId, clientCode) };
      const at = call.deps.now().toISOString();
      let refilledWith: string | null = null;
      if (article) {
        if (!before.articles.includes(article)) throw new HttpError(409, "not_selected", `${article} is not recommended to ${clientCode}`);
        refilledWith = await recordRecommendationBlock(context.handle, { runId, clientCode, article, reviewer: call.principal.user, at });
      } else {
        await recordCustomerBlock(context.handle, { runId, clientCode, reviewer: call.principal.user, at });
      }
      const written = await reauditAndWriteNextVersion(context, runId, report.asOf ?? at.slice(0, 10));
      await call.deps.onExportWritten?.(runId);
      const after = {
        gate: await loadGate(context.handle, runId, clientCode),
        articles: await selectedArticles(context.handle, runId, clientCode),
        version: written.version,
      };
      await recordAction(
        call,
        article ? "BLOCK_RECOMMENDATION" : "BLOCK_CUSTOMER",
        call.params.id ?? null,
        article ? `${clientCode}/${article}` : clientCode,
        before,
        after,
      );
      return json(200, { ...after, refilledWith, files: written.files });
    },
  },
  {
    method: "POST",
    pattern: "/api/runs/:id/approve",
    role: "marketing",
    handle: async (call) => {
      const { context, params } = call;
      const runId = params.id!;
      await runOr404(context, runId);
      const versions = (await listExportFiles(context.handle, runId)).map((file) => file.version);
      if (versions.length === 0) throw new HttpError(409, "no_export", "this run has no export to approve");
      const latest = Math.max(...versions);
      const requested = call.body.version === undefined ? latest : Number(call.body.version);
      if (requested !== latest) throw new HttpError(409, "not_latest", `only the latest version (v${latest}) can be approved`);
      await ensureNotApproved(context, runId);
      const customers = await recordApproval(context.handle, {
        runId,
        version: latest,
        approver: call.principal.user,
        at: call.deps.now().toISOString(),
      });
      await recordAction(call, "APPROVE", call.params.id ?? null, `v${latest}`, null, { version: latest, contacts: customers });
      return json(200, { version: latest, contacts: customers });
    },
  },
  { method: "GET", pattern: "/api/outbox", role: "viewer", handle: async ({ deps }) => json(200, { emails: readOutbox(deps.outboxDir) }) },
  {
    method: "GET",
    pattern: "/api/audit-log",
    role: "viewer",
    handle: async ({ context }) => json(200, { actions: await listReviewActions(context.handle) }),
  },
  {
    method: "GET",
    pattern: "/api/users",
    role: "admin",
    handle: async ({ context }) => json(200, { users: await listConsoleUsers(context.handle) }),
  },
  ...ADMIN_ROUTES,
];

export function matchRoute(method: string, path: string): { route: ApiRoute; params: Record<string, string> } | "method" | undefined {
  const segments = path.split("/");
  let pathMatched = false;
  for (const route of API_ROUTES) {
    const pattern = route.pattern.split("/");
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((part, i) => {
      const segment = segments[i] ?? "";
      if (part.startsWith(":")) {
        if (segment === "") return false;
        params[part.slice(1)] = decodeURIComponent(segment);
        return true;
      }
      return part === segment;
    });
    if (!ok) continue;
    if (route.method === method) return { route, params };
    pathMatched = true;
  }
  return pathMatched ? "method" : undefined;
}
