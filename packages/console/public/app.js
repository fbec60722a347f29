import { barChart, intervalChart } from "./charts.js";
import { currentLanguage, setLanguage, t } from "./i18n.js";

const main = document.getElementById("main");
let me = null;

function csrfToken() {
  return (
    document.cookie
      .split("; ")
      .find((c) => c.startsWith("crm_csrf="))
      ?.slice("crm_csrf=".length) ?? ""
  );
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { "content-type": "application/json", "x-csrf-token": csrfToken(), ...(options.headers ?? {}) },
  });
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : await response.text();
  if (response.status === 401 && path !== "/api/login") location.hash = "#/login";
  if (!response.ok) throw Object.assign(new Error(body?.message ?? response.statusText), { status: response.status, body });
  return body;
}

/** Builds an element: el("td", {class: "x"}, "text", child…). Text goes through textContent, never innerHTML. */
function el(name, attributes = {}, ...children) {
  const element = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) element.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) element.append(child instanceof Node ? child : String(child ?? ""));
  return element;
}

function table(headers, rows, testId) {
  return el(
    "table",
    { "data-testid": testId },
    el(
      "tr",
      {},
      headers.map((h) => el("th", {}, h)),
    ),
    rows.map((row) =>
      el(
        "tr",
        {},
        row.map((cell) => el("td", {}, cell)),
      ),
    ),
  );
}

const canReview = () => me && (me.role === "marketing" || me.role === "admin");
const isAdmin = () => me?.role === "admin";

const EUROS = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });

function formatEuros(value) {
  return value === null || value === undefined || value === "" ? "" : EUROS.format(Number(value));
}

function formatMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/** The one count a person looks for in each stage (the others are in the row's tooltip). */
const KEY_COUNTS = {
  ingest: "rowsAccepted",
  features: "customers",
  scenarios: "customers",
  recommend: "recommended",
  audit: "exported",
  export: "files",
};

function keyCount(stage) {
  const name = KEY_COUNTS[stage.stage];
  return name && stage.counts[name] !== undefined ? el("span", { class: "muted" }, ` · ${name} ${stage.counts[name]}`) : "";
}

/** Shares (`…_SHARE`, 0–1) as percentages; other metrics as they are. */
function share(metric, value) {
  if (value === null || value === undefined) return "—";
  return metric.code.endsWith("_SHARE") ? `${(Number(value) * 100).toFixed(1)} %` : String(value);
}

function metricCells(metrics) {
  return metrics.map((m) =>
    el(
      "div",
      { class: m.met ? "ok" : "ko" },
      `${m.code}: ${share(m, m.value)} (${m.numerator}/${m.denominator}; ${t("metric.target")} ${m.comparison === "AT_MOST" ? "≤" : "≥"} ${share(m, m.target)}) ${m.met ? t("metric.met") : t("metric.missed")}`,
    ),
  );
}

async function renderLogin() {
  const error = el("p", { class: "ko", "data-testid": "login-error" });
  const form = el(
    "form",
    { class: "login", "data-testid": "login-form" },
    el("h1", {}, t("login.title")),
    el("label", {}, t("login.email"), el("input", { name: "email", type: "email", required: true, autocomplete: "username" })),
    el(
      "label",
      {},
      t("login.password"),
      el("input", { name: "password", type: "password", required: true, autocomplete: "current-password" }),
    ),
    el("button", { type: "submit" }, t("login.submit")),
    error,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api("/api/login", { method: "POST", body: JSON.stringify({ email: data.get("email"), password: data.get("password") }) });
      await loadMe();
      location.hash = "#/runs";
    } catch (e) {
      error.textContent = `${t("login.failed")}: ${e.message}`;
    }
  });
  main.replaceChildren(form);
}

