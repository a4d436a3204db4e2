// The timeline: the histogram of the filter's events over its whole extent, and the date window
// on it (two range handles and two date inputs). Dates are whole UTC days (lib/dates.js).

import { addBuckets, formatDay, formatMonth, fromDay, toDay } from "../lib/dates.js";
import { svg } from "../lib/dom.js";
import { ui } from "./page.js";
import { store } from "./store.js";

const W = 1000; // the histogram's viewBox
const H = 60;

/** /api/timeline.json's answer as bars over a day domain [d0, d1], empty buckets included. */
export function prepareHistogram(timeline) {
  if (!timeline.counts.length) return { empty: true, bucket: timeline.bucket };
  const bucket = timeline.bucket;
  const starts = timeline.counts.map((c) => toDay(c.start));
  const d0 = Math.min(starts[0], toDay(timeline.first));
  const lastStart = starts[starts.length - 1];
  const d1 = Math.max(addBuckets(lastStart, bucket, 1) - 1, toDay(timeline.last));
  const byStart = new Map(timeline.counts.map((c) => [toDay(c.start), c.count]));
  const bars = [];
  for (let b = starts[0]; b <= d1; b = addBuckets(b, bucket, 1)) {
    bars.push({ start: b, end: addBuckets(b, bucket, 1) - 1, count: byStart.get(b) || 0 });
  }
  return { empty: false, bucket, d0, d1, bars, max: Math.max(...bars.map((b) => b.count)) };
}

/** True when there is a timeline to move a window on. */
export function hasTimeline() {
  return Boolean(store.hist && !store.hist.empty);
}

/** The window in days; an open side is the edge of the extent (or infinite without one). */
export function windowDays() {
  const { state, hist } = store;
  const d0 = hasTimeline() ? hist.d0 : -Infinity;
  const d1 = hasTimeline() ? hist.d1 : Infinity;
  return [state.date_from ? toDay(state.date_from) : d0, state.date_to ? toDay(state.date_to) : d1];
}

/** Set the window in days; a side at the edge of the extent is open (no parameter). */
export function setWindow(a, b) {
  const { d0, d1 } = store.hist;
  store.state.date_from = a <= d0 ? null : fromDay(a);
  store.state.date_to = b >= d1 ? null : fromDay(b);
}

function bucketLabel(bar, bucket) {
  const iso = fromDay(bar.start);
  if (bucket === "month") return formatMonth(iso);
  if (bucket === "week") return `Week of ${formatDay(iso)}`;
  return formatDay(iso);
}

export function renderTimeline() {
  const title = ui.histogram.querySelector("title");
  ui.histogram.replaceChildren(title);
  const controls = [ui.rangeFrom, ui.rangeTo, ui.dateFrom, ui.dateTo, ui.play];
  for (const c of controls) c.disabled = !hasTimeline();
  if (!hasTimeline()) {
    ui.windowText.textContent = "No located events under these filters.";
    ui.axisStart.textContent = ui.axisEnd.textContent = ui.axisBucket.textContent = "";
    return;
  }
  const { d0, d1, bucket } = store.hist;
  ui.play.disabled = d1 - d0 < 1;
  const [wa, wb] = windowDays();
  const clampDay = (day) => Math.min(d1, Math.max(d0, day));
  const [ca, cb] = [clampDay(wa), clampDay(wb)];
  drawBars(ca, cb, wa, wb);
  renderHandles(ca, cb);
  renderDates(ca, cb);
  const whole = ca <= d0 && cb >= d1;
  ui.windowText.textContent = whole ? "Whole period" : `${cb - ca + 1} days`;
  ui.axisStart.textContent = formatDay(fromDay(d0));
  ui.axisEnd.textContent = formatDay(fromDay(d1));
  ui.axisBucket.textContent = `events per ${bucket}`;
}

/** The window [ca, cb] (clamped to the extent) as a band, and the bars in or out of [wa, wb]. */
function drawBars(ca, cb, wa, wb) {
  const { d0, d1, bars, bucket, max } = store.hist;
  const span = d1 - d0 + 1;
  const x = (day) => ((day - d0) / span) * W;
  ui.histogram.append(
    svg("rect", { class: "window", x: x(ca), y: 0, width: Math.max(1, x(cb + 1) - x(ca)), height: H }),
  );
  for (const bar of bars) {
    if (!bar.count) continue;
    const left = x(bar.start);
    const right = x(Math.min(bar.end, d1) + 1);
    const gap = Math.min(1.5, (right - left) * 0.15);
    const height = Math.max(3, (bar.count / max) * (H - 6));
    const inside = bar.end >= wa && bar.start <= wb;
    const label = `${bucketLabel(bar, bucket)}: ${bar.count} ${bar.count === 1 ? "event" : "events"}`;
    const attrs = {
      class: inside ? "bar in" : "bar out",
      x: left + gap,
      y: H - height,
      width: Math.max(0.8, right - left - 2 * gap),
      height,
    };
    ui.histogram.append(svg("rect", attrs, svg("title", { text: label })));
  }
}

function renderHandles(ca, cb) {
  const { d0, d1 } = store.hist;
  const max = d1 - d0;
  for (const r of [ui.rangeFrom, ui.rangeTo]) r.max = String(max);
  ui.rangeFrom.value = String(ca - d0);
  ui.rangeTo.value = String(cb - d0);
  const range = ui.rangeFrom.parentElement;
  range.style.setProperty("--from", `${max ? ((ca - d0) / max) * 100 : 0}%`);
  range.style.setProperty("--to", `${max ? ((cb - d0) / max) * 100 : 100}%`);
  ui.rangeFrom.setAttribute("aria-valuetext", formatDay(fromDay(ca)));
  ui.rangeTo.setAttribute("aria-valuetext", formatDay(fromDay(cb)));
}

function renderDates(ca, cb) {
  const { d0, d1 } = store.hist;
  for (const input of [ui.dateFrom, ui.dateTo]) {
    input.min = fromDay(d0);
    input.max = fromDay(d1);
  }
  // A date being typed is left alone until it is complete (its change event).
  if (store.editingDate !== ui.dateFrom) ui.dateFrom.value = fromDay(ca);
  if (store.editingDate !== ui.dateTo) ui.dateTo.value = fromDay(cb);
}
