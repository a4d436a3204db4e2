// Fetching: each URL once, its answer kept for the session (a failed one is asked again).

import { store } from "./store.js";

const answers = new Map();
const ANSWERS_MAX = 120;
// Map views' answers can be large (up to a few thousand events): only the last few are kept,
// enough for panning back, a debounced repeat of the same view, or playing a window again.
const viewAnswers = new Map();
const VIEW_ANSWERS_MAX = 24;

/** The requests on their way, as data-requests on <html> (the browser tests wait for 0). */
export function countRequest(delta) {
  store.requests += delta;
  document.documentElement.dataset.requests = String(store.requests);
}

export function getJSON(url) {
  return fetchOnce(url, answers, ANSWERS_MAX);
}

/** An /api/map.json answer (kept apart: few of them are kept). */
export function getView(url) {
  return fetchOnce(url, viewAnswers, VIEW_ANSWERS_MAX);
}

function fetchOnce(url, kept, max) {
  if (!kept.has(url)) {
    countRequest(1);
    const promise = fetch(url, { headers: { Accept: "application/json" } })
      .catch(noAnswer)
      .then(readAnswer)
      .finally(() => countRequest(-1));
    promise.catch(() => kept.delete(url));
    kept.set(url, promise);
    if (kept.size > max) kept.delete(kept.keys().next().value);
  }
  return kept.get(url);
}

/** No answer at all (offline, the server away): marked so the page can say so. */
function noAnswer(error) {
  error.network = true;
  throw error;
}

/** The JSON body; an error status throws, with the filter's errors of a 400 as `errors`. */
async function readAnswer(response) {
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(`HTTP ${response.status}`);
    error.status = response.status;
    error.errors = body && body.errors;
    throw error;
  }
  return body;
}
