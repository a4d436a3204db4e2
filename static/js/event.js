// The event page: actor colours, country names and, for a located event, a small map.

import { safeColour } from "./lib/dom.js";
import { addBasemap } from "./map/basemap.js";

for (const swatch of document.querySelectorAll(".swatch[data-colour]")) {
  swatch.style.backgroundColor = safeColour(swatch.dataset.colour);
}

try {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  for (const el of document.querySelectorAll("[data-country]")) {
    const code = el.dataset.country;
    const name = names.of(code);
    if (name && name !== code) el.textContent = `${name} (${code})`;
  }
} catch {
  // Country codes stay as they are.
}

const mapEl = document.getElementById("event-map");

function readJSON(id) {
  const el = document.getElementById(id);
  if (!el) return null;
  try {
    return JSON.parse(el.textContent);
  } catch {
    return null;
  }
}

/** The tile layer: the page's own setting if it has one, else django-leaflet's configuration. */
function tileSetting() {
  const tiles = readJSON("tiles-config");
  if (tiles) return { url: tiles.url, attribution: tiles.attribution };
  const raw = readJSON("leaflet-config");
  const leaflet = typeof raw === "string" ? JSON.parse(raw) : raw;
  const first = leaflet && leaflet.TILES && leaflet.TILES[0];
  if (!first) return { url: "", attribution: "" };
  return { url: first[1], attribution: (first[2] && first[2].attribution) || "" };
}

if (mapEl && window.L) {
  const lat = Number(mapEl.dataset.lat);
  const lng = Number(mapEl.dataset.lng);
  // ACLED geo precision: 1 town, 2 near a town, 3 region only.
  const zoom = { 1: 9, 2: 8, 3: 6 }[mapEl.dataset.precision] || 8;
  const map = L.map(mapEl, { center: [lat, lng], zoom, scrollWheelZoom: false });
  map.attributionControl.setPrefix(false);
  // The offline base map under the tiles, as on the map page (its coastlines and borders are
  // what a reader sees when the tiles do not load).
  addBasemap(map, mapEl.dataset.basemap);
  const tiles = tileSetting();
  if (tiles.url) {
    const layer = L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19 });
    layer.on("tileerror", () => mapEl.classList.add("tiles-failed"));
    layer.addTo(map);
  } else {
    mapEl.classList.add("no-tiles");
  }
  L.circleMarker([lat, lng], {
    radius: 9,
    color: "#ffffff",
    weight: 2,
    fillColor: "#c2410c",
    fillOpacity: 0.95,
    interactive: false,
  }).addTo(map);
  if (mapEl.dataset.precision === "3") {
    L.circle([lat, lng], { radius: 60000, color: "#c2410c", weight: 1, fillOpacity: 0.06, interactive: false }).addTo(map);
  }
}