async function renderRuns() {
  const { runs } = await api("/api/runs");
  const rows = runs.map((run) => [
    el("a", { href: `#/runs/${encodeURIComponent(run.runId)}` }, run.runId),
    el("span", { class: run.status === "FAILED" ? "ko" : "ok" }, run.status),
    run.asOf ?? "",
    el(
      "ul",
      { class: "stages" },
      run.stages.map((s) =>
        el(
          "li",
          {
            title: Object.entries(s.counts)
              .map(([k, v]) => `${k}=${v}`)
              .join(" "),
          },
          el("span", { class: s.status === "SUCCEEDED" ? "ok" : "ko" }, s.status === "SUCCEEDED" ? "✓" : "✗"),
          ` ${s.stage} `,
          el("span", { class: "muted" }, formatMs(s.durationMs)),
          keyCount(s),
        ),
      ),
    ),
    Object.entries(run.gates)
      .map(([k, v]) => `${k}: ${v}`)
      .join(", "),
    el("div", {}, metricCells(run.metrics)),
    run.failedStage ? `${run.failedStage}: ${run.errorMessage ?? ""}` : "",
  ]);
  main.replaceChildren(
    el("h1", {}, t("runs.title")),
    runs.length === 0
      ? el("p", {}, t("runs.none"))
      : table(
          ["Id", t("runs.status"), t("runs.asOf"), t("runs.stages"), t("runs.gates"), t("runs.metrics"), t("runs.failure")],
          rows,
          "runs-table",
        ),
  );
}

async function renderRun(runId) {
  const run = await api(`/api/runs/${encodeURIComponent(runId)}`);
  const scenarios = Object.entries(run.scenarios).map(([label, value]) => ({ label, value }));
  const histogram = run.histogram.map((b) => ({ label: `${b.from}–${b.to}`, value: b.customers }));
  const rerunStatus = el("span", { "data-testid": "rerun-status" });
  const rerun = async () => {
    if (!window.confirm(t("run.rerunConfirm"))) return;
    try {
      const result = await api(`/api/runs/${encodeURIComponent(runId)}/rerun`, { method: "POST", body: "{}" });
      rerunStatus.textContent = `${t("run.rerunStarted")} (${result.runId})`;
    } catch (e) {
      rerunStatus.textContent = `${t("common.error")}: ${e.message}`;
    }
  };
  main.replaceChildren(
    el("h1", {}, `${t("run.title")} ${run.runId}`),
    el(
      "p",
      {},
      `${run.status} · ${t("runs.asOf")} ${run.asOf ?? ""} · `,
      el("a", { href: `#/review/${encodeURIComponent(runId)}`, "data-testid": "review-link" }, t("run.review")),
      ` · ${t("run.configHash")} `,
      el("code", { "data-testid": "config-hash" }, run.configHash ?? "—"),
      isAdmin() && run.approvals.length === 0 && run.status !== "RUNNING"
        ? el("button", { class: "small", "data-testid": "rerun", onclick: rerun }, t("run.rerun"))
        : "",
      " ",
      rerunStatus,
    ),
    el("div", {}, metricCells(run.metrics)),
    el(
      "div",
      { class: "grid" },
      el(
        "section",
        {},
        el("h2", {}, t("run.scenarios")),
        barChart(scenarios, { testId: "scenario-chart", title: t("run.scenarios"), colors: "each", yTitle: t("chart.customers") }),
      ),
      el(
        "section",
        {},
        el("h2", {}, t("run.histogram")),
        barChart(histogram, {
          testId: "score-histogram",
          title: t("run.histogram"),
          xTitle: t("chart.score"),
          yTitle: t("chart.customers"),
        }),
      ),
    ),
    el("h2", {}, t("run.flags")),
    table(
      ["Code", "Severity", t("common.count")],
      run.flags.map((f) => [f.code, f.severity, f.customers]),
      "flags-table",
    ),
    el("h2", {}, t("run.files")),
    table(
      ["v", "File", "Bytes", "SHA-256"],
      run.files.map((f) => [
        f.version,
        el("a", { href: `/api/runs/${encodeURIComponent(runId)}/files/${encodeURIComponent(f.name)}`, download: f.name }, f.name),
        f.bytes,
        f.sha256.slice(0, 16),
      ]),
      "files-table",
    ),
    el("h2", {}, t("run.approvals")),
    table(
      ["v", "By", "At", t("common.count")],
      run.approvals.map((a) => [a.version, a.approver, a.approvedAt, a.customers]),
      "approvals-table",
    ),
    el("h2", {}, t("run.rejects")),
    table(
      ["File", "Line", "Column", "Reason"],
      run.rejects.slice(0, 100).map((r) => [r.file, r.line ?? "", r.column ?? "", r.reason]),
      "rejects-table",
    ),
  );
}

