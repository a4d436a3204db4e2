// The places of the events in view, named beside their markers when zoomed in (issue 16): from
// LABEL_ZOOM on, at most MAX_LABELS places, each once. Never in the way of a click.

import { h } from "../lib/dom.js";
import { drawn, map, onDrawn } from "./layers.js";

const LABEL_ZOOM = 8;
const MAX_LABELS = 80;

map.createPane("place-labels").style.zIndex = "450"; // over the markers (400), under popups
const labels = L.layerGroup().addTo(map);

function placeLabel(name, latlng) {
  return L.marker(latlng, {
    pane: "place-labels",
    interactive: false,
    keyboard: false,
    icon: L.divIcon({ className: "cm-place-label", html: h("span", { text: name }), iconSize: null }),
  });
}

function renderLabels() {
  labels.clearLayers();
  const seen = new Set();
  if (map.getZoom() >= LABEL_ZOOM) {
    const bounds = map.getBounds().pad(0.1);
    for (const ev of drawn.events) {
      const name = ev.p.place;
      const key = `${name}|${ev.lat.toFixed(3)},${ev.lng.toFixed(3)}`;
      if (!name || seen.has(key) || !bounds.contains([ev.lat, ev.lng])) continue;
      seen.add(key);
      labels.addLayer(placeLabel(name, [ev.lat, ev.lng]));
      if (seen.size >= MAX_LABELS) break;
    }
  }
  map.getContainer().dataset.placeLabels = String(seen.size);
}

onDrawn(renderLabels);
map.on("moveend", renderLabels);
