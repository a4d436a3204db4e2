// What a filter's answer shows beside the map: the list of events, the count line, the
// download links and, when an answer fails, the error; and renderPanels, what both modes
// draw around the map's events.

import { formatSpan } from "../lib/dates.js";
import { debounce, h } from "../lib/dom.js";
import { filterPairs, filtersKey, withQuery } from "../lib/state.js";
import { getJSON } from "./api.js";
import { eventHref, swatch } from "./data.js";
import { focusEvent } from "./layers.js";
import { api, config, ui } from "./page.js";
import { renderActors, renderCountries, renderExtra, renderTypes } from "./panels.js";
import { clearShown, hideOffline, isNetworkFailure, showOffline } from "./status.js";
import { store } from "./store.js";
import { renderTimeline } from "./timeline.js";

const LIST_LIMIT = 300;

/** The filter's unlocated and located counts (with the date window), once it rests. */
const refreshUnlocated = debounce(() => {
  const key = filtersKey(store.state);
  if (store.unlocated.key === key) return;
  getJSON(withQuery(api.timeline, filterPairs(store.state)))
    .then((data) => {
      if (filtersKey(store.state) !== key) return;
      store.unlocated = { key, n: data.unlocated, located: data.total };
      renderCount(store.lastShown);
      renderDownloads();
    })
    .catch(() => {});
}, 150);

/** The panels around the map's events; `types` and `countries` are counts (or null). */
export function renderPanels({ count, types, countries }) {
  renderActors();
  renderTypes(types);
  renderCountries(countries);
  renderExtra();
  renderTimeline();
  renderDownloads();
  renderCount(count);
  refreshUnlocated();
  document.documentElement.dataset.mapState = "ready";
}

function listItem(ev) {
  const p = ev.p;
  const where = [p.place, p.country].filter(Boolean).join(", ") || "Place unknown";
  const show = h(
    "button",
    { type: "button", class: "event-show", onclick: () => focusEvent(ev.id) },
    swatch(ev.primary && ev.primary.slug),
    h(
      "span",
      { class: "event-text" },
      h("span", { class: "event-when" }, h("time", { datetime: p.date, text: formatSpan(p.date, p.end_date) })),
      h("span", { class: "event-what", text: `${p.sub_event_type} · ${where}` }),
      h("span", { class: "event-summary", text: p.summary }),
    ),
  );
  const link = h(
    "a",
    { class: "event-link", href: eventHref(p) },
    "Details",
    h("span", { class: "visually-hidden", text: ` of ${p.sub_event_type} at ${where}, ${p.date}` }),
  );
  return h("li", { dataset: { id: String(ev.id) } }, show, link);
}

/** The first LIST_LIMIT events, each a button that opens its popup and a link to its page. */
export function renderList(shown) {
  ui.eventList.replaceChildren(...shown.slice(0, LIST_LIMIT).map(listItem));
  if (!shown.length) {
    ui.eventList.append(h("li", { class: "muted empty", text: "No located event matches these filters." }));
  }
  ui.eventListMore.hidden = shown.length <= LIST_LIMIT;
  ui.eventListMore.textContent = `The first ${LIST_LIMIT} of ${shown.length.toLocaleString("en")} are listed; the downloads have all of them.`;
}

/** Server mode, zoomed out: the areas on the map stand for the list. */
export function renderAreasHint(total) {
  const text =
    `${total.toLocaleString("en")} ${total === 1 ? "event is" : "events are"} in view, counted by area on the map. ` +
    "Zoom in, or choose an area, to list them.";
  ui.eventList.replaceChildren(h("li", { class: "muted empty", text }));
  ui.eventListMore.hidden = true;
}

export function renderCount(n) {
  const key = filtersKey(store.state);
  store.lastShown = n;
  const what = `${n.toLocaleString("en")} ${n === 1 ? "event" : "events"}`;
  const shownText = store.mode === "server" ? `${what} in view` : `${what} shown`;
  const m = store.unlocated.key === key ? store.unlocated.n : null;
  ui.count.textContent =
    m === null ? `${shownText} · … unlocated` : `${shownText} · ${m.toLocaleString("en")} unlocated (in CSV)`;
  ui.count.dataset.shown = String(n);
}

export function renderDownloads() {
  const pairs = [...filterPairs(store.state), ["download", "1"]];
  ui.downloadGeojson.href = withQuery(api.geojson, pairs);
  ui.downloadCsv.href = withQuery(api.csv, pairs);
  for (const link of ui.downloadFormats) link.href = withQuery(api[link.dataset.format], pairs);
  ui.downloadSnapshot.href = withQuery(api.snapshot, filterPairs(store.state));
  const refusal = snapshotRefusal();
  ui.downloadSnapshot.setAttribute("aria-disabled", String(Boolean(refusal)));
  ui.downloadSnapshot.title = refusal;
}

/** The snapshot's own limits, known before asking: at most snapshotLimit events, at least one. */
function snapshotRefusal() {
  const { unlocated } = store;
  const located = unlocated.key === filtersKey(store.state) ? unlocated.located : null;
  const limit = config.snapshotLimit;
  if (located === 0) return "No located events to put on a snapshot.";
  if (located > limit) {
    return (
      `${located.toLocaleString("en")} events match: a snapshot holds at most ` +
      `${limit.toLocaleString("en")}. Narrow the filter (actor, dates, country).`
    );
  }
  return "";
}

/** A failed answer: the filter's errors (a 400) with a reset, the offline banner when no
 * answer came, or a retry for anything else; the markers of older answers are cleared. */
export function showError(error) {
  clearShown();
  ui.count.textContent = "No events loaded";
  document.documentElement.dataset.mapState = "error";
  if (isNetworkFailure(error)) {
    ui.error.hidden = true;
    showOffline();
    return;
  }
  const messages = error.errors
    ? Object.entries(error.errors).map(([name, message]) => `${name}: ${message}`)
    : [];
  ui.errorText.textContent = messages.length
    ? `The server did not accept this filter. ${messages.join(" ")}`
    : "The events could not be loaded. Check the connection and try again.";
  ui.errorButton.textContent = messages.length ? "Clear all filters" : "Try again";
  ui.errorButton.dataset.action = messages.length ? "reset" : "retry";
  ui.error.hidden = false;
}

export function hideError() {
  ui.error.hidden = true;
  hideOffline();
}
