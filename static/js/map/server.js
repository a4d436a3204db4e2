// Server mode (more than config.clientLimit located events under the filter): the browser never
// holds more than the view needs. /api/map.json answers each view (every filter, the window,
// the zoom and the bbox) with grid cells when zoomed out and with the events when few are in
// view; /api/facets.json counts the types and countries that client mode counts itself.

import { debounce } from "../lib/dom.js";
import { filterPairs, filtersKey, withQuery } from "../lib/state.js";
import { countRequest, getJSON, getView } from "./api.js";
import { prepareEvents, takeFilterAnswers } from "./data.js";
import { legend } from "./legend.js";
import { drawAreas, fitTo, map, markers, updateMarkers } from "./layers.js";
import { setMode } from "./mode.js";
import { api, ui } from "./page.js";
import { renderCountries, renderTypes } from "./panels.js";
import { hideError, renderAreasHint, renderList, renderPanels, showError } from "./results.js";
import { store } from "./store.js";

const VIEW_DEBOUNCE_MS = 150;
const FIT_ZOOM = 4; // the zoom of the server's answer used to fit the map to a whole filter
const KEEP_EVENTS = 20000; // prepared events kept beyond those drawn

/**
 * Show the filter in server mode; `early` is a view asked for before the mode was known
 * (used if it is still the latest), `current()` false once a newer update has begun.
 */
export async function showServer({ current, timeline, actors, fit, early }) {
  setMode("server");
  takeFilterAnswers(timeline, actors);
  if (fit) {
    await fitToFilter();
    if (!current()) return;
  }
  // The early request if it is still the latest (a move since then asked again).
  const loaded = early && store.viewLoading === early ? await early : await loadView();
  if (!current() || !loaded) return;
  hideError();
  renderServer();
}

/** The view's bbox for the API: inside -180..180 and -90..90, and inside the link's bbox. */
function viewBbox() {
  const b = map.getBounds();
  const floor = (n) => Math.floor(n * 1e4) / 1e4;
  const ceil = (n) => Math.ceil(n * 1e4) / 1e4;
  const box = [
    Math.max(-180, floor(b.getWest())),
    Math.max(-90, floor(b.getSouth())),
    Math.min(180, ceil(b.getEast())),
    Math.min(90, ceil(b.getNorth())),
  ];
  const [west, south, east, north] = linkedBbox() || box;
  const inside = [
    Math.max(box[0], west),
    Math.max(box[1], south),
    Math.min(box[2], east),
    Math.min(box[3], north),
  ];
  return inside[0] < inside[2] && inside[1] < inside[3] ? inside : null;
}

/** The link's own bbox filter, if it has a well-formed one. */
function linkedBbox() {
  const linked = store.state.extra.find(([name]) => name === "bbox");
  const limit = linked ? linked[1].split(",").map(Number) : [];
  return limit.length === 4 && limit.every(Number.isFinite) ? limit : null;
}

function viewZoom() {
  return Math.max(0, Math.min(22, Math.round(map.getZoom())));
}

/** Every filter (the view's bbox replaces a bbox from the link), the zoom and the bbox. */
function viewUrl() {
  const bbox = viewBbox();
  if (!bbox) return null;
  const pairs = filterPairs(store.state).filter(([name]) => name !== "bbox");
  pairs.push(["zoom", String(viewZoom())], ["bbox", bbox.join(",")]);
  return withQuery(api.map, pairs);
}

/**
 * Ask for the current view; resolves true once it is `store.view`, false when a newer request
 * (or a switch to client mode) made it stale. Errors are shown here and resolve false.
 */
export function loadView() {
  const gen = ++store.viewGeneration;
  const url = viewUrl();
  ui.map.setAttribute("aria-busy", "true");
  const request = url
    ? getView(url)
    : Promise.resolve({ mode: "events", zoom: viewZoom(), total: 0, features: [] });
  const promise = request
    .then((data) => {
      if (gen !== store.viewGeneration || store.mode !== "server") return false;
      store.view = prepareView(data);
      return true;
    })
    .catch((error) => {
      if (gen === store.viewGeneration) showError(error);
      return false;
    })
    .finally(() => {
      if (gen === store.viewGeneration) ui.map.removeAttribute("aria-busy");
    });
  store.viewLoading = promise;
  return promise;
}