async function renderCustomers(query) {
  const input = el("input", { type: "search", value: query, placeholder: t("customers.search"), "data-testid": "customer-search" });
  input.addEventListener("change", () => (location.hash = `#/customers?q=${encodeURIComponent(input.value)}`));
  const { customers } = await api(`/api/customers?q=${encodeURIComponent(query)}`);
  main.replaceChildren(
    el("h1", {}, t("customers.title")),
    input,
    table(
      [t("common.customer"), "Nom", "Prénom", "E-mail"],
      customers.map((c) => [
        el("a", { href: `#/customers/${encodeURIComponent(c.clientCode)}` }, c.clientCode),
        c.nom ?? "",
        c.prenom ?? "",
        c.email ?? "",
      ]),
      "customers-table",
    ),
  );
}

async function renderCustomer(code, runId) {
  const c = await api(`/api/customers/${encodeURIComponent(code)}${runId ? `?run=${encodeURIComponent(runId)}` : ""}`);
  const p = c.profile ?? {};
  const explanation = (r) => (currentLanguage() === "en" ? r.explanation_en : r.explanation_fr);
  const eraseStatus = el("p", { "data-testid": "erase-status" });
  const erase = async () => {
    if (!window.confirm(t("customer.eraseConfirm"))) return;
    try {
      const result = await api(`/api/customers/${encodeURIComponent(code)}/erase`, {
        method: "POST",
        body: JSON.stringify({ confirm: code }),
      });
      main.replaceChildren(
        el("h1", {}, t("customer.erased")),
        el("p", { "data-testid": "erased" }, `${t("customer.erased")}: ${result.removedExportRows} / ${result.rewrittenObjects}`),
      );
    } catch (e) {
      eraseStatus.textContent = `${t("common.error")}: ${e.message}`;
    }
  };
  main.replaceChildren(
    el("h1", {}, `${t("common.customer")} ${c.customer.client_code}`),
    isAdmin() ? el("button", { class: "danger", "data-testid": "erase-customer", onclick: erase }, t("customer.erase")) : "",
    eraseStatus,
    el(
      "p",
      { class: "muted" },
      `${[c.customer.prenom, c.customer.nom].filter(Boolean).join(" ")} · ${c.customer.email ?? ""} · ${t("run.title")} ${c.runId}`,
    ),
    el(
      "p",
      {},
      `${t("customer.scenario")}: ${c.scenario?.scenario ?? "—"} (${c.scenario?.reason ?? ""}) · ${t("customer.audit")}: ${c.audit ? `${c.audit.audit_score} / ${c.audit.gate}` : "—"}`,
    ),
    el("h2", {}, t("customer.profile")),
    table(
      ["RFM", "Segment", "P(alive)", "Famille", "Arômes", "CA HT"],
      [
        [
          `${p.r_score ?? ""}${p.f_score ?? ""}${p.m_score ?? ""}`,
          p.segment ?? "",
          p.p_alive === undefined || p.p_alive === null ? "" : Number(p.p_alive).toFixed(2),
          p.dominant_family ?? "",
          p.aroma_top3 ?? "",
          formatEuros(p.monetary_ht),
        ],
      ],
      "profile-table",
    ),
    el("h2", {}, t("customer.recos")),
    table(
      ["#", "Article", "Vin", "Prix TTC", "✓", "Raison"],
      c.recommendations.map((r) => [r.rank, r.article, r.produit ?? "", formatEuros(r.prix_ttc), r.selected ? "✓" : "", explanation(r)]),
      "recos-table",
    ),
    el("h2", {}, t("customer.flags")),
    table(
      ["#", "Code", "Severity", "Detail"],
      c.flags.map((f) => [f.rank === 0 ? t("common.customer") : f.rank, f.code, f.severity, f.detail ?? ""]),
      "customer-flags",
    ),
    el("h2", {}, t("customer.history")),
    table(
      ["Date", "Doc", "Article", "Vin", "Bouteilles", "HT"],
      c.history.map((h) => [h.date_livraison, h.document_no, h.article, h.produit ?? "", h.bottles, formatEuros(h.mt_ht)]),
      "history-table",
    ),
  );
}

