// The map page: filters, map, timeline, counts and list, all driven by one state that lives in
// the URL. Data comes from the JSON API; every piece of data reaches the page as text nodes.
//
// Two data modes, chosen per filter from the number of located events it matches (all dates,
// any event type and country: what the client mode would download):
//
// Client mode (at most config.clientLimit events):
//   /api/events.geojson  filters except event type, country and date window (cached per query):
//                        the page narrows those itself with the API's own rules, so dragging the
//                        date window or playing the timeline needs no request per step.
// Server mode (more): the browser never holds more than the view needs.
//   /api/map.json        every filter, the date window, the view's zoom and bbox: grid clusters
//                        when zoomed out, the events themselves when few are in view; asked again
//                        when the view, the filters or the window move.
// Both:
//   /api/timeline.json   filters except the date window: the histogram shows the whole extent;
//                        without event type and country: the size that picks the mode;
//                        and with every filter, for the count of unlocated events;
//   /api/actors.json     filters except actor and dates: the actor facet and its counts.
// Server mode also:
//   /api/facets.json     every filter and the date window: counts per event type and country
//                        (each without its own selection), which client mode counts itself.

import { addBuckets, formatDay, formatMonth, formatSpan, fromDay, isIsoDate, PRECISION, toDay } from "./lib/dates.js";
import { debounce, fold, h, safeColour, safeHref, svg, syncChildren } from "./lib/dom.js";
import {
  filterPairs,
  filtersKey,
  pageQuery,
  parseQuery,
  withQuery,
} from "./lib/state.js";

const config = JSON.parse(document.getElementById("map-config").textContent);
const leafletConfig = readLeafletConfig();
const api = config.api;

const $ = (id) => document.getElementById(id);
const ui = {
  count: $("count"),
  downloadGeojson: $("download-geojson"),
  downloadCsv: $("download-csv"),
  downloadSnapshot: $("download-snapshot"),
  panel: $("panel"),
  panelToggle: $("panel-toggle"),
  panelBody: $("panel-body"),
  activeFilters: $("active-filters"),
  form: $("filters"),
  q: $("q"),
  actorSearch: $("actor-search"),
  actorList: $("actor-list"),
  actorEmpty: $("actor-empty"),
  typeList: $("type-list"),
  countryList: $("country-list"),
  countryEmpty: $("country-empty"),
  facetHint: $("facet-hint"),
  extra: $("extra-filters"),
  extraList: $("extra-list"),
  reset: $("reset"),
  eventList: $("event-list"),
  eventListMore: $("event-list-more"),
  map: $("map"),
  error: $("error"),
  errorText: $("error-text"),
  errorButton: $("error-reset"),
  play: $("play"),
  playLabel: document.querySelector("#play .play-label"),
  dateFrom: $("date-from"),
  dateTo: $("date-to"),
  windowText: $("window-text"),
  histogram: $("histogram"),
  rangeFrom: $("range-from"),
  rangeTo: $("range-to"),
  axisStart: $("axis-start"),
  axisBucket: $("axis-bucket"),
  axisEnd: $("axis-end"),
};

const LIST_LIMIT = 300;
const PLAY_MS = 700;
const VIEW_DEBOUNCE_MS = 150;
const FIT_ZOOM = 4; // the zoom of the server's answer used to fit the map to a whole filter
const KEEP_EVENTS = 20000; // server mode: prepared events kept beyond those drawn
const ROLE_NAMES = {
  actor1: "Actor 1",
  actor2: "Actor 2",
  assoc1: "With actor 1",
  assoc2: "With actor 2",
};
const FALLBACK_COLOUR = "#6b7280";
const regionNames = safeRegionNames();

// ---------------------------------------------------------------------------------------------
// State

let state = parseQuery(window.location.search);
let lastPushKind = null;
let generation = 0;

const actorInfo = new Map(); // slug -> {slug, name, colour, aliases, count}: every actor we know
let actorOrder = []; // slugs in the order of the unfiltered actor list (most events first)
let actorFacet = new Map(); // slug -> count under the filters except actor
const eventsById = new Map(); // id -> prepared event (shared by every query's answer)
let mode = null; // "client" or "server" (see the top of this file)
let base = null; // client mode: {url, events}, the server's answer for the server-side filters
let view = null; // server mode: the last /api/map.json answer, prepared (see loadView)
let viewGeneration = 0;
let viewLoading = null; // the latest /api/map.json request's promise
let lastShown = 0; // the number the count line shows
let hist = null; // the timeline for the filters except dates, with its day domain
let unlocated = { key: null, n: null, located: null }; // the filter's counts, date window in
let facets = { key: null, types: null, countries: null }; // server mode: /api/facets.json
const knownCountries = new Set();

// ---------------------------------------------------------------------------------------------
// Fetching (each URL once; answers are kept for the session)

const cache = new Map();
const CACHE_MAX = 120;
let inFlight = 0; // shown as data-requests on <html>: 0 when the page waits for nothing

function countRequest(delta) {
  inFlight += delta;
  document.documentElement.dataset.requests = String(inFlight);
}

function getJSON(url, store = cache, max = CACHE_MAX) {
  if (!store.has(url)) {
    countRequest(1);
    const promise = fetch(url, { headers: { Accept: "application/json" } })
      .then(async (r) => {
        const body = await r.json().catch(() => null);
        if (!r.ok) {
          const error = new Error(`HTTP ${r.status}`);
          error.errors = body && body.errors;
          throw error;
        }
        return body;
      })
      .finally(() => countRequest(-1));
    promise.catch(() => store.delete(url));
    store.set(url, promise);
    if (store.size > max) store.delete(store.keys().next().value);
  }
  return store.get(url);
}

// Map views' answers can be large (up to a few thousand events): only the last few are kept,
// enough for panning back, a debounced repeat of the same view, or playing a window again.
const viewCache = new Map();
const VIEW_CACHE_MAX = 24;

// ---------------------------------------------------------------------------------------------
// The map

const mapOptions = {
  center: state.view ? [state.view.lat, state.view.lng] : leafletConfig.DEFAULT_CENTER || [30, 30],
  zoom: state.view ? state.view.zoom : (leafletConfig.DEFAULT_ZOOM ?? 3),
  minZoom: leafletConfig.MIN_ZOOM ?? 2,
  maxZoom: leafletConfig.MAX_ZOOM ?? 18,
  worldCopyJump: true,
  zoomSnap: 0.25,
};
const map = L.map(ui.map, mapOptions);
map.attributionControl.setPrefix(false);
ui.map.setAttribute("aria-label", "Map of the events shown. Arrow keys pan, plus and minus zoom.");

