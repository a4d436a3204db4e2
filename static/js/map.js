// The map page: filters, map, timeline, counts and list, all driven by one state that lives in
// the URL (map/store.js holds it, with everything else that changes). Data comes from the JSON
// API; every piece of data reaches the page as text nodes. This module wires the page's
// inputs to the modules in map/ and loads each filter's data.
//
// Two data modes, chosen per filter from the number of located events it matches (all dates,
// any event type and country: what the client mode would download):
//
// Client mode (at most config.clientLimit events; map/client.js):
//   /api/events.geojson  filters except event type, country and date window (cached per query):
//                        the page narrows those itself with the API's own rules, so dragging the
//                        date window or playing the timeline needs no request per step.
// Server mode (more; map/server.js): the browser never holds more than the view needs.
//   /api/map.json        every filter, the date window, the view's zoom and bbox: grid clusters
//                        when zoomed out, the events themselves when few are in view; asked again
//                        when the view, the filters or the window move.
// Both:
//   /api/timeline.json   filters except the date window: the histogram shows the whole extent;
//                        without event type and country: the size that picks the mode;
//                        and with every filter, for the count of unlocated events;
//   /api/actors.json     filters except actor and dates: the actor facet and its counts;
//                        with search= only, the actor search box's matches, best first.
// Server mode also:
//   /api/facets.json     every filter and the date window: counts per event type and country
//                        (each without its own selection), which client mode counts itself.

import { isIsoDate, toDay } from "./lib/dates.js";
import { debounce } from "./lib/dom.js";
import { filterPairs, parseQuery, withQuery } from "./lib/state.js";
import { getJSON } from "./map/api.js";
import { renderClient, serverSidePairs, showClient } from "./map/client.js";
import { canonicalTypes, resolveActorNames, resolvedActors, searchActors, takeEveryActor } from "./map/data.js";
import { pushUrl, replaceUrl } from "./map/history.js";
import { wireEmbed } from "./map/embed.js";
import { addFitControl, areaLayer, cluster, fitToMarkers, map, markers } from "./map/layers.js";
import "./map/display.js"; // the layer switch: heatmap, choropleth (issue 16)
import "./map/labels.js"; // place names when zoomed in
import { setMode } from "./map/mode.js";
import { api, config, narrow, ui } from "./map/page.js";
import { buildTypes, renderActors, renderFilterSummary } from "./map/panels.js";
import { renderSpeed, stopPlay, togglePlay, wireSpeed } from "./map/play.js";
import { renderDownloads, showError } from "./map/results.js";
import { fitToFilter, loadView, paintView, renderServer, showServer, viewMoved } from "./map/server.js";
import { wireStatus } from "./map/status.js";
import { store } from "./map/store.js";
import { hasTimeline, renderTimeline, setWindow, windowDays } from "./map/timeline.js";
import { initTrends, refreshTrends, refreshTrendsSoon } from "./map/trends.js";

function render() {
  if (store.mode === "server") renderServer();
  else renderClient();
}

/** Controls that show the state (after a popstate, a reset, a canonicalised link). */
function syncControls() {
  renderFilterSummary();
  if (store.base || store.view) render();
}

/** Apply a change to the filters: a new history entry, fresh data. */
function changeFilters(mutate, kind = null) {
  stopPlay();
  mutate(store.state);
  pushUrl(kind);
  syncControls();
  update();
}

function toggle(name, value, on) {
  changeFilters((s) => {
    const values = s[name].filter((v) => v !== value);
    if (on) values.push(value);
    s[name] = values;
  });
}

function resetFilters() {
  changeFilters((s) => {
    Object.assign(s, { actor: [], event_type: [], country: [], q: "", date_from: null, date_to: null, extra: [] });
  });
  ui.actorSearch.value = "";
  searchActors("");
}

// ---------------------------------------------------------------------------------------------
// Loading a filter