let reviewMessage = "";

function describeResult(result) {
  if (result.verdict) return `${result.clientCode} ${result.verdict}`;
  if (result.contacts !== undefined)
    return `${t("review.approved")} v${result.version} (${result.contacts} ${t("chart.customers").toLowerCase()})`;
  if (result.version) return `v${result.version} (${(result.articles ?? []).join(", ")})`;
  return JSON.stringify(result);
}

async function renderReview(runId) {
  const base = `/api/runs/${encodeURIComponent(runId)}`;
  const [{ customers }, run] = await Promise.all([api(`${base}/spot-check`), api(base)]);
  const status = el("p", { "data-testid": "review-status" }, reviewMessage);
  reviewMessage = "";
  // The page is drawn again after each action: the message goes through reviewMessage to the new page.
  const act = async (path, body) => {
    try {
      const result = await api(`${base}${path}`, { method: "POST", body: JSON.stringify(body) });
      reviewMessage = `${t("review.saved")}: ${describeResult(result)}`;
      return result;
    } catch (e) {
      status.textContent = `${t("common.error")}: ${e.message}`;
    }
  };
  const approved = run.approvals.length > 0;
  const rows = [];
  for (const customer of customers) {
    const comment = el("input", {
      placeholder: t("review.comment"),
      value: customer.check?.comment ?? "",
      "data-testid": `comment-${customer.clientCode}`,
    });
    const mayBlock = canReview() && !approved;
    const verdictButton = (verdict, label, testId) =>
      el(
        "button",
        {
          "data-testid": `${testId}-${customer.clientCode}`,
          onclick: async () =>
            (await act(`/spot-check/${encodeURIComponent(customer.clientCode)}`, { verdict, comment: comment.value })) &&
            renderReview(runId),
        },
        label,
      );
    rows.push([
      el("a", { href: `#/customers/${encodeURIComponent(customer.clientCode)}?run=${encodeURIComponent(runId)}` }, customer.clientCode),
      customer.scenario,
      customer.auditScore,
      el(
        "ol",
        { class: "recos" },
        customer.recommendations.map((r) =>
          el(
            "li",
            { title: currentLanguage() === "en" ? r.explanation_en : r.explanation_fr },
            el("strong", {}, r.article),
            ` ${r.produit ?? ""} `,
            el("span", { class: "muted" }, formatEuros(r.prix_ttc)),
            mayBlock
              ? el(
                  "button",
                  {
                    class: "small",
                    title: `${t("review.block")} ${r.article}`,
                    "data-testid": `block-${customer.clientCode}-${r.article}`,
                    onclick: async () =>
                      (await act("/block", { clientCode: customer.clientCode, article: r.article })) && renderReview(runId),
                  },
                  t("review.block"),
                )
              : "",
          ),
        ),
      ),
      el("span", { "data-testid": `verdict-${customer.clientCode}` }, customer.check?.verdict ?? ""),
      canReview()
        ? el(
            "div",
            { class: "nowrap" },
            comment,
            verdictButton("OK", t("review.ok"), "ok"),
            verdictButton("FEELS_WRONG", t("review.wrong"), "wrong"),
          )
        : "",
      mayBlock
        ? el(
            "button",
            {
              "data-testid": `block-customer-${customer.clientCode}`,
              onclick: async () => (await act("/block", { clientCode: customer.clientCode })) && renderReview(runId),
            },
            t("review.blockCustomer"),
          )
        : "",
    ]);
  }
  const latest = Math.max(0, ...run.files.map((f) => f.version));
  main.replaceChildren(
    el("h1", {}, `${t("review.title")} ${runId}`),
    canReview() ? "" : el("p", { class: "notice", "data-testid": "read-only" }, t("review.readOnly")),
    status,
    el(
      "p",
      { "data-testid": "latest-version" },
      `v${latest} · ${run.files
        .filter((f) => f.version === latest)
        .map((f) => f.name)
        .join(", ")}`,
    ),
    approved ? el("p", { class: "ok", "data-testid": "approved" }, `${t("review.approved")} (v${run.approvals[0].version})`) : "",
    canReview() && !approved
      ? el(
          "button",
          { "data-testid": "approve", onclick: async () => (await act("/approve", {})) && renderReview(runId) },
          `${t("review.approve")} (v${latest})`,
        )
      : "",
    el("h2", {}, t("review.spotCheck")),
    table(
      [
        t("common.customer"),
        t("customer.scenario"),
        "Score",
        t("customer.recos"),
        "Verdict",
        canReview() ? t("review.check") : "",
        canReview() ? t("review.blocks") : "",
      ],
      rows,
      "spot-check-table",
    ),
  );
}