// Without a base map (no tile URL, or tiles unreachable) a light graticule every 5 degrees keeps
// a sense of place and of panning.
let graticule = null;
function showGraticule() {
  if (graticule) return;
  map.createPane("graticule").style.zIndex = "250";
  const style = { pane: "graticule", color: "#ffffff", weight: 1, opacity: 0.8, interactive: false };
  const lines = [];
  for (let lng = -180; lng <= 180; lng += 5) lines.push(L.polyline([[-85, lng], [85, lng]], style));
  for (let lat = -80; lat <= 80; lat += 5) lines.push(L.polyline([[lat, -180], [lat, 180]], style));
  graticule = L.layerGroup(lines).addTo(map);
}

if (config.tiles && config.tiles.url) {
  // The attribution is the operator's setting (HTML such as "&copy; OpenStreetMap"), not data.
  const tiles = L.tileLayer(config.tiles.url, {
    attribution: config.tiles.attribution || "",
    maxZoom: 19,
  });
  tiles.on("tileerror", () => {
    ui.map.classList.add("tiles-failed");
    showGraticule();
  });
  tiles.on("tileload", () => ui.map.classList.remove("tiles-failed"));
  tiles.addTo(map);
} else {
  ui.map.classList.add("no-tiles");
  showGraticule();
}

const cluster = L.markerClusterGroup({
  maxClusterRadius: 36,
  showCoverageOnHover: false,
  spiderfyOnMaxZoom: true,
  chunkedLoading: true,
  iconCreateFunction: clusterIcon,
});
cluster.addTo(map);
const markers = new Map(); // event id -> circle marker
let shownIds = new Set();
// Server mode, zoomed out: the server's grid cells, one marker each (never clustered again here).
const areaLayer = L.layerGroup().addTo(map);

function clusterIcon(group) {
  const n = group.getChildCount();
  const size = n < 10 ? 32 : n < 100 ? 38 : n < 1000 ? 44 : 50;
  const label = h("span", { class: "cm-cluster-count", text: n.toLocaleString("en") });
  return L.divIcon({
    html: label,
    className: "cm-cluster",
    iconSize: [size, size],
  });
}

function radiusFor(fatalities) {
  if (fatalities === null || fatalities === undefined) return 7;
  return Math.min(26, 6 + 2.2 * Math.sqrt(fatalities));
}

function markerFor(ev) {
  let marker = markers.get(ev.id);
  if (marker) return marker;
  const unknown = ev.p.fatalities === null || ev.p.fatalities === undefined;
  marker = L.circleMarker([ev.lat, ev.lng], {
    radius: radiusFor(ev.p.fatalities),
    color: unknown ? "#0f172a" : "#ffffff",
    weight: unknown ? 1.25 : 1.5,
    dashArray: unknown ? "3 2" : null,
    fillColor: colourOf(ev.primary && ev.primary.slug),
    fillOpacity: unknown ? 0.75 : 0.9,
    className: unknown ? "cm-marker cm-marker-unknown" : "cm-marker",
  });
  marker.eventId = ev.id;
  // A long text scrolls inside the popup: a popup taller than the map would pan its own marker
  // out of view, and the cluster layer would then drop the marker and close the popup.
  marker.bindPopup(() => popupContent(ev), {
    maxWidth: 340,
    minWidth: 240,
    maxHeight: Math.max(160, Math.round(ui.map.clientHeight * 0.6)),
    autoPanPadding: [24, 24],
  });
  markers.set(ev.id, marker);
  return marker;
}

function updateMarkers(shown) {
  const want = new Set(shown.map((ev) => ev.id));
  const remove = [...shownIds].filter((id) => !want.has(id)).map((id) => markers.get(id));
  const add = shown.filter((ev) => !shownIds.has(ev.id)).map(markerFor);
  if (remove.length) cluster.removeLayers(remove);
  if (add.length) cluster.addLayers(add);
  shownIds = want;
  ui.map.dataset.markers = String(want.size);
}

/** Server mode: one grid cell of the server's answer, a round count that zooms in when chosen. */
function areaMarker(feature, zoom) {
  const p = feature.properties;
  const [lng, lat] = feature.geometry.coordinates;
  const n = p.count;
  const count = n.toLocaleString("en");
  const title = `${count} ${n === 1 ? "event" : "events"}`;
  const span = p.first === p.last ? formatDay(p.first) : `${formatDay(p.first)} to ${formatDay(p.last)}`;
  const size = Math.round(Math.min(64, 28 + 8 * Math.log10(Math.max(1, n))));
  const marker = L.marker([lat, lng], {
    icon: L.divIcon({
      html: h("span", { class: "cm-cluster-count", "aria-hidden": "true", text: count }),
      className: "cm-cluster cm-area",
      iconSize: [size, size],
    }),
    title,
    keyboard: true,
    riseOnHover: true,
  });
  marker.on("add", () => {
    const el = marker.getElement();
    el.setAttribute("aria-label", `${title}, ${span}. Zoom in`);
    el.dataset.count = String(n);
  });
  const zoomIn = () => zoomToCell(p.cell, zoom, [lat, lng]);
  marker.on("click", zoomIn);
  marker.on("keypress", (e) => {
    const key = e.originalEvent.key;
    if (key === "Enter" || key === " ") {
      e.originalEvent.preventDefault();
      zoomIn();
    }
  });
  return marker;
}

/** Zoom to a grid cell (lon gx*s..(gx+1)*s, lat gy*s..(gy+1)*s at the answer's zoom). */
function zoomToCell([gx, gy], zoom, centroid) {
  const s = 360 / (2 ** zoom * 4);
  const clampLat = (lat) => Math.max(-85, Math.min(85, lat));
  const bounds = L.latLngBounds([clampLat(gy * s), gx * s], [clampLat((gy + 1) * s), (gx + 1) * s]);
  const padding = L.point(24, 24);
  const target = Math.min(map.getMaxZoom(), map.getBoundsZoom(bounds, false, padding));
  if (target > map.getZoom() + 0.5) map.fitBounds(bounds, { padding: [24, 24] });
  else map.setView(centroid, Math.min(map.getMaxZoom(), map.getZoom() + 2));
}

function drawAreas(features, zoom) {
  areaLayer.clearLayers();
  for (const feature of features) areaLayer.addLayer(areaMarker(feature, zoom));
}

function focusEvent(id) {
  const marker = markers.get(id);
  if (!marker || !shownIds.has(id)) return;
  const open = () => marker.openPopup();
  // On the map already (not inside a cluster): the popup pans into view by itself.
  if (map.hasLayer(marker)) open();
  else cluster.zoomToShowLayer(marker, open);
}

function fitToShown() {
  if (mode === "server") return fitToFilter();
  const points = [...shownIds].map((id) => markers.get(id).getLatLng());
  fitTo(points);
}

function fitTo(points) {
  if (!points.length) return;
  map.fitBounds(L.latLngBounds(points), { padding: [40, 40], maxZoom: 8, animate: false });
}

/**
 * Server mode: fit the map to every event of the filter (and window). The server answers for
 * the whole world at a low zoom: the events themselves if few, else its cells' centroids.
 */