async function update({ fit = false } = {}) {
  const gen = ++store.generation;
  const current = () => gen === store.generation;
  ui.map.setAttribute("aria-busy", "true");
  refreshTrends();
  // Already in server mode, the new filter most likely keeps it: the view is asked for at once.
  const early = store.mode === "server" && !fit ? loadView() : null;
  try {
    const [size, timeline, actors] = await filterAnswers();
    if (!current()) return;
    const show = locatedCount(size) <= config.clientLimit ? showClient : showServer;
    await show({ current, timeline, actors, fit, early });
  } catch (error) {
    if (current()) showError(error);
  } finally {
    if (current()) ui.map.removeAttribute("aria-busy");
  }
}

/** The answers that pick the mode and fill the histogram and the actor facet. */
function filterAnswers() {
  const { state } = store;
  // The mode's measure: the located events client mode would download (all dates, types and
  // countries); with neither a type nor a country chosen, the same request as the histogram's.
  return Promise.all([
    getJSON(withQuery(api.timeline, serverSidePairs())),
    getJSON(withQuery(api.timeline, filterPairs(state, { dates: false }))),
    getJSON(withQuery(api.actors, filterPairs(state, { dates: false, actor: false }))),
  ]);
}

function locatedCount(timeline) {
  return timeline.total ?? timeline.counts.reduce((sum, c) => sum + c.count, 0);
}

function fitToShown() {
  return store.mode === "server" ? fitToFilter() : fitToMarkers();
}

// ---------------------------------------------------------------------------------------------
// The date window's inputs

/** [a, b] in order: past the other handle, the one the user moves takes it along. */
function ordered(a, b, which) {
  if (a <= b) return [a, b];
  return which === "from" ? [a, a] : [b, b];
}

function onRange(which, commit) {
  if (!hasTimeline()) return;
  stopPlay();
  const [a, b] = ordered(Number(ui.rangeFrom.value), Number(ui.rangeTo.value), which);
  setWindow(store.hist.d0 + a, store.hist.d0 + b);
  windowChanged();
  if (commit) pushUrl();
}

function onDateInput(which) {
  const input = which === "from" ? ui.dateFrom : ui.dateTo;
  if (!hasTimeline() || !isIsoDate(input.value)) return;
  stopPlay();
  const [from, to] = windowDays();
  const day = toDay(input.value);
  setWindow(...(which === "from" ? ordered(day, to, which) : ordered(from, day, which)));
  pushUrl();
  windowChanged();
}

/** The date window moved: redrawn at once in client mode; server mode asks for the view. */
function windowChanged() {
  refreshTrendsSoon();
  if (store.mode !== "server") return renderClient();
  renderTimeline();
  renderDownloads();
  viewMoved();
}

/** A click on a bar of the trends chart: the window becomes its period, as the inputs set it. */
function onTrendsPeriod(a, b) {
  if (!hasTimeline()) return;
  stopPlay();
  setWindow(a, b);
  pushUrl();
  windowChanged();
}

// ---------------------------------------------------------------------------------------------
// Wiring

function setPanel(open) {
  ui.panelToggle.setAttribute("aria-expanded", String(open));
  ui.panel.classList.toggle("open", open);
  map.invalidateSize();
}

function wireFilters() {
  const applySearch = () => {
    const q = ui.q.value.trim();
    if (q !== store.state.q) changeFilters((s) => (s.q = q), "q");
  };
  const searchChanged = debounce(applySearch, 350);
  ui.form.addEventListener("submit", (e) => {
    e.preventDefault();
    searchChanged.cancel();
    applySearch();
  });
  ui.q.addEventListener("input", searchChanged);
  // Every checkbox of the panel is named and valued as the state (panels.js).
  ui.form.addEventListener("change", (e) => {
    if (e.target.type === "checkbox") toggle(e.target.name, e.target.value, e.target.checked);
  });
  ui.extraList.addEventListener("click", (e) => {
    const remove = e.target.closest(".chip-remove");
    if (remove) changeFilters((s) => s.extra.splice(Number(remove.dataset.index), 1));
  });
  const actorSearchChanged = debounce(() => searchActors(ui.actorSearch.value.trim()).then(renderActors), 150);
  ui.actorSearch.addEventListener("input", actorSearchChanged);
  ui.actorSearch.addEventListener("keydown", (e) => {
    if (e.key === "Enter") e.preventDefault();
  });
  ui.reset.addEventListener("click", resetFilters);
  ui.errorButton.addEventListener("click", () => {
    if (ui.errorButton.dataset.action === "retry") update();
    else resetFilters();
  });
}