/** Rates as percentage points, revenue in euros. */
function upliftScale(metric) {
  return metric === "REVENUE_PER_CUSTOMER" ? { factor: 1, unit: "€" } : { factor: 100, unit: t("outcomes.points") };
}

function formatUplift(row, value) {
  if (value === null || value === undefined) return "—";
  const { factor, unit } = upliftScale(row.metric);
  return `${(Number(value) * factor).toFixed(factor === 1 ? 2 : 1)} ${unit}`;
}

function verdictText(row) {
  const verdict = t(`verdict.${row.verdict}`);
  return row.verdict === "INCONCLUSIVE" && row.neededPerGroup ? `${verdict} (${t("outcomes.needed")}: ${row.neededPerGroup})` : verdict;
}

async function renderOutcomes() {
  const { measuringRunId, outcomes } = await api("/api/outcomes");
  if (outcomes.length === 0) {
    main.replaceChildren(el("h1", {}, t("outcomes.title")), el("p", { "data-testid": "outcomes-empty" }, t("outcomes.none")));
    return;
  }
  // Charts for the most recent campaign measured; the table lists every measured campaign.
  const latest = outcomes.reduce((a, b) => (b.exportDate > a.exportDate ? b : a));
  const shown = outcomes.filter((row) => row.evaluatedRunId === latest.evaluatedRunId);
  const metrics = [...new Set(shown.map((row) => row.metric))];
  const charts = metrics.map((metric) => {
    const { factor, unit } = upliftScale(metric);
    // Rounded so 0.296 × 100 reads 29.6, not 29.599999999999998.
    const scaled = (value) => Number((Number(value) * factor).toFixed(4));
    const rows = shown
      .filter((row) => row.metric === metric && row.ciLow !== null && row.ciHigh !== null && row.uplift !== null)
      .map((row) => ({ label: row.scenario, low: scaled(row.ciLow), high: scaled(row.ciHigh), estimate: scaled(row.uplift) }));
    return el(
      "section",
      {},
      el("h2", {}, t(`metric.${metric}`)),
      rows.length === 0
        ? el("p", { class: "muted" }, t("verdict.NOT_MEASURABLE"))
        : intervalChart(rows, {
            testId: `uplift-${metric}`,
            title: t(`metric.${metric}`),
            yTitle: `${t("outcomes.uplift")} (${unit})`,
            intervalLabel: t("outcomes.interval"),
            estimateLabel: t("outcomes.estimate"),
            format: (v) => v.toFixed(factor === 1 ? 2 : 1),
          }),
    );
  });
  main.replaceChildren(
    el("h1", {}, t("outcomes.title")),
    el(
      "p",
      {},
      `${t("outcomes.measuredBy")} ${measuringRunId} · ${t("outcomes.evaluated")} ${latest.evaluatedRunId} (${latest.exportDate} → ${latest.windowEnd}, ${latest.windowDays} j${latest.windowComplete ? "" : `, ${t("outcomes.incomplete")}`})`,
    ),
    el("div", { class: "grid" }, charts),
    table(
      [
        t("outcomes.evaluated"),
        t("customer.scenario"),
        t("outcomes.metric"),
        t("outcomes.groups"),
        t("outcomes.uplift"),
        t("outcomes.interval"),
        t("outcomes.verdict"),
      ],
      outcomes.map((row) => [
        row.evaluatedRunId,
        row.scenario,
        t(`metric.${row.metric}`),
        `${row.treatedCustomers} / ${row.holdoutCustomers}`,
        formatUplift(row, row.uplift),
        row.ciLow === null ? "—" : `[${formatUplift(row, row.ciLow)} ; ${formatUplift(row, row.ciHigh)}]`,
        el("span", { class: { SIGNIFICANT_GAIN: "ok", SIGNIFICANT_LOSS: "ko" }[row.verdict] ?? "muted" }, verdictText(row)),
      ]),
      "outcomes-table",
    ),
  );
}