async function fitToFilter() {
  const pairs = filterPairs(state);
  if (!pairs.some(([name]) => name === "bbox")) pairs.push(["bbox", "-180,-90,180,90"]);
  pairs.push(["zoom", String(FIT_ZOOM)]);
  const data = await getJSON(withQuery(api.map, pairs), viewCache, VIEW_CACHE_MAX);
  const located = data.features.filter((f) => f.geometry);
  fitTo(located.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]));
}

const FitControl = L.Control.extend({
  options: { position: "topleft" },
  onAdd() {
    const button = h("button", {
      type: "button",
      class: "map-button",
      title: "Zoom to the events shown",
      "aria-label": "Zoom to the events shown",
      onclick: () => Promise.resolve(fitToShown()).catch(showError),
    });
    button.append(h("span", { "aria-hidden": "true", text: "⤢" }));
    const box = h("div", { class: "leaflet-bar" }, button);
    L.DomEvent.disableClickPropagation(box);
    return box;
  },
});
new FitControl().addTo(map);

const LegendControl = L.Control.extend({
  options: { position: "bottomright" },
  onAdd() {
    this.list = h("ul", { class: "legend-list" });
    const details = h(
      "details",
      { class: "legend" },
      h("summary", { text: "Legend" }),
      h("p", { class: "legend-heading", text: "Colour: primary actor" }),
      this.list,
      h(
        "p",
        { class: "legend-size" },
        h("span", { class: "legend-dot legend-dot-small", "aria-hidden": "true" }),
        h("span", { class: "legend-dot legend-dot-big", "aria-hidden": "true" }),
        " size: fatalities; ",
        h("span", { class: "legend-dot legend-dot-unknown", "aria-hidden": "true" }),
        " unknown",
      ),
    );
    details.open = !window.matchMedia("(max-width: 899px)").matches;
    L.DomEvent.disableClickPropagation(details);
    L.DomEvent.disableScrollPropagation(details);
    return details;
  },
  update(shown, areas = false) {
    if (areas) {
      this.list.replaceChildren(
        h("li", {
          class: "muted",
          text: "Zoomed out: numbers count the events in each area. Choose one to zoom in.",
        }),
      );
      return;
    }
    const counts = new Map();
    for (const ev of shown) {
      const slug = ev.primary ? ev.primary.slug : "";
      counts.set(slug, (counts.get(slug) || 0) + 1);
    }
    const rows = [...counts].sort((a, b) => b[1] - a[1] || nameOf(a[0]).localeCompare(nameOf(b[0])));
    const top = rows.slice(0, 8);
    const rest = rows.slice(8).reduce((sum, [, n]) => sum + n, 0);
    const items = top.map(([slug, n]) =>
      h(
        "li",
        {},
        h("span", { class: "swatch", style: { backgroundColor: colourOf(slug) }, "aria-hidden": "true" }),
        h("span", { class: "legend-name", text: slug ? nameOf(slug) : "No actor 1" }),
        h("span", { class: "legend-n", text: String(n) }),
      ),
    );
    if (rest) items.push(h("li", { class: "muted" }, `${rows.length - 8} more actors: ${rest}`));
    if (!items.length) items.push(h("li", { class: "muted", text: "No events shown" }));
    this.list.replaceChildren(...items);
  },
});
const legend = new LegendControl();
legend.addTo(map);

map.on("moveend", () => {
  const c = map.getCenter();
  state.view = { lat: c.lat, lng: c.lng, zoom: map.getZoom() };
  replaceUrl();
  if (mode === "server") viewMoved();
});
map.on("zoomend", () => {
  if (mode === "server") viewMoved();
});

// ---------------------------------------------------------------------------------------------
// Events, actors, countries

function prepare(feature) {
  const id = feature.properties.id;
  let ev = eventsById.get(id);
  if (ev) return ev;
  const p = feature.properties;
  const [lng, lat] = feature.geometry.coordinates;
  const d0 = toDay(p.date);
  ev = {
    id,
    p,
    lat,
    lng,
    d0,
    d1: p.end_date ? toDay(p.end_date) : d0,
    primary: p.actors.find((a) => a.role === "actor1") || p.actors[0] || null,
  };
  eventsById.set(id, ev);
  for (const a of p.actors) {
    if (!actorInfo.has(a.slug)) actorInfo.set(a.slug, { slug: a.slug, name: a.name, aliases: [] });
  }
  return ev;
}

function colourOf(slug) {
  const actor = slug && actorInfo.get(slug);
  return safeColour(actor && actor.colour, FALLBACK_COLOUR);
}

function nameOf(slug) {
  const actor = actorInfo.get(slug);
  return actor ? actor.name : slug;
}

function countryName(code) {
  if (!code) return "";
  try {
    return (regionNames && regionNames.of(code)) || code;
  } catch {
    return code;
  }
}

function safeRegionNames() {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" });
  } catch {
    return null;
  }
}

function rememberActors(list) {
  for (const a of list) actorInfo.set(a.slug, { ...a });
}

/** "ISIS", "islamic state" or "islamic-state" -> "islamic-state"; unknown values stay as typed. */
function canonicalActor(value) {
  const wanted = fold(value);
  for (const a of actorInfo.values()) {
    if (fold(a.slug) === wanted || fold(a.name) === wanted) return a.slug;
  }
  for (const a of actorInfo.values()) {
    if ((a.aliases || []).some((alias) => fold(alias) === wanted)) return a.slug;
  }
  return value;
}

function canonicalType(value) {
  const wanted = value.toLowerCase();
  return Object.keys(config.taxonomy).find((t) => t.toLowerCase() === wanted) || value;
}

function canonicalize(s) {
  const unique = (values) => [...new Set(values)];
  s.actor = unique(s.actor.map(canonicalActor));
  s.event_type = unique(s.event_type.map(canonicalType));
  return s;
}

// ---------------------------------------------------------------------------------------------
// URL and history

function currentUrl() {
  const query = pageQuery(state);
  return window.location.pathname + (query ? `?${query}` : "");
}

/** A user's change: a new history entry (typing in the search box updates its own entry). */
function pushUrl(kind = null) {
  const url = currentUrl();
  if (url === window.location.pathname + window.location.search) return;
  if (kind && kind === lastPushKind) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  lastPushKind = kind;
}

/** The map view and each step of playback: the current entry follows, history stays short. */
function replaceUrl() {
  const url = currentUrl();
  if (url !== window.location.pathname + window.location.search) {
    window.history.replaceState(null, "", url);
  }
}

window.addEventListener("popstate", () => {
  stopPlay();
  lastPushKind = null;
  state = canonicalize(parseQuery(window.location.search));
  if (state.view) map.setView([state.view.lat, state.view.lng], state.view.zoom, { animate: false });
  syncControls();
  update();
});

/** Apply a change to the filters: a new history entry, fresh data. */
function changeFilters(mutate, kind = null) {
  stopPlay();
  mutate(state);
  pushUrl(kind);
  syncControls();
  update();
}

// ---------------------------------------------------------------------------------------------
// Loading and rendering