function wireTimeline() {
  ui.rangeFrom.addEventListener("input", () => onRange("from", false));
  ui.rangeTo.addEventListener("input", () => onRange("to", false));
  ui.rangeFrom.addEventListener("change", () => onRange("from", true));
  ui.rangeTo.addEventListener("change", () => onRange("to", true));
  for (const [input, which] of [
    [ui.dateFrom, "from"],
    [ui.dateTo, "to"],
  ]) {
    input.addEventListener("input", () => (store.editingDate = input));
    input.addEventListener("change", () => {
      store.editingDate = null;
      onDateInput(which);
    });
    input.addEventListener("blur", () => {
      store.editingDate = null;
      if (store.hist) renderTimeline();
    });
  }
  ui.play.addEventListener("click", togglePlay);
  wireSpeed();
}

function wirePage() {
  addFitControl(() => Promise.resolve(fitToShown()).catch(showError));
  map.on("moveend", () => {
    const c = map.getCenter();
    store.state.view = { lat: c.lat, lng: c.lng, zoom: map.getZoom() };
    replaceUrl();
    if (store.mode === "server") viewMoved();
  });
  map.on("zoomend", () => {
    if (store.mode === "server") viewMoved();
  });
  window.addEventListener("popstate", () => {
    stopPlay();
    store.lastPushKind = null;
    const state = parseQuery(window.location.search);
    state.actor = resolvedActors(state.actor);
    state.event_type = canonicalTypes(state.event_type);
    store.state = state;
    renderSpeed();
    if (state.view) map.setView([state.view.lat, state.view.lng], state.view.zoom, { animate: false });
    syncControls();
    update();
  });
  ui.downloadSnapshot.addEventListener("click", (event) => {
    if (ui.downloadSnapshot.getAttribute("aria-disabled") === "true") event.preventDefault();
  });
  ui.panelToggle.addEventListener("click", () => setPanel(ui.panelToggle.getAttribute("aria-expanded") !== "true"));
  narrow.addEventListener("change", () => setPanel(!narrow.matches));
  setPanel(!narrow.matches);
}

async function init() {
  document.documentElement.dataset.mapState = "loading";
  buildTypes();
  wireFilters();
  wireTimeline();
  wirePage();
  wireEmbed();
  const linkChecked = wireStatus({ retry: () => update() });
  initTrends(onTrendsPeriod);
  // A big database (the server's hint): the first view is asked for and drawn first, then the
  // actor list, the histogram and the counts, slower at that size, are asked for. (The
  // API takes actor aliases as they are, so the link's state need not be canonical yet.)
  if (config.serverHint) {
    setMode("server");
    if (await loadView()) paintView();
  }
  // Every actor with located events (the list's order), and the ones the link names.
  const [everyone] = await Promise.all([
    getJSON(api.actors).catch(() => ({ actors: [] })),
    resolveActorNames(store.state.actor),
  ]);
  takeEveryActor(everyone.actors);
  store.state.actor = resolvedActors(store.state.actor);
  store.state.event_type = canonicalTypes(store.state.event_type);
  replaceUrl(); // the link as the page spells it: slugs, canonical types, known parameters
  syncControls();
  await update({ fit: !store.state.view });
  await linkChecked;
}

// A handle for debugging and the browser tests.
window.conflictMap = {
  map,
  cluster,
  markers,
  areaLayer,
  get mode() {
    return store.mode;
  },
  get state() {
    return structuredClone(store.state);
  },
};

init();