let settingsMessage = null;

function userForm() {
  const status = el("span", { "data-testid": "user-status" });
  const form = el(
    "form",
    { class: "inline", "data-testid": "user-form" },
    el("input", { name: "email", type: "email", required: true, placeholder: "E-mail" }),
    el(
      "select",
      { name: "role" },
      ["viewer", "marketing", "admin"].map((role) => el("option", { value: role }, role)),
    ),
    el("input", { name: "password", type: "password", required: true, minlength: 10, placeholder: t("login.password") }),
    el("button", { type: "submit" }, t("settings.addUser")),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api("/api/users", {
        method: "POST",
        body: JSON.stringify({ email: data.get("email"), role: data.get("role"), password: data.get("password") }),
      });
      settingsMessage = `${t("settings.saved")}: ${data.get("email")}`;
      await route();
    } catch (e) {
      status.textContent = `${t("common.error")}: ${e.message}`;
    }
  });
  return form;
}

async function renderSettings(selected) {
  const [config, { versions }, { users }] = await Promise.all([api("/api/config"), api("/api/config/versions"), api("/api/users")]);
  const names = config.files.map((f) => f.name);
  const current = names.includes(selected) ? selected : names[0];
  const file = config.files.find((f) => f.name === current);
  const select = el(
    "select",
    { "data-testid": "config-file", onchange: () => (location.hash = `#/settings?file=${encodeURIComponent(select.value)}`) },
    names.map((name) => el("option", { value: name, selected: name === current }, name)),
  );
  const editor = el("textarea", { class: "yaml", rows: 24, spellcheck: "false", "data-testid": "config-text" });
  editor.value = file?.text ?? "";
  const status = el("div", { "data-testid": "config-status" });
  if (settingsMessage) status.append(el("p", { class: "ok" }, settingsMessage));
  settingsMessage = null;
  const save = async () => {
    try {
      const result = await api(`/api/config/${encodeURIComponent(current)}`, {
        method: "PUT",
        body: JSON.stringify({ text: editor.value }),
      });
      settingsMessage = `${t("settings.saved")}: v${result.version} · ${result.hash} · ${result.message}`;
      await renderSettings(current);
    } catch (e) {
      status.replaceChildren(
        el("p", { class: "ko" }, `${t("settings.invalid")}: ${e.message}`),
        el(
          "ul",
          { class: "ko", "data-testid": "config-problems" },
          (e.body?.problems ?? []).map((problem) => el("li", {}, problem)),
        ),
      );
    }
  };
  main.replaceChildren(
    el("h1", {}, t("settings.title")),
    el("h2", {}, t("settings.config")),
    el("p", {}, `${t("settings.hash")}: `, el("code", { "data-testid": "settings-hash" }, config.hash)),
    config.readOnly ? el("p", { class: "notice" }, t("settings.readOnly")) : "",
    el("label", {}, `${t("settings.file")} `, select),
    editor,
    el("div", {}, el("button", { "data-testid": "config-save", onclick: save }, t("settings.save"))),
    status,
    el("h2", {}, t("settings.versions")),
    table(
      ["v", t("settings.file"), t("settings.hash"), t("settings.author"), t("settings.at"), t("settings.onDisk")],
      versions.map((v) => [v.version, v.fileName, v.configHash, v.author, v.savedAt, v.writtenToDisk ? "✓" : "—"]),
      "config-versions",
    ),
    el("h2", {}, t("settings.users")),
    userForm(),
    table(
      ["E-mail", "Role", ""],
      users.map((u) => [u.email, u.role, userStatus(u)]),
      "users-table",
    ),
  );
}