async function update({ fit = false } = {}) {
  const gen = ++generation;
  // The mode's measure: the located events client mode would download (all dates, types and
  // countries); with neither a type nor a country chosen, the same request as the histogram's.
  const sizeUrl = withQuery(
    api.timeline,
    filterPairs(state, { dates: false, eventType: false, country: false }),
  );
  const histUrl = withQuery(api.timeline, filterPairs(state, { dates: false }));
  const actorsUrl = withQuery(api.actors, filterPairs(state, { dates: false, actor: false }));
  ui.map.setAttribute("aria-busy", "true");
  // Already in server mode, the new filter most likely keeps it: the view is asked for at once.
  const early = mode === "server" && !fit ? loadView() : null;
  try {
    const [size, timeline, actors] = await Promise.all([
      getJSON(sizeUrl),
      getJSON(histUrl),
      getJSON(actorsUrl),
    ]);
    if (gen !== generation) return;
    const located = size.total ?? size.counts.reduce((sum, c) => sum + c.count, 0);
    if (located <= config.clientLimit) {
      const serverUrl = withQuery(
        api.geojson,
        filterPairs(state, { dates: false, eventType: false, country: false }),
      );
      const geo = await getJSON(serverUrl);
      if (gen !== generation) return;
      hideError();
      setMode("client");
      if (!base || base.url !== serverUrl) {
        const events = geo.features.filter((f) => f.geometry).map(prepare);
        events.sort((a, b) => a.d0 - b.d0 || a.id - b.id); // the list reads in time order
        for (const ev of events) if (ev.p.country) knownCountries.add(ev.p.country);
        base = { url: serverUrl, events };
      }
      hist = prepareHistogram(timeline);
      actorFacet = new Map(actors.actors.map((a) => [a.slug, a.count]));
      for (const a of actors.actors) if (!actorInfo.has(a.slug)) actorInfo.set(a.slug, { ...a });
      render();
      if (fit) fitToShown();
    } else {
      setMode("server");
      hist = prepareHistogram(timeline);
      actorFacet = new Map(actors.actors.map((a) => [a.slug, a.count]));
      for (const a of actors.actors) if (!actorInfo.has(a.slug)) actorInfo.set(a.slug, { ...a });
      if (fit) {
        await fitToFilter();
        if (gen !== generation) return;
      }
      // The early request if it is still the latest (a move since then asked again).
      const loaded = early && viewLoading === early ? await early : await loadView();
      if (gen !== generation) return;
      if (loaded) {
        hideError();
        render();
      }
    }
  } catch (error) {
    if (gen === generation) showError(error);
  } finally {
    if (gen === generation) ui.map.removeAttribute("aria-busy");
  }
}

function setMode(next) {
  if (mode === next) return;
  mode = next;
  document.documentElement.dataset.dataMode = next;
  if (next === "server") {
    base = null; // the events stay in the fetch cache; the markers come from each view
    view = null;
  } else {
    view = null;
    drawAreas([], 0);
    delete ui.map.dataset.view;
    delete ui.map.dataset.zoom;
    viewGeneration++; // a view still on its way is not drawn
  }
}

// ---------------------------------------------------------------------------------------------
// Server mode: the view from /api/map.json

/** The view's bbox for the API: inside -180..180 and -90..90, and inside the link's bbox. */
function viewBbox() {
  const b = map.getBounds();
  const floor = (n) => Math.floor(n * 1e4) / 1e4;
  const ceil = (n) => Math.ceil(n * 1e4) / 1e4;
  let box = [
    Math.max(-180, floor(b.getWest())),
    Math.max(-90, floor(b.getSouth())),
    Math.min(180, ceil(b.getEast())),
    Math.min(90, ceil(b.getNorth())),
  ];
  const linked = state.extra.find(([name]) => name === "bbox");
  if (linked) {
    const limit = linked[1].split(",").map(Number);
    if (limit.length === 4 && limit.every(Number.isFinite)) {
      box = [
        Math.max(box[0], limit[0]),
        Math.max(box[1], limit[1]),
        Math.min(box[2], limit[2]),
        Math.min(box[3], limit[3]),
      ];
    }
  }
  return box[0] < box[2] && box[1] < box[3] ? box : null;
}

function viewZoom() {
  return Math.max(0, Math.min(22, Math.round(map.getZoom())));
}

/** Every filter (the view's bbox replaces a bbox from the link), the zoom and the bbox. */
function viewUrl() {
  const bbox = viewBbox();
  if (!bbox) return null;
  const pairs = filterPairs(state).filter(([name]) => name !== "bbox");
  pairs.push(["zoom", String(viewZoom())], ["bbox", bbox.join(",")]);
  return withQuery(api.map, pairs);
}

/**
 * Ask for the current view; resolves true once it is `view`, false when a newer request (or a
 * switch to client mode) made it stale. Errors are shown here and resolve false.
 */
function loadView() {
  const gen = ++viewGeneration;
  const url = viewUrl();
  ui.map.setAttribute("aria-busy", "true");
  const request = url
    ? getJSON(url, viewCache, VIEW_CACHE_MAX)
    : Promise.resolve({ mode: "events", zoom: viewZoom(), total: 0, features: [] });
  const promise = request
    .then((data) => {
      if (gen !== viewGeneration || mode !== "server") return false;
      view = prepareView(data);
      return true;
    })
    .catch((error) => {
      if (gen === viewGeneration) showError(error);
      return false;
    })
    .finally(() => {
      if (gen === viewGeneration) ui.map.removeAttribute("aria-busy");
    });
  viewLoading = promise;
  return promise;
}

function prepareView(data) {
  const areas = data.mode === "clusters";
  const located = data.features.filter((f) => f.geometry);
  const events = areas ? [] : located.map(prepare);
  events.sort((a, b) => a.d0 - b.d0 || a.id - b.id);
  for (const ev of events) if (ev.p.country) knownCountries.add(ev.p.country);
  return { areas, zoom: data.zoom, total: data.total, events, cells: areas ? located : [] };
}

/** Load the view and draw it; resolves when the latest request has been answered. */
async function refreshView() {
  if (mode !== "server") return;
  let loading = loadView();
  if (await loading) {
    hideError();
    render();
  }
  // A newer request (a move while this one was out) is waited for too; its caller draws it.
  while (viewLoading !== loading) {
    loading = viewLoading;
    await loading;
  }
}

/** The view or the window moved: ask again once it rests (counted in data-requests meanwhile). */
let viewTimer = null;
function viewMoved() {
  if (viewTimer) window.clearTimeout(viewTimer);
  else countRequest(1);
  viewTimer = window.setTimeout(() => {
    viewTimer = null;
    refreshView();
    countRequest(-1);
  }, VIEW_DEBOUNCE_MS);
}
viewMoved.cancel = () => {
  if (!viewTimer) return;
  window.clearTimeout(viewTimer);
  viewTimer = null;
  countRequest(-1);
};

