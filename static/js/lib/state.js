// The page's whole state, and its two spellings: the page URL (filters + map view) and the API
// query (filters only: the API answers 400 to a parameter it does not know, such as `view`).

import { isIsoDate } from "./dates.js";

/** The playback speeds the page offers (map.html's select), as factors of the normal step. */
export const PLAY_SPEEDS = [0.5, 1, 2, 4];

/** API filters the page has no control for; kept from the URL and passed on unchanged. */
export const EXTRA_PARAMS = ["role", "sub_event_type", "bbox", "min_fatalities", "status"];

/** The map's layers (map/display.js): a heatmap instead of the markers, or a country choropleth
 * of events or fatalities under them. The page's own parameter, never sent to the API. */
export const LAYERS = ["heat", "countries", "fatalities"];

export function emptyState() {
  return {
    actor: [],
    event_type: [],
    country: [],
    q: "",
    date_from: null,
    date_to: null,
    extra: [], // [[name, value], ...] from EXTRA_PARAMS
    view: null, // {lat, lng, zoom}
    speed: 1, // playback speed, a factor of PLAY_SPEEDS (map/play.js)
    embed: false, // the embed page (?embed=1): the map and the timeline only
    layer: null, // what the map draws beside its markers: null (markers only) or one of LAYERS
  };
}

function unique(values) {
  return [...new Set(values)];
}

/** The API splits actor and country values on commas; so does the page. */
function commaList(params, name) {
  return params
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

export function parseView(text) {
  const parts = (text || "").split(",").map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [lat, lng, zoom] = parts;
  if (Math.abs(lat) > 90 || Math.abs(lng) > 360 || zoom < 0 || zoom > 22) return null;
  return { lat, lng, zoom };
}

export function formatView(view) {
  if (!view) return null;
  const round = (n, digits) => Number(n.toFixed(digits));
  return `${round(view.lat, 4)},${round(view.lng, 4)},${round(view.zoom, 2)}`;
}

/** State from a query string. Malformed dates and views are dropped, not sent on. */
export function parseQuery(search) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  state.actor = unique(commaList(params, "actor"));
  state.country = unique(commaList(params, "country").map((c) => c.toUpperCase()));
  state.event_type = unique(
    params
      .getAll("event_type")
      .map((v) => v.trim())
      .filter(Boolean),
  );
  state.q = (params.get("q") || "").trim();
  Object.assign(state, parseDates(params));
  for (const name of EXTRA_PARAMS) {
    for (const value of params.getAll(name)) {
      if (value.trim()) state.extra.push([name, value.trim()]);
    }
  }
  state.view = parseView(params.get("view"));
  const speed = Number(params.get("speed"));
  state.speed = PLAY_SPEEDS.includes(speed) ? speed : 1;
  state.embed = params.get("embed") === "1";
  const layer = params.get("layer");
  state.layer = LAYERS.includes(layer) ? layer : null;
  return state;
}

/** date_from and date_to, each an ISO date or null, in order. */
function parseDates(params) {
  const [from, to] = ["date_from", "date_to"].map((name) => {
    const value = (params.get(name) || "").trim();
    return isIsoDate(value) ? value : null;
  });
  if (from && to && to < from) return { date_from: to, date_to: from };
  return { date_from: from, date_to: to };
}

// The facets a caller may leave out of filterPairs, by the state's name for them.
const FACETS = [
  ["actor", "actor"],
  ["event_type", "eventType"],
  ["country", "country"],
];

/**
 * The API parameters for a state, in a stable order. Leave out a facet (`dates`, `actor`,
 * `eventType`, `country`: false) to ask for the data a control needs around the user's choice.
 */
export function filterPairs(state, leaveOut = {}) {
  const keep = { dates: true, actor: true, eventType: true, country: true, ...leaveOut };
  const pairs = [];
  for (const [name, facet] of FACETS) {
    if (keep[facet]) for (const v of state[name]) pairs.push([name, v]);
  }
  if (state.q) pairs.push(["q", state.q]);
  for (const name of keep.dates ? ["date_from", "date_to"] : []) {
    if (state[name]) pairs.push([name, state[name]]);
  }
  pairs.push(...state.extra);
  return pairs;
}

export function withQuery(path, pairs) {
  const query = new URLSearchParams(pairs).toString();
  return query ? `${path}?${query}` : path;
}

/** The page URL: every filter plus the map view (and the playback speed, the embed flag). */
export function pageQuery(state) {
  const pairs = state.embed ? [["embed", "1"]] : [];
  pairs.push(...filterPairs(state));
  const view = formatView(state.view);
  if (view) pairs.push(["view", view]);
  if (state.speed !== 1) pairs.push(["speed", String(state.speed)]);
  if (state.layer) pairs.push(["layer", state.layer]);
  return new URLSearchParams(pairs).toString();
}

export function filtersKey(state) {
  return new URLSearchParams(filterPairs(state)).toString();
}
