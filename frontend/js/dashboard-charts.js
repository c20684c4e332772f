// Draws a chart above each dashboard table marked data-chart="bar" (or
// "stacked"), from the table's own cells, so the table stays the source and
// the text alternative: screen readers and copying use the table, and the
// chart is hidden from assistive technology. Chart.js is loaded before this
// file on the dashboard page only (build/chart.umd.min.js sets window.Chart).
// No inline script: the strict Content-Security-Policy allows none.

const PALETTE = ["#1d70b8", "#00703c", "#d4351c", "#f47738", "#4c2c92", "#505a5f", "#b58840", "#28a197"];

function readTable(table) {
  const headings = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  const columns = headings.slice(1);
  const rows = [...table.querySelectorAll("tbody tr")].filter((tr) => tr.dataset.row !== "total");
  const labels = rows.map((tr) => tr.querySelector("th").textContent.trim());
  const values = rows.map((tr) =>
    [...tr.querySelectorAll("td")].map((td) => Number.parseInt(td.textContent.trim(), 10) || 0),
  );
  return { columns, labels, values };
}

function drawChart(table) {
  const kind = table.dataset.chart;
  const skip = Number.parseInt(table.dataset.chartSkipLast || "0", 10);
  const { columns, labels, values } = readTable(table);
  const used = columns.slice(0, columns.length - skip);
  const datasets = used.map((column, index) => ({
    label: column,
    data: values.map((row) => row[index]),
    backgroundColor: PALETTE[index % PALETTE.length],
  }));
  const figure = document.createElement("div");
  figure.className = "app-dashboard-chart";
  const canvas = document.createElement("canvas");
  canvas.setAttribute("aria-hidden", "true");
  canvas.dataset.chartFor = table.id;
  figure.appendChild(canvas);
  table.closest(".app-dashboard-figure").prepend(figure);
  const stacked = kind === "stacked";
  return new window.Chart(canvas, {
    type: "bar",
    data: { labels, datasets },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: used.length > 1 } },
      scales: {
        x: { stacked, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked },
      },
    },
  });
}

if (window.Chart) {
  document.querySelectorAll("table[data-chart]").forEach((table) => {
    table.dataset.charted = drawChart(table) ? "true" : "false";
  });
}
