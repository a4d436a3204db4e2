// The Trends panel (issue 16): for the page's filters and date window, /api/trends.json's events
// (or fatalities) per period stacked by event type, the top actors, countries and admin-1 areas,
// and the change against the previous window with its flag. Asked for only while the panel is
// open; asked again when the filters or the window change (map.js calls refreshTrends). A click
// on a bar hands that period to map.js, which sets the date window as the timeline does.
// Every piece of data goes in as text (lib/dom.js's h, textContent).

import { addBuckets, formatDay, fromDay, toDay } from "../lib/dates.js";
import { debounce, h } from "../lib/dom.js";
import { filterPairs, withQuery } from "../lib/state.js";
import { getJSON } from "./api.js";
import { countryName } from "./data.js";
import { api } from "./page.js";
import { store } from "./store.js";
import { barCentre, drawChart, typeColour } from "./trends_chart.js";

const ids = ["panel", "status", "change", "measure", "chart", "legend", "actors", "countries", "admin1"];
let els = null;
let chart = null;
let answer = null;
let measure = "events";
let generation = 0;
let pickWindow = () => {};

/** refreshTrends once the date window rests: dragging a handle asks once, not at every step. */
export const refreshTrendsSoon = debounce(refreshTrends, 250);

/** Find the panel's elements and listen to them; `onWindow(a, b)` sets the date window (days). */
export function initTrends(onWindow) {
  const found = Object.fromEntries(ids.map((id) => [id, document.getElementById(`trends${id === "panel" ? "" : `-${id}`}`)]));
  if (!found.panel) return;
  els = found;
  pickWindow = onWindow;
  els.panel.addEventListener("toggle", () => (els.panel.open ? refreshTrends() : null));
  els.measure.addEventListener("click", () => {
    measure = measure === "events" ? "fatalities" : "events";
    if (answer) render();
  });
  // Playback moves the window without telling anyone (play.js): once it stops (its button no
  // longer pressed), the panel catches up with the window it stopped at.
  const play = document.getElementById("play");
  if (play) {
    new MutationObserver(() => {
      if (play.getAttribute("aria-pressed") === "false") refreshTrendsSoon();
    }).observe(play, { attributes: true, attributeFilter: ["aria-pressed"] });
  }
  // A handle for the browser tests: the chart, and where a period's bar is.
  window.conflictMapTrends = {
    get answer() {
      return answer;
    },
    barX: (i) => (chart ? barCentre(chart, i) : null),
  };
}

/** Ask for the trends of the current filters and window (when the panel is open). */
export async function refreshTrends() {
  if (!els || !els.panel.open) return;
  const gen = ++generation;
  const url = withQuery(api.trends, filterPairs(store.state));
  els.panel.dataset.state = "loading";
  try {
    const body = await getJSON(url);
    if (gen !== generation) return;
    answer = body;
    render();
    els.panel.dataset.state = "ready";
    els.panel.dataset.query = url;
  } catch {
    if (gen !== generation) return;
    els.status.textContent = "The trends could not be loaded.";
    els.panel.dataset.state = "error";
  }
}

function render() {
  const empty = answer.total.events === 0;
  els.chart.hidden = empty;
  els.measure.setAttribute("aria-pressed", String(measure === "fatalities"));
  els.measure.textContent = measure === "fatalities" ? "Show events" : "Show fatalities";
  els.status.textContent = empty ? "No located events under these filters." : summary();
  renderChange();
  renderLegend();
  renderTop(els.actors, answer.actors, (a) => a.name);
  renderTop(els.countries, answer.countries, (c) => c.name);
  renderTop(els.admin1, answer.admin1, (a) => `${a.name || `region ${a.code}`}, ${countryName(a.country)}`);
  if (!empty) chart = drawChart(chart, els.chart, answer, measure, pick);
  els.chart.dataset.periods = String(empty ? 0 : answer.periods.length);
}

function summary() {
  const { events, fatalities } = answer.total;
  const what = measure === "events" ? "Events" : "Fatalities";
  return `${what} per ${answer.bucket}: ${plural(events, "event")}, ${plural(fatalities, "fatality", "fatalities")}.`;
}

function plural(n, one, many = `${one}s`) {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

function renderChange() {
  const change = answer.change;
  els.change.hidden = false;
  if (!change) {
    els.change.textContent = "Set a start date to compare with the window before it.";
    delete els.change.dataset.flag;
    return;
  }
  const c = change[measure];
  const percent = c.percent === null ? "" : ` (${c.percent > 0 ? "+" : ""}${c.percent}%)`;
  const days = toDay(change.previous_to) - toDay(change.previous_from) + 1;
  els.change.dataset.flag = c.flag;
  els.change.replaceChildren(
    h("strong", { class: "trends-flag", text: c.flag }),
    `: ${c.current.toLocaleString("en")} ${measure} against ${c.previous.toLocaleString("en")} in the ${days} days before${percent}.`,
  );
}

function renderLegend() {
  els.legend.replaceChildren(
    ...answer.event_types.map((type) =>
      h("li", {}, h("span", { class: "swatch", style: { background: typeColour(type) } }), h("span", { text: type })),
    ),
  );
}

function renderTop(list, rows, name) {
  const items = rows.map((r) =>
    h(
      "li",
      {},
      h("span", { class: "name", text: name(r) }),
      h("span", { class: "n", text: r[measure].toLocaleString("en") }),
    ),
  );
  list.replaceChildren(...(items.length ? items : [h("li", { class: "muted", text: "None." })]));
}

/** The last day of the period starting on `day`. */
function periodEnd(day, bucket) {
  if (bucket === "year") {
    const year = new Date(day * 86400000).getUTCFullYear();
    return toDay(`${year + 1}-01-01`) - 1;
  }
  return addBuckets(day, bucket, 1) - 1;
}

/** A click on period `i`'s bar: the date window becomes that period (inside the current one). */
function pick(i) {
  const period = answer && answer.periods[i];
  if (!period) return;
  const start = toDay(period.start);
  let [a, b] = [start, periodEnd(start, answer.bucket)];
  if (answer.date_from) a = Math.max(a, toDay(answer.date_from));
  if (answer.date_to) b = Math.min(b, toDay(answer.date_to));
  els.status.textContent = `Date window set to ${formatDay(fromDay(a))} – ${formatDay(fromDay(b))}.`;
  pickWindow(a, b);
}
