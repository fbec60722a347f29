/**
 * Bar charts drawn by chart.js (its UMD build, served by the local server at /vendor/chart.umd.js, defines
 * window.Chart). The canvas carries an aria-label with every value, so the numbers stay readable without the picture.
 */
const PALETTE = ["#8c2f4a", "#c0703a", "#d9a441", "#6b8e4e", "#3f7f8c", "#5a5a9c", "#9c5a8c", "#7a6a58"];

/**
 * bars: [{label, value}] → a sized box holding the chart's canvas.
 * colors: "one" (every bar the wine colour, for a histogram) or "each" (one colour per category).
 */
export function barChart(bars, { testId, title, colors = "one", xTitle, yTitle } = {}) {
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", `${title ?? ""} ${bars.map((bar) => `${bar.label}: ${bar.value}`).join(", ")}`.trim());
  if (testId) canvas.dataset.testid = testId;
  const box = document.createElement("div");
  box.className = "chart";
  box.append(canvas);
  const axisTitle = (text) => (text ? { display: true, text } : { display: false });
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: bars.map((bar) => bar.label),
      datasets: [
        {
          label: title ?? "",
          data: bars.map((bar) => bar.value),
          backgroundColor: colors === "each" ? bars.map((_, i) => PALETTE[i % PALETTE.length]) : PALETTE[0],
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false }, tooltip: { enabled: true } },
      scales: {
        x: { title: axisTitle(xTitle), grid: { display: false } },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: axisTitle(yTitle) },
      },
    },
  });
  return box;
}

/**
 * Uplift with its 95 % interval per category: the interval as a floating bar [low, high] and the estimate as a
 * point on it; a bar that does not cross 0 is a significant result. rows: [{label, low, high, estimate}].
 */
export function intervalChart(rows, { testId, title, yTitle, intervalLabel, estimateLabel, format = (v) => String(v) } = {}) {
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.setAttribute(
    "aria-label",
    `${title ?? ""} ${rows.map((row) => `${row.label}: ${format(row.estimate)} [${format(row.low)}; ${format(row.high)}]`).join(", ")}`.trim(),
  );
  if (testId) canvas.dataset.testid = testId;
  const box = document.createElement("div");
  box.className = "chart";
  box.append(canvas);
  const colour = (row) => (row.low > 0 ? PALETTE[3] : row.high < 0 ? PALETTE[0] : "#b8b0a8");
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: rows.map((row) => row.label),
      datasets: [
        {
          type: "bar",
          label: intervalLabel ?? "",
          data: rows.map((row) => [row.low, row.high]),
          backgroundColor: rows.map(colour),
          barPercentage: 0.4,
          // Drawn below the estimate points (a lower order is drawn on top).
          order: 1,
        },
        {
          type: "line",
          label: estimateLabel ?? "",
          data: rows.map((row) => row.estimate),
          showLine: false,
          pointRadius: 5,
          pointBackgroundColor: "#222",
          borderColor: "#222",
          order: 0,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: true },
        tooltip: { enabled: true },
      },
      scales: {
        x: { grid: { display: false } },
        y: {
          title: yTitle ? { display: true, text: yTitle } : { display: false },
          grid: { color: (context) => (context.tick.value === 0 ? "#555" : "#e5e5e5") },
        },
      },
    },
  });
  return box;
}