function windowDays() {
  const d0 = hist && !hist.empty ? hist.d0 : -Infinity;
  const d1 = hist && !hist.empty ? hist.d1 : Infinity;
  return [
    state.date_from ? toDay(state.date_from) : d0,
    state.date_to ? toDay(state.date_to) : d1,
  ];
}

/** The API's rules: starts on or before date_to, and starts or ends on or after date_from. */
function inWindow(ev, from, to) {
  return ev.d0 <= to && ev.d1 >= from;
}

function render() {
  if (mode === "server") return renderServer();
  if (!base) return;
  const from = state.date_from ? toDay(state.date_from) : -Infinity;
  const to = state.date_to ? toDay(state.date_to) : Infinity;
  const types = new Set(state.event_type);
  const countries = new Set(state.country);
  const typeOk = (ev) => !types.size || types.has(ev.p.event_type);
  const countryOk = (ev) => !countries.size || countries.has(ev.p.country);

  const dated = base.events.filter((ev) => inWindow(ev, from, to));
  const shown = dated.filter((ev) => typeOk(ev) && countryOk(ev));

  const typeCounts = countBy(dated.filter(countryOk), (ev) => ev.p.event_type);
  const countryCounts = countBy(dated.filter(typeOk), (ev) => ev.p.country);

  updateMarkers(shown);
  legend.update(shown);
  renderList(shown);
  renderActors();
  renderTypes(typeCounts);
  renderCountries(countryCounts);
  renderExtra();
  renderTimeline();
  renderDownloads();
  renderCount(shown.length);
  refreshUnlocated();
  document.documentElement.dataset.mapState = "ready";
}

/** Server mode: only the map's layers, for a first paint before the panels have their data. */
function paintView() {
  if (!view) return;
  updateMarkers(view.events);
  drawAreas(view.areas ? view.cells : [], view.zoom);
  ui.map.dataset.markers = String(view.total);
  ui.map.dataset.view = view.areas ? "areas" : "events";
  ui.map.dataset.zoom = String(view.zoom);
}

function renderServer() {
  if (!view) return;
  paintView();
  legend.update(view.events, view.areas);
  if (view.areas) renderAreasHint(view);
  else renderList(view.events);
  renderActors();
  renderFacets();
  renderExtra();
  renderTimeline();
  renderDownloads();
  renderCount(view.total);
  refreshUnlocated();
  refreshFacets();
  forgetEvents();
  document.documentElement.dataset.mapState = "ready";
}

function renderAreasHint(v) {
  const n = v.total;
  const text =
    `${n.toLocaleString("en")} ${n === 1 ? "event is" : "events are"} in view, counted by area on the map. ` +
    "Zoom in, or choose an area, to list them.";
  ui.eventList.replaceChildren(h("li", { class: "muted empty", text }));
  ui.eventListMore.hidden = true;
}

/** Server mode: a long session of panning keeps only the events drawn once many are known. */
function forgetEvents() {
  if (eventsById.size <= KEEP_EVENTS) return;
  for (const id of [...eventsById.keys()]) {
    if (shownIds.has(id)) continue;
    eventsById.delete(id);
    markers.delete(id);
  }
}

function countBy(items, key) {
  const counts = new Map();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) || 0) + 1);
  return counts;
}

function renderCount(n) {
  const key = filtersKey(state);
  lastShown = n;
  const what = `${n.toLocaleString("en")} ${n === 1 ? "event" : "events"}`;
  const shownText = mode === "server" ? `${what} in view` : `${what} shown`;
  const m = unlocated.key === key ? unlocated.n : null;
  ui.count.textContent =
    m === null ? `${shownText} · … unlocated` : `${shownText} · ${m.toLocaleString("en")} unlocated (in CSV)`;
  ui.count.dataset.shown = String(n);
}

const refreshUnlocated = debounce(() => {
  const key = filtersKey(state);
  if (unlocated.key === key) return;
  getJSON(withQuery(api.timeline, filterPairs(state)))
    .then((data) => {
      if (filtersKey(state) !== key) return;
      unlocated = { key, n: data.unlocated, located: data.total };
      renderCount(lastShown);
      renderDownloads();
    })
    .catch(() => {});
}, 150);

/** Server mode: the type and country counts of the current filter once they are here. */
function renderFacets() {
  const current = facets.key === filtersKey(state) ? facets : null;
  renderTypes(current && current.types);
  renderCountries(current && current.countries);
}

const refreshFacets = debounce(() => {
  const key = filtersKey(state);
  if (facets.key === key) return;
  getJSON(withQuery(api.facets, filterPairs(state)))
    .then((data) => {
      if (filtersKey(state) !== key || mode !== "server") return;
      const countries = new Map(Object.entries(data.country));
      for (const code of countries.keys()) knownCountries.add(code);
      facets = { key, types: new Map(Object.entries(data.event_type)), countries };
      renderFacets();
    })
    .catch(() => {});
}, 150);

function renderDownloads() {
  const pairs = [...filterPairs(state), ["download", "1"]];
  ui.downloadGeojson.href = withQuery(api.geojson, pairs);
  ui.downloadCsv.href = withQuery(api.csv, pairs);
  ui.downloadSnapshot.href = withQuery(api.snapshot, filterPairs(state));
  // The snapshot's own limits, known before asking: at most snapshotLimit events, at least one.
  const located = unlocated.key === filtersKey(state) ? unlocated.located : null;
  const limit = config.snapshotLimit;
  let refusal = "";
  if (located === 0) refusal = "No located events to put on a snapshot.";
  else if (located > limit)
    refusal =
      `${located.toLocaleString("en")} events match: a snapshot holds at most ` +
      `${limit.toLocaleString("en")}. Narrow the filter (actor, dates, country).`;
  ui.downloadSnapshot.setAttribute("aria-disabled", String(Boolean(refusal)));
  ui.downloadSnapshot.title = refusal;
}

ui.downloadSnapshot.addEventListener("click", (event) => {
  if (ui.downloadSnapshot.getAttribute("aria-disabled") === "true") event.preventDefault();
});

