// The page's states around its data (issue 16): a loading sign over the map while requests are
// out; a banner when the server cannot be reached, with the markers of older answers cleared
// (never left under "No events loaded"); and the API's own message for a link's parameter the
// page could not use (?date_from=banana), instead of leaving it out in silence.

import { isIsoDate } from "../lib/dates.js";
import { withQuery } from "../lib/state.js";
import { getJSON } from "./api.js";
import { drawAreas, updateMarkers } from "./layers.js";
import { legend } from "./legend.js";
import { api, ui } from "./page.js";
import { store } from "./store.js";

const $ = (id) => document.getElementById(id);
const el = {
  loading: $("map-loading"),
  offline: $("offline"),
  offlineRetry: $("offline-retry"),
  linkError: $("link-error"),
  linkErrorText: $("link-error-text"),
  linkErrorClose: $("link-error-close"),
};

// A request answered at once shows no sign: the overlay waits this long before it appears.
const LOADING_DELAY_MS = 200;
let loadingTimer = null;

function renderLoading() {
  if (store.requests > 0) {
    if (el.loading.hidden && !loadingTimer) {
      loadingTimer = window.setTimeout(() => {
        loadingTimer = null;
        if (store.requests > 0) el.loading.hidden = false;
      }, LOADING_DELAY_MS);
    }
    return;
  }
  window.clearTimeout(loadingTimer);
  loadingTimer = null;
  el.loading.hidden = true;
}

/** A fetch that never got an answer (offline, server away), as opposed to an HTTP error. */
export function isNetworkFailure(error) {
  return Boolean(error && error.network);
}

/** The map and list of an older answer are dropped: nothing shown that the page cannot vouch for. */
export function clearShown() {
  updateMarkers([]);
  drawAreas([], 0);
  legend.update([]);
  store.base = null;
  store.view = null;
  ui.eventList.replaceChildren();
  ui.eventListMore.hidden = true;
}

export function showOffline() {
  el.offline.hidden = false;
}

/** Data arrived: the banner goes, unless the browser still says it is offline. */
export function hideOffline() {
  if (navigator.onLine !== false) el.offline.hidden = true;
}

/** The page's own check of a link's dates: what parseQuery could not read is sent to the API
 * as it was written, and the API's refusal is shown (the page goes on without it). */
async function checkLinkDates() {
  const params = new URLSearchParams(window.location.search);
  const dropped = ["date_from", "date_to"]
    .map((name) => [name, (params.get(name) || "").trim()])
    .filter(([, value]) => value && !isIsoDate(value));
  if (!dropped.length) return;
  try {
    await getJSON(withQuery(api.timeline, dropped));
  } catch (error) {
    if (!error.errors) return;
    const messages = Object.entries(error.errors).map(([name, message]) => `${name}: ${message}`);
    el.linkErrorText.textContent =
      `The server did not accept this link's ${dropped.map(([n]) => n).join(" and ")}. ` +
      `${messages.join(" ")} The map shows the events without it.`;
    el.linkError.hidden = false;
  }
}

/** Wire the states; `retry` loads the current filter again (map.js's update). */
export function wireStatus({ retry }) {
  new MutationObserver(renderLoading).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["data-requests"],
  });
  renderLoading();
  el.offlineRetry.addEventListener("click", retry);
  el.linkErrorClose.addEventListener("click", () => (el.linkError.hidden = true));
  window.addEventListener("offline", showOffline);
  window.addEventListener("online", () => {
    if (!el.offline.hidden) retry();
  });
  return checkLinkDates();
}