function prepareView(data) {
  const areas = data.mode === "clusters";
  return {
    areas,
    zoom: data.zoom,
    total: data.total,
    events: areas ? [] : prepareEvents(data.features),
    cells: areas ? data.features.filter((f) => f.geometry) : [],
  };
}

/** Load the view and draw it; resolves when the latest request has been answered. */
export async function refreshView() {
  if (store.mode !== "server") return;
  let loading = loadView();
  if (await loading) {
    hideError();
    renderServer();
  }
  // A newer request (a move while this one was out) is waited for too; its caller draws it.
  while (store.viewLoading !== loading) {
    loading = store.viewLoading;
    await loading;
  }
}

/** The view or the window moved: ask again once it rests (counted in data-requests meanwhile). */
export function viewMoved() {
  if (store.viewTimer) window.clearTimeout(store.viewTimer);
  else countRequest(1);
  store.viewTimer = window.setTimeout(() => {
    store.viewTimer = null;
    refreshView();
    countRequest(-1);
  }, VIEW_DEBOUNCE_MS);
}

/** Forget a move waiting to rest (playback asks for each step itself). */
export function viewMovedCancel() {
  if (!store.viewTimer) return;
  window.clearTimeout(store.viewTimer);
  store.viewTimer = null;
  countRequest(-1);
}

/**
 * Fit the map to every event of the filter (and window). The server answers for the whole
 * world at a low zoom: the events themselves if few, else its cells' centroids.
 */
export async function fitToFilter() {
  const pairs = filterPairs(store.state);
  if (!pairs.some(([name]) => name === "bbox")) pairs.push(["bbox", "-180,-90,180,90"]);
  pairs.push(["zoom", String(FIT_ZOOM)]);
  const data = await getView(withQuery(api.map, pairs));
  const located = data.features.filter((f) => f.geometry);
  fitTo(located.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]));
}

/** Only the map's layers, for a first paint before the panels have their data. */
export function paintView() {
  const { view } = store;
  if (!view) return;
  updateMarkers(view.events);
  drawAreas(view.areas ? view.cells : [], view.zoom);
  ui.map.dataset.markers = String(view.total);
  ui.map.dataset.view = view.areas ? "areas" : "events";
  ui.map.dataset.zoom = String(view.zoom);
}

/** The type and country counts of the filter (with the window), once it rests. */
const refreshFacets = debounce(() => {
  const key = filtersKey(store.state);
  if (store.facets.key === key) return;
  getJSON(withQuery(api.facets, filterPairs(store.state)))
    .then((data) => {
      if (filtersKey(store.state) !== key || store.mode !== "server") return;
      const countries = new Map(Object.entries(data.country));
      for (const code of countries.keys()) store.knownCountries.add(code);
      store.facets = { key, types: new Map(Object.entries(data.event_type)), countries };
      renderFacetCounts();
    })
    .catch(() => {});
}, 150);

export function renderServer() {
  const { view } = store;
  if (!view) return;
  paintView();
  legend.update(view.events, view.areas);
  if (view.areas) renderAreasHint(view.total);
  else renderList(view.events);
  renderPanels({ count: view.total, ...currentFacets() });
  refreshFacets();
  forgetEvents();
}

/** The type and country counts of the current filter, or nulls while they are on their way. */
function currentFacets() {
  const { facets } = store;
  const current = facets.key === filtersKey(store.state);
  return { types: current ? facets.types : null, countries: current ? facets.countries : null };
}

function renderFacetCounts() {
  const { types, countries } = currentFacets();
  renderTypes(types);
  renderCountries(countries);
}

/** A long session of panning keeps only the events drawn once many are known. */
function forgetEvents() {
  if (store.eventsById.size <= KEEP_EVENTS) return;
  for (const id of [...store.eventsById.keys()]) {
    if (store.shownIds.has(id)) continue;
    store.eventsById.delete(id);
    markers.delete(id);
  }
}