/** A user's state on the Settings page: the date it was disabled, or a button to disable it (never oneself). */
function userStatus(user) {
  if (user.disabledAt) return `${t("settings.disabled")} ${user.disabledAt.slice(0, 10)}`;
  if (user.email === me?.user) return "";
  return el(
    "button",
    {
      "data-testid": `disable-${user.email}`,
      onclick: async () => {
        try {
          const result = await api(`/api/users/${encodeURIComponent(user.email)}/disable`, { method: "POST", body: "{}" });
          settingsMessage = `${user.email}: ${t("settings.disabled")} ${result.disabledAt.slice(0, 10)}`;
          await route();
        } catch (e) {
          settingsMessage = `${t("common.error")}: ${e.message}`;
          await route();
        }
      },
    },
    t("settings.disable"),
  );
}

async function renderOutbox() {
  const { emails } = await api("/api/outbox");
  main.replaceChildren(
    el("h1", {}, t("outbox.title")),
    emails.length === 0
      ? el("p", {}, t("outbox.none"))
      : el(
          "div",
          { "data-testid": "outbox" },
          emails.map((m) => el("details", {}, el("summary", {}, `${m.date ?? ""} — ${m.subject ?? m.name}`), el("pre", {}, m.text))),
        ),
  );
}

async function renderAuditLog() {
  const { actions } = await api("/api/audit-log");
  main.replaceChildren(
    el("h1", {}, t("log.title")),
    table(
      [t("log.when"), t("log.who"), t("log.what"), t("log.before"), t("log.after")],
      actions.map((a) => [
        a.actedAt,
        `${a.actor} (${a.role})`,
        `${a.action} ${a.runId ?? ""} ${a.target ?? ""}`,
        JSON.stringify(a.before),
        JSON.stringify(a.after),
      ]),
      "audit-log-table",
    ),
  );
}

async function loadMe() {
  try {
    me = await api("/api/me");
  } catch {
    me = null;
  }
  document.getElementById("nav").hidden = !me;
  document.getElementById("logout").hidden = !me;
  document.getElementById("nav-settings").hidden = me?.role !== "admin";
  document.getElementById("who").textContent = me ? `${me.user} · ${me.role}` : "";
  document.getElementById("who").dataset.role = me?.role ?? "";
}

function translateStatic() {
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
}

async function route() {
  delete main.dataset.ready;
  translateStatic();
  const [path, queryString = ""] = location.hash.slice(1).split("?");
  const parts = (path || "/runs").split("/").filter(Boolean).map(decodeURIComponent);
  if (!me && parts[0] !== "login") await loadMe();
  if (!me) return renderLogin();
  main.dataset.page = parts[0];
  try {
    if (parts[0] === "runs" && parts[1]) await renderRun(parts[1]);
    else if (parts[0] === "customers" && parts[1]) await renderCustomer(parts[1], new URLSearchParams(queryString).get("run"));
    else if (parts[0] === "customers") await renderCustomers(new URLSearchParams(queryString).get("q") ?? "");
    else if (parts[0] === "review" && parts[1]) await renderReview(parts[1]);
    else if (parts[0] === "outbox") await renderOutbox();
    else if (parts[0] === "outcomes") await renderOutcomes();
    else if (parts[0] === "settings") await renderSettings(new URLSearchParams(queryString).get("file"));
    else if (parts[0] === "audit-log") await renderAuditLog();
    else if (parts[0] === "login") await renderLogin();
    else await renderRuns();
  } catch (e) {
    main.replaceChildren(el("p", { class: "ko", "data-testid": "page-error" }, `${t("common.error")}: ${e.message}`));
  }
  main.dataset.ready = location.hash;
}

const lang = document.getElementById("lang");
lang.value = currentLanguage();
lang.addEventListener("change", () => {
  setLanguage(lang.value);
  route();
});
document.getElementById("logout").addEventListener("click", async () => {
  await api("/api/logout", { method: "POST" });
  me = null;
  location.hash = "#/login";
  await loadMe();
  route();
});
window.addEventListener("hashchange", route);
setLanguage(currentLanguage());
route();
