// The offline base map: Natural Earth's countries (world-atlas, public domain, vendored as GeoJSON
// under static/vendor/world-atlas) drawn by Leaflet in a pane under the tiles, so the map keeps
// its land, sea (the map's background), coastlines, borders and country names with no network.
// Tiles, when a tile URL is configured and they load, cover it.

import { h } from "../lib/dom.js";

export const LAND = { color: "#94a3b8", weight: 0.6, fillColor: "#f8f6f1", fillOpacity: 1 };
export const BORDER = { color: "#7c8799", weight: 0.8, dashArray: "3 2", fill: false };
const LABEL_ZOOM = 4; // country names from this zoom on (fewer overlaps when zoomed out)

const loaded = new Map(); // url -> promise of the GeoJSON (or null)

/** The base map's GeoJSON at `url` (same origin), read once per page; null when it cannot be
 * read. Each country carries its name and ISO alpha-2 code (`iso`): the choropleth joins on it. */
export function loadBasemap(url) {
  if (!url) return Promise.resolve(null);
  if (!loaded.has(url)) {
    const read = fetch(url, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null);
    loaded.set(url, read);
  }
  return loaded.get(url);
}

/** Draw the base map on `map` from the GeoJSON at `url`; resolves to the layer, or null when
 * it cannot be read (the map works on without it). */
export async function addBasemap(map, url) {
  if (!url) return null;
  map.createPane("basemap").style.zIndex = "150"; // under the tile pane (200)
  map.createPane("basemap-labels").style.zIndex = "160";
  const data = await loadBasemap(url);
  if (!data) return null;
  const labels = L.layerGroup();
  // One canvas, not an SVG path per country: the 50m coastlines are ~100k points, and as SVG
  // every pan rebuilt their path strings and the DOM (twice the time to first markers and
  // three times per pan, measured at phone size in Chromium).
  const layer = L.geoJSON(data, {
    pane: "basemap",
    renderer: L.canvas({ pane: "basemap" }),
    interactive: false,
    attribution: "Base map: Natural Earth",
    style: (f) =>
      f.properties.kind === "border"
        ? BORDER
        : LAND,
    onEachFeature: (f, path) => {
      if (f.properties.name) labels.addLayer(countryLabel(f.properties.name, path.getBounds()));
    },
  }).addTo(map);
  const showLabels = () => {
    if (map.getZoom() >= LABEL_ZOOM) labels.addTo(map);
    else labels.remove();
  };
  map.on("zoomend", showLabels);
  showLabels();
  const container = map.getContainer();
  container.classList.add("has-basemap");
  // What was drawn, for a reader of the page (a canvas has no elements to count).
  const kinds = data.features.map((f) => f.properties.kind);
  container.dataset.basemapCountries = String(kinds.filter((k) => k !== "border").length);
  container.dataset.basemapBorders = String(kinds.filter((k) => k === "border").length);
  return layer;
}

function countryLabel(name, bounds) {
  return L.marker(bounds.getCenter(), {
    pane: "basemap-labels",
    interactive: false,
    keyboard: false,
    icon: L.divIcon({ className: "cm-basemap-label", html: h("span", { text: name }), iconSize: null }),
  });
}
