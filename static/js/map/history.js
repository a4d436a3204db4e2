// The page URL follows the state: a user's change of filters is a new history entry; the map
// view and each step of playback update the current one, so the history stays short.

import { pageQuery } from "../lib/state.js";
import { store } from "./store.js";

function currentUrl() {
  const query = pageQuery(store.state);
  return window.location.pathname + (query ? `?${query}` : "");
}

function isShown(url) {
  return url === window.location.pathname + window.location.search;
}

/** A user's change: a new entry, unless it is of the same `kind` as the last (typing). */
export function pushUrl(kind = null) {
  const url = currentUrl();
  if (isShown(url)) return;
  if (kind && kind === store.lastPushKind) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  store.lastPushKind = kind;
}

export function replaceUrl() {
  const url = currentUrl();
  if (!isShown(url)) window.history.replaceState(null, "", url);
}
