// The switch between the two data modes (see map.js): what each leaves behind for the other.

import { drawAreas } from "./layers.js";
import { ui } from "./page.js";
import { store } from "./store.js";

export function setMode(next) {
  if (store.mode === next) return;
  store.mode = next;
  document.documentElement.dataset.dataMode = next;
  store.view = null;
  if (next === "server") {
    store.base = null; // the events stay in the fetch cache; the markers come from each view
  } else {
    drawAreas([], 0);
    delete ui.map.dataset.view;
    delete ui.map.dataset.zoom;
    store.viewGeneration++; // a view still on its way is not drawn
  }
}
