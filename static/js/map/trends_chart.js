// The trends panel's chart: bars per period stacked by event type, drawn by uPlot (vendored,
// static/vendor/uplot). uPlot draws series in order, each over the ones before: each type's
// series is the running total up to it, drawn from the whole stack down, so every type shows as
// its own slice of the bar. A click on a column hands its period to `onPick`.

import uPlot from "../../vendor/uplot/uPlot.esm.js";

// One colour per ACLED event type (the checklist's order); others get the last one.
export const TYPE_COLOURS = {
  Battles: "#b91c1c",
  "Explosions/Remote violence": "#ea580c",
  "Violence against civilians": "#7c3aed",
  Protests: "#0284c7",
  Riots: "#ca8a04",
  "Strategic developments": "#4b5563",
};
const OTHER_COLOUR = "#9ca3af";
const HEIGHT = 170;

export function typeColour(type) {
  return TYPE_COLOURS[type] || OTHER_COLOUR;
}

/** uPlot's columns: x (period starts in seconds), then each type's running total. */
export function stackedColumns(trends, measure) {
  const xs = trends.periods.map((p) => Date.parse(`${p.start}T00:00:00Z`) / 1000);
  const running = trends.periods.map(() => 0);
  const stacks = trends.event_types.map((type) =>
    trends.periods.map((p, i) => (running[i] += p[measure][type] || 0)),
  );
  return [xs, ...stacks];
}

const bars = uPlot.paths.bars({ size: [0.85, 60], align: 0 });

function options(trends, width, onPick) {
  const series = [{}];
  // From the top of the stack down: the last type's running total is the whole bar.
  for (const type of [...trends.event_types].reverse()) {
    const colour = typeColour(type);
    series.push({ label: type, fill: colour, stroke: colour, width: 0, paths: bars, points: { show: false } });
  }
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{ size: 30, space: 60 }, { size: 44, space: 30 }],
    series,
    hooks: {
      ready: [(u) => u.over.addEventListener("click", (e) => pickAt(u, e, onPick))],
    },
  };
}

/** The period nearest the click (the plot area's own x, as uPlot's cursor reads it). */
function pickAt(u, event, onPick) {
  const i = u.posToIdx(event.offsetX);
  if (i !== null && i !== undefined && i >= 0 && i < u.data[0].length) onPick(i);
}

/** The columns in uPlot's order: the stacks reversed, as the series are. */
function ordered(columns) {
  const [xs, ...stacks] = columns;
  return [xs, ...stacks.reverse()];
}

/** Draw (or redraw) the chart in `container`; returns the uPlot instance. */
export function drawChart(chart, container, trends, measure, onPick) {
  const columns = ordered(stackedColumns(trends, measure));
  const width = Math.max(200, container.clientWidth);
  const sameTypes =
    chart && chart.series.length === columns.length && chart.__types === trends.event_types.join("|");
  if (sameTypes) {
    chart.setData(columns);
    if (chart.width !== width) chart.setSize({ width, height: HEIGHT });
    return chart;
  }
  if (chart) chart.destroy();
  const made = new uPlot(options(trends, width, onPick), columns, container);
  made.__types = trends.event_types.join("|");
  return made;
}

/** The x position (CSS pixels, from the plot area's left) of period `i`'s bar: for tests. */
export function barCentre(chart, i) {
  return chart.valToPos(chart.data[0][i], "x");
}
