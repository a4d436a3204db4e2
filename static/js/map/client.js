// Client mode (at most config.clientLimit located events under the filter): the page holds
// every event of the server-side filters and narrows them by date window, event type and
// country itself, with the API's rules, so moving the window or playing needs no request.

import { toDay } from "../lib/dates.js";
import { filterPairs, withQuery } from "../lib/state.js";
import { getJSON } from "./api.js";
import { prepareEvents, takeFilterAnswers } from "./data.js";
import { fitToMarkers, updateMarkers } from "./layers.js";
import { legend } from "./legend.js";
import { setMode } from "./mode.js";
import { api } from "./page.js";
import { hideError, renderList, renderPanels } from "./results.js";
import { store } from "./store.js";

/** What the server filters in client mode: everything but the window, type and country. */
export function serverSidePairs() {
  return filterPairs(store.state, { dates: false, eventType: false, country: false });
}

/** Load the events, then draw; `current()` is false once a newer update has begun. */
export async function showClient({ current, timeline, actors, fit }) {
  const url = withQuery(api.geojson, serverSidePairs());
  const geo = await getJSON(url);
  if (!current()) return;
  hideError();
  setMode("client");
  if (!store.base || store.base.url !== url) store.base = { url, events: prepareEvents(geo.features) };
  takeFilterAnswers(timeline, actors);
  renderClient();
  if (fit) fitToMarkers();
}

/** The API's rules: starts on or before date_to, and starts or ends on or after date_from. */
function inWindow(ev, from, to) {
  return ev.d0 <= to && ev.d1 >= from;
}

function countBy(items, key) {
  const counts = new Map();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) || 0) + 1);
  return counts;
}

export function renderClient() {
  const { base, state } = store;
  if (!base) return;
  const from = state.date_from ? toDay(state.date_from) : -Infinity;
  const to = state.date_to ? toDay(state.date_to) : Infinity;
  const types = new Set(state.event_type);
  const countries = new Set(state.country);
  const typeOk = (ev) => !types.size || types.has(ev.p.event_type);
  const countryOk = (ev) => !countries.size || countries.has(ev.p.country);

  const dated = base.events.filter((ev) => inWindow(ev, from, to));
  const shown = dated.filter((ev) => typeOk(ev) && countryOk(ev));

  updateMarkers(shown);
  legend.update(shown);
  renderList(shown);
  renderPanels({
    count: shown.length,
    // Each facet counts without its own selection: what ticking another box would add.
    types: countBy(dated.filter(countryOk), (ev) => ev.p.event_type),
    countries: countBy(dated.filter(typeOk), (ev) => ev.p.country),
  });
}