function renderList(shown) {
  const items = shown.slice(0, LIST_LIMIT).map((ev) => {
    const p = ev.p;
    const where = [p.place, p.country].filter(Boolean).join(", ") || "Place unknown";
    const show = h(
      "button",
      {
        type: "button",
        class: "event-show",
        onclick: () => focusEvent(ev.id),
      },
      h("span", { class: "swatch", style: { backgroundColor: colourOf(ev.primary && ev.primary.slug) }, "aria-hidden": "true" }),
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
  });
  ui.eventList.replaceChildren(...items);
  if (!shown.length) {
    ui.eventList.append(h("li", { class: "muted empty", text: "No located event matches these filters." }));
  }
  ui.eventListMore.hidden = shown.length <= LIST_LIMIT;
  ui.eventListMore.textContent = `The first ${LIST_LIMIT} of ${shown.length.toLocaleString("en")} are listed; the downloads have all of them.`;
}

function eventHref(p) {
  return safeHref(p.url) || `/events/${encodeURIComponent(p.id)}/`;
}

// ---------------------------------------------------------------------------------------------
// Popups

function popupContent(ev) {
  const p = ev.p;
  const precision = PRECISION[p.date_precision] || "date";
  const where = [p.place, countryName(p.country)].filter(Boolean).join(", ") || "unknown";
  const actors = p.actors.length
    ? h(
        "ul",
        { class: "popup-actors" },
        p.actors.map((a) =>
          h(
            "li",
            {},
            h("span", { class: "swatch", style: { backgroundColor: colourOf(a.slug) }, "aria-hidden": "true" }),
            h("span", { class: "popup-actor", text: a.name }),
            h("span", { class: "role", text: ROLE_NAMES[a.role] || a.role }),
          ),
        ),
      )
    : h("p", { class: "muted", text: "No actors recorded." });
  let source = null;
  if (p.quote || p.source) {
    const caption = [];
    if (p.source) {
      const href = safeHref(p.source.url);
      caption.push(
        href
          ? h("a", { href, rel: "noopener noreferrer", target: "_blank", text: p.source.title })
          : h("cite", { text: p.source.title }),
      );
      if (p.source.publisher) caption.push(`, ${p.source.publisher}`);
      if (p.source.date) caption.push(`, ${formatDay(p.source.date)}`);
    }
    source = h(
      "figure",
      { class: "popup-source" },
      p.quote ? h("blockquote", { text: p.quote }) : null,
      caption.length ? h("figcaption", {}, "Source: ", caption) : null,
    );
  }
  return h(
    "article",
    { class: "popup", "aria-label": `${p.sub_event_type}, ${p.date}` },
    h(
      "p",
      { class: "popup-when" },
      h("time", { datetime: p.date, text: formatSpan(p.date, p.end_date) }),
      h("span", { class: "muted", text: ` (${precision})` }),
    ),
    h("h3", { class: "popup-title", text: p.sub_event_type }),
    h("p", { class: "popup-type", text: p.event_type }),
    h(
      "dl",
      { class: "popup-facts" },
      h("dt", { text: "Place" }),
      h("dd", { text: where }),
      h("dt", { text: "Fatalities" }),
      h("dd", { text: p.fatalities === null || p.fatalities === undefined ? "unknown" : String(p.fatalities) }),
    ),
    actors,
    h("p", { class: "popup-summary", text: p.summary }),
    source,
    h("a", { class: "popup-link", href: eventHref(p) }, "Event page", h("span", { "aria-hidden": "true", text: " →" })),
  );
}

// ---------------------------------------------------------------------------------------------
// Filter panel

function checkItem(name, value, id, labelChildren, onChange) {
  const input = h("input", { type: "checkbox", id, name, value });
  input.addEventListener("change", () => onChange(input.checked));
  const label = h("label", { for: id }, labelChildren);
  return { li: h("li", {}, input, label), input, label };
}

function toggle(name, value, on) {
  changeFilters((s) => {
    const values = s[name].filter((v) => v !== value);
    if (on) values.push(value);
    s[name] = values;
  });
}

const actorItems = new Map(); // slug -> {li, input, n, alias}

function actorItem(slug) {
  let item = actorItems.get(slug);
  if (item) return item;
  const actor = actorInfo.get(slug) || { slug, name: slug };
  const n = h("span", { class: "n" });
  const alias = h("span", { class: "alias" });
  const made = checkItem(
    "actor",
    slug,
    `actor-${actorItems.size}`,
    [
      h("span", { class: "swatch", style: { backgroundColor: colourOf(slug) }, "aria-hidden": "true" }),
      h("span", { class: "name", text: actor.name }),
      alias,
      n,
    ],
    (on) => toggle("actor", slug, on),
  );
  item = { ...made, n, alias };
  actorItems.set(slug, item);
  return item;
}

function renderActors() {
  const slugs = [...actorOrder];
  for (const slug of state.actor) if (!slugs.includes(slug)) slugs.push(slug);
  for (const slug of actorFacet.keys()) if (!slugs.includes(slug)) slugs.push(slug);
  const search = fold(ui.actorSearch.value.trim());
  const nodes = [];
  for (const slug of slugs) {
    const actor = actorInfo.get(slug) || { slug, name: slug, aliases: [] };
    let matchedAlias = "";
    if (search) {
      const inName = fold(actor.name).includes(search) || fold(slug).includes(search);
      if (!inName) {
        matchedAlias = (actor.aliases || []).find((a) => fold(a).includes(search)) || "";
        if (!matchedAlias) continue;
      }
    }
    const item = actorItem(slug);
    const count = actorFacet.get(slug) || 0;
    item.n.textContent = count.toLocaleString("en");
    item.alias.textContent = matchedAlias ? ` (${matchedAlias})` : "";
    item.input.checked = state.actor.includes(slug);
    item.li.classList.toggle("zero", count === 0 && !item.input.checked);
    nodes.push(item.li);
  }
  syncChildren(ui.actorList, nodes);
  ui.actorEmpty.hidden = nodes.length > 0;
}

const typeItems = new Map();

function buildTypes() {
  Object.keys(config.taxonomy).forEach((type, i) => {
    const n = h("span", { class: "n" });
    const made = checkItem("event_type", type, `type-${i}`, [h("span", { class: "name", text: type }), n], (on) =>
      toggle("event_type", type, on),
    );
    typeItems.set(type, { ...made, n });
    ui.typeList.append(made.li);
  });
}

/** Counts per type (null while server mode waits for /api/facets.json: none are shown). */
function renderTypes(counts) {
  for (const [type, item] of typeItems) {
    const n = counts ? counts.get(type) || 0 : null;
    item.n.textContent = n === null ? "" : n.toLocaleString("en");
    item.input.checked = state.event_type.includes(type);
    item.li.classList.toggle("zero", n === 0 && !item.input.checked);
  }
  ui.facetHint.hidden = counts !== null;
}

const countryItems = new Map();

function renderCountries(counts) {
  const codes = new Set([...knownCountries, ...state.country]);
  const sorted = [...codes].sort((a, b) => countryName(a).localeCompare(countryName(b)));
  const nodes = sorted.map((code) => {
    let item = countryItems.get(code);
    if (!item) {
      const n = h("span", { class: "n" });
      const made = checkItem(
        "country",
        code,
        `country-${code.replace(/[^A-Za-z0-9]/g, "_")}`,
        [h("span", { class: "name", text: countryName(code) }), n],
        (on) => toggle("country", code, on),
      );
      item = { ...made, n };
      countryItems.set(code, item);
    }
    const n = counts ? counts.get(code) || 0 : null;
    item.n.textContent = n === null ? "" : n.toLocaleString("en");
    item.input.checked = state.country.includes(code);
    item.li.classList.toggle("zero", n === 0 && !item.input.checked);
    return item.li;
  });
  syncChildren(ui.countryList, nodes);
  ui.countryEmpty.hidden = nodes.length > 0;
  ui.countryEmpty.textContent = counts ? "No located events." : "Counting…";
}

function renderExtra() {
  ui.extra.hidden = state.extra.length === 0;
  ui.extraList.replaceChildren(
    ...state.extra.map(([name, value], i) =>
      h(
        "li",
        { class: "chip" },
        h("span", { text: `${name} = ${value}` }),
        h("button", {
          type: "button",
          class: "chip-remove",
          "aria-label": `Remove the filter ${name} = ${value}`,
          text: "×",
          onclick: () => changeFilters((s) => s.extra.splice(i, 1)),
        }),
      ),
    ),
  );
}

/** Controls that show the state (after a popstate, a reset, a canonicalised link). */
function syncControls() {
  if (document.activeElement !== ui.q) ui.q.value = state.q;
  const active =
    state.actor.length +
    state.event_type.length +
    state.country.length +
    state.extra.length +
    (state.q ? 1 : 0) +
    (state.date_from || state.date_to ? 1 : 0);
  ui.activeFilters.hidden = active === 0;
  ui.activeFilters.textContent = `${active} active`;
  if (base || view) render();
}

// ---------------------------------------------------------------------------------------------
// Timeline: histogram, date window, playback

function prepareHistogram(timeline) {
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

function bucketLabel(bar, bucket) {
  const iso = fromDay(bar.start);
  if (bucket === "month") return formatMonth(iso);
  if (bucket === "week") return `Week of ${formatDay(iso)}`;
  return formatDay(iso);
}

function renderTimeline() {
  const title = ui.histogram.querySelector("title");
  ui.histogram.replaceChildren(title);
  const controls = [ui.rangeFrom, ui.rangeTo, ui.dateFrom, ui.dateTo, ui.play];
  if (!hist || hist.empty) {
    for (const c of controls) c.disabled = true;
    ui.windowText.textContent = "No located events under these filters.";
    ui.axisStart.textContent = ui.axisEnd.textContent = ui.axisBucket.textContent = "";
    return;
  }
  for (const c of controls) c.disabled = false;
  ui.play.disabled = hist.d1 - hist.d0 < 1;
  const { d0, d1, bars, bucket } = hist;
  const [wa, wb] = windowDays();
  const span = d1 - d0 + 1;
  const W = 1000;
  const H = 60;
  const x = (day) => ((day - d0) / span) * W;
  const clampDay = (day) => Math.min(d1, Math.max(d0, day));
  const ca = clampDay(wa);
  const cb = clampDay(wb);

  ui.histogram.append(
    svg("rect", { class: "window", x: x(ca), y: 0, width: Math.max(1, x(cb + 1) - x(ca)), height: H }),
  );
  for (const bar of bars) {
    if (!bar.count) continue;
    const left = x(bar.start);
    const right = x(Math.min(bar.end, d1) + 1);
    const gap = Math.min(1.5, (right - left) * 0.15);
    const height = Math.max(3, (bar.count / hist.max) * (H - 6));
    const inside = bar.end >= wa && bar.start <= wb;
    ui.histogram.append(
      svg(
        "rect",
        {
          class: inside ? "bar in" : "bar out",
          x: left + gap,
          y: H - height,
          width: Math.max(0.8, right - left - 2 * gap),
          height,
        },
        svg("title", { text: `${bucketLabel(bar, bucket)}: ${bar.count} ${bar.count === 1 ? "event" : "events"}` }),
      ),
    );
  }

  const max = d1 - d0;
  for (const r of [ui.rangeFrom, ui.rangeTo]) {
    r.max = String(max);
  }
  ui.rangeFrom.value = String(ca - d0);
  ui.rangeTo.value = String(cb - d0);
  const range = ui.rangeFrom.parentElement;
  range.style.setProperty("--from", `${max ? ((ca - d0) / max) * 100 : 0}%`);
  range.style.setProperty("--to", `${max ? ((cb - d0) / max) * 100 : 100}%`);
  ui.rangeFrom.setAttribute("aria-valuetext", formatDay(fromDay(ca)));
  ui.rangeTo.setAttribute("aria-valuetext", formatDay(fromDay(cb)));
  for (const input of [ui.dateFrom, ui.dateTo]) {
    input.min = fromDay(d0);
    input.max = fromDay(d1);
  }
  // A date being typed is left alone until it is complete (its change event).
  if (editingDate !== ui.dateFrom) ui.dateFrom.value = fromDay(ca);
  if (editingDate !== ui.dateTo) ui.dateTo.value = fromDay(cb);
  const whole = ca <= d0 && cb >= d1;
  ui.windowText.textContent = whole ? "Whole period" : `${cb - ca + 1} days`;
  ui.axisStart.textContent = formatDay(fromDay(d0));
  ui.axisEnd.textContent = formatDay(fromDay(d1));
  ui.axisBucket.textContent = `events per ${bucket}`;
}

/** Set the window in days; a side at the edge of the extent is open (no parameter). */
function setWindow(a, b) {
  const { d0, d1 } = hist;
  state.date_from = a <= d0 ? null : fromDay(a);
  state.date_to = b >= d1 ? null : fromDay(b);
}

function onRange(which, commit) {
  if (!hist || hist.empty) return;
  stopPlay();
  let a = Number(ui.rangeFrom.value);
  let b = Number(ui.rangeTo.value);
  if (a > b) {
    if (which === "from") b = a;
    else a = b;
  }
  setWindow(hist.d0 + a, hist.d0 + b);
  windowChanged();
  if (commit) pushUrl();
}

/** The date window moved: redrawn at once in client mode; server mode asks for the view. */
function windowChanged() {
  if (mode !== "server") return render();
  renderTimeline();
  renderDownloads();
  viewMoved();
}

function onDateInput(which) {
  if (!hist || hist.empty) return;
  const input = which === "from" ? ui.dateFrom : ui.dateTo;
  if (!isIsoDate(input.value)) return;
  stopPlay();
  let [a, b] = windowDays();
  if (which === "from") a = toDay(input.value);
  else b = toDay(input.value);
  if (a > b) {
    if (which === "from") b = a;
    else a = b;
  }
  setWindow(a, b);
  pushUrl();
  windowChanged();
}

let playing = false;
let playRun = 0; // each press of Play starts a run; a step still awaiting an older one ends quietly
let playTimer = null;
let editingDate = null; // the date input with a half-typed value, if any

function startPlay() {
  if (!hist || hist.empty || playing) return;
  const { d0, d1, bucket } = hist;
  let [a, b] = windowDays();
  a = Math.max(a, d0);
  b = Math.min(b, d1);
  if (a <= d0 && b >= d1) {
    const width = Math.max(addBuckets(d0, bucket, 1) - d0, Math.ceil((d1 - d0 + 1) / 10));
    a = d0;
    b = Math.min(d1, d0 + width - 1);
  } else if (b >= d1) {
    b = d0 + (b - a);
    a = d0;
  }
  setWindow(a, b);
  pushUrl();
  playing = true;
  const run = ++playRun;
  ui.play.setAttribute("aria-pressed", "true");
  ui.play.classList.add("playing");
  ui.count.setAttribute("aria-live", "off"); // no announcement per step; one when it stops
  ui.playLabel.textContent = "Pause";
  showStep().then(() => nextStep(run));
}

/** Draw the window: at once in client mode; server mode waits for the view's answer. */
async function showStep() {
  if (mode !== "server") return render();
  viewMoved.cancel();
  renderTimeline();
  await refreshView();
}

function nextStep(run) {
  if (playing && run === playRun && !playTimer) playTimer = window.setTimeout(() => step(run), PLAY_MS);
}

async function step(run) {
  playTimer = null;
  if (!playing || run !== playRun) return;
  if (!hist || hist.empty) return stopPlay();
  const [a, b] = windowDays();
  if (b >= hist.d1) return stopPlay();
  const na = addBuckets(a, hist.bucket, 1);
  const nb = Math.min(hist.d1, addBuckets(b, hist.bucket, 1));
  setWindow(na, nb);
  replaceUrl();
  await showStep();
  if (!playing || run !== playRun) return;
  if (nb >= hist.d1) stopPlay();
  else nextStep(run);
}

function stopPlay() {
  if (!playing) return;
  playing = false;
  window.clearTimeout(playTimer);
  playTimer = null;
  ui.play.setAttribute("aria-pressed", "false");
  ui.play.classList.remove("playing");
  ui.count.setAttribute("aria-live", "polite");
  ui.playLabel.textContent = "Play";
}

// ---------------------------------------------------------------------------------------------
// Errors

function showError(error) {
  const messages = error.errors
    ? Object.entries(error.errors).map(([name, message]) => `${name}: ${message}`)
    : [];
  ui.errorText.textContent = messages.length
    ? `The server did not accept this filter. ${messages.join(" ")}`
    : "The events could not be loaded. Check the connection and try again.";
  ui.errorButton.textContent = messages.length ? "Clear all filters" : "Try again";
  ui.errorButton.dataset.action = messages.length ? "reset" : "retry";
  ui.error.hidden = false;
  ui.count.textContent = "No events loaded";
  document.documentElement.dataset.mapState = "error";
}

function hideError() {
  ui.error.hidden = true;
}

function resetFilters() {
  changeFilters((s) => {
    Object.assign(s, { actor: [], event_type: [], country: [], q: "", date_from: null, date_to: null, extra: [] });
  });
  ui.actorSearch.value = "";
}

// ---------------------------------------------------------------------------------------------
// Panel (collapsible at phone width)

const narrow = window.matchMedia("(max-width: 899px)");

function setPanel(open) {
  ui.panelToggle.setAttribute("aria-expanded", String(open));
  ui.panel.classList.toggle("open", open);
  map.invalidateSize();
}

// ---------------------------------------------------------------------------------------------
// Wiring

function readLeafletConfig() {
  try {
    return JSON.parse(JSON.parse(document.getElementById("leaflet-config").textContent));
  } catch {
    return {};
  }
}

function wire() {
  ui.form.addEventListener("submit", (e) => {
    e.preventDefault();
    searchChanged.cancel();
    applySearch();
  });
  const applySearch = () => {
    const q = ui.q.value.trim();
    if (q !== state.q) changeFilters((s) => (s.q = q), "q");
  };
  const searchChanged = debounce(applySearch, 350);
  ui.q.addEventListener("input", searchChanged);
  ui.actorSearch.addEventListener("input", () => renderActors());
  ui.actorSearch.addEventListener("keydown", (e) => {
    if (e.key === "Enter") e.preventDefault();
  });
  ui.reset.addEventListener("click", resetFilters);
  ui.errorButton.addEventListener("click", () => {
    if (ui.errorButton.dataset.action === "retry") update();
    else resetFilters();
  });
  ui.rangeFrom.addEventListener("input", () => onRange("from", false));
  ui.rangeTo.addEventListener("input", () => onRange("to", false));
  ui.rangeFrom.addEventListener("change", () => onRange("from", true));
  ui.rangeTo.addEventListener("change", () => onRange("to", true));
  for (const [input, which] of [
    [ui.dateFrom, "from"],
    [ui.dateTo, "to"],
  ]) {
    input.addEventListener("input", () => (editingDate = input));
    input.addEventListener("change", () => {
      editingDate = null;
      onDateInput(which);
    });
    input.addEventListener("blur", () => {
      editingDate = null;
      if (hist) renderTimeline();
    });
  }
  ui.play.addEventListener("click", () => (playing ? stopPlay() : startPlay()));
  ui.panelToggle.addEventListener("click", () => setPanel(ui.panelToggle.getAttribute("aria-expanded") !== "true"));
  narrow.addEventListener("change", () => setPanel(!narrow.matches));
  setPanel(!narrow.matches);
}

async function init() {
  document.documentElement.dataset.mapState = "loading";
  buildTypes();
  wire();
  // A big database (the server's hint): the first view is asked for and drawn first, then the
  // actor list, the histogram and the counts, slower at that size, are asked for. (The
  // API takes actor aliases as they are, so the link's state need not be canonical yet.)
  if (config.serverHint) {
    setMode("server");
    if (await loadView()) paintView();
  }
  // Every actor with located events (the list's order), and the ones the link names: the
  // server resolves aliases and spellings ("ISIS", "daesh") and marks them selected.
  const [everyone, named] = await Promise.all([
    getJSON(api.actors).catch(() => ({ actors: [] })),
    state.actor.length
      ? getJSON(withQuery(api.actors, state.actor.map((a) => ["actor", a]))).catch(() => null)
      : null,
  ]);
  rememberActors(everyone.actors);
  actorOrder = everyone.actors.map((a) => a.slug);
  if (named) {
    for (const a of named.actors) if (!actorInfo.has(a.slug)) actorInfo.set(a.slug, { ...a });
    canonicalize(state);
    // A spelling only the server's name matching knows: if one value is left and one selected
    // actor is unaccounted for, they are the same.
    const unresolved = state.actor.filter((v) => !actorInfo.has(v));
    const selected = named.actors.filter((a) => a.selected && !state.actor.includes(a.slug));
    if (unresolved.length === 1 && selected.length === 1) {
      state.actor = state.actor.map((v) => (v === unresolved[0] ? selected[0].slug : v));
    }
  }
  canonicalize(state);
  replaceUrl(); // the link as the page spells it: slugs, canonical types, known parameters
  syncControls();
  await update({ fit: !state.view });
}

// A handle for debugging and the browser tests.
window.conflictMap = {
  map,
  cluster,
  markers,
  areaLayer,
  get mode() {
    return mode;
  },
  get state() {
    return structuredClone(state);
  },
};

init();
