// The page's whole state, and its two spellings: the page URL (filters + map view) and the API
// query (filters only: the API answers 400 to a parameter it does not know, such as `view`).

import { isIsoDate } from "./dates.js";

/** API filters the page has no control for; kept from the URL and passed on unchanged. */
export const EXTRA_PARAMS = ["role", "sub_event_type", "bbox", "min_fatalities", "status"];

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
  for (const name of ["date_from", "date_to"]) {
    const value = (params.get(name) || "").trim();
    state[name] = isIsoDate(value) ? value : null;
  }
  if (state.date_from && state.date_to && state.date_to < state.date_from) {
    [state.date_from, state.date_to] = [state.date_to, state.date_from];
  }
  for (const name of EXTRA_PARAMS) {
    for (const value of params.getAll(name)) {
      if (value.trim()) state.extra.push([name, value.trim()]);
    }
  }
  state.view = parseView(params.get("view"));
  return state;
}

/**
 * The API parameters for a state, in a stable order. Leave out a facet (`dates`, `actor`,
 * `eventType`, `country`) to ask for the data a control needs around the user's choice.
 */
export function filterPairs(state, { dates = true, actor = true, eventType = true, country = true } = {}) {
  const pairs = [];
  if (actor) for (const v of state.actor) pairs.push(["actor", v]);
  if (eventType) for (const v of state.event_type) pairs.push(["event_type", v]);
  if (country) for (const v of state.country) pairs.push(["country", v]);
  if (state.q) pairs.push(["q", state.q]);
  if (dates && state.date_from) pairs.push(["date_from", state.date_from]);
  if (dates && state.date_to) pairs.push(["date_to", state.date_to]);
  for (const pair of state.extra) pairs.push(pair);
  return pairs;
}

export function withQuery(path, pairs) {
  const query = new URLSearchParams(pairs).toString();
  return query ? `${path}?${query}` : path;
}

/** The page URL: every filter plus the map view. */
export function pageQuery(state) {
  const pairs = filterPairs(state);
  const view = formatView(state.view);
  if (view) pairs.push(["view", view]);
  return new URLSearchParams(pairs).toString();
}

export function filtersKey(state) {
  return new URLSearchParams(filterPairs(state)).toString();
}
