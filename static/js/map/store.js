// The map page's one store: everything that changes while the page is open, in one object the
// page's modules read and write (`store.mode`, `store.state.actor`, ...). Beyond it a module
// keeps only caches of what it made itself: DOM nodes, Leaflet layers, fetched answers.

import { parseQuery } from "../lib/state.js";

export const store = {
  /** The filters and the map view: what the page URL says (lib/state.js). */
  state: parseQuery(window.location.search),
  /** "client" or "server": how the events reach the map (see map.js). */
  mode: null,
  /** Counts update()s: the answers of an older one are dropped. */
  generation: 0,
  /** The kind of the last history entry pushed (typing in the search box updates its own). */
  lastPushKind: null,
  /** Requests on their way, shown as data-requests on <html>: 0 when the page waits for none. */
  requests: 0,

  // What the page knows, gathered from every answer.
  actorInfo: new Map(), // slug -> {slug, name, colour, aliases, count}: every actor we know
  actorOrder: [], // slugs in the order of the unfiltered actor list (most events first)
  actorFacet: new Map(), // slug -> count under the filters except actor
  actorNames: new Map(), // an actor as a link named it -> its slug, as the server resolved it
  actorSearch: null, // {text, matches: [[slug, alias]]}: the actor search box's last answer
  actorSearchText: "", // the text of the search last asked for
  eventsById: new Map(), // id -> prepared event (shared by every query's answer)
  knownCountries: new Set(),

  // The current filter's answers and what they show.
  hist: null, // the timeline for the filters except dates, with its day domain
  unlocated: { key: null, n: null, located: null }, // the filter's counts, date window in
  lastShown: 0, // the number the count line shows
  shownIds: new Set(), // the events drawn on the map

  // Client mode.
  base: null, // {url, events}: the server's answer for the server-side filters

  // Server mode.
  view: null, // the last /api/map.json answer, prepared (server.js, prepareView)
  viewGeneration: 0,
  viewLoading: null, // the latest /api/map.json request's promise
  viewTimer: null, // a move of the view or the window waiting to rest
  facets: { key: null, types: null, countries: null }, // /api/facets.json

  // The timeline.
  editingDate: null, // the date input with a half-typed value, if any
  playing: false,
  playRun: 0, // each press of Play starts a run; a step still awaiting an older one ends quietly
  playTimer: null,
};
