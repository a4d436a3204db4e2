// The Leaflet map and what it draws: the tiles (or a graticule without them) over the offline
// base map (basemap.js), the events as
// circles clustered in the browser, and server mode's areas: the server's grid cells, one
// marker each, never clustered again here.

import { formatDay } from "../lib/dates.js";
import { addBasemap } from "./basemap.js";
import { h } from "../lib/dom.js";
import { config, leafletConfig, ui } from "./page.js";
import { popupContent, popupOptions, tooltipContent } from "./popup.js";
import { colourKey, markerColour } from "./roles.js";
import { store } from "./store.js";

const linked = store.state.view; // the link's view, else the configured one
export const map = L.map(ui.map, {
  center: linked ? [linked.lat, linked.lng] : leafletConfig.DEFAULT_CENTER || [30, 30],
  zoom: linked ? linked.zoom : (leafletConfig.DEFAULT_ZOOM ?? 3),
  minZoom: leafletConfig.MIN_ZOOM ?? 2,
  maxZoom: leafletConfig.MAX_ZOOM ?? 18,
  worldCopyJump: true,
  zoomSnap: 0.25,
});
map.attributionControl.setPrefix(false);
ui.map.setAttribute("aria-label", "Map of the events shown. Arrow keys pan, plus and minus zoom.");

// Without a base map (no tile URL, or tiles unreachable) a light graticule every 5 degrees keeps
// a sense of place and of panning.
const graticule = L.layerGroup();
function showGraticule() {
  if (map.hasLayer(graticule)) return;
  map.createPane("graticule").style.zIndex = "250";
  const style = { pane: "graticule", color: "#ffffff", weight: 1, opacity: 0.8, interactive: false };
  for (let lng = -180; lng <= 180; lng += 5) graticule.addLayer(L.polyline([[-85, lng], [85, lng]], style));
  for (let lat = -80; lat <= 80; lat += 5) graticule.addLayer(L.polyline([[lat, -180], [lat, 180]], style));
  graticule.addTo(map);
}

if (config.tiles && config.tiles.url) {
  // The attribution is the operator's setting (HTML such as "&copy; OpenStreetMap"), not data.
  const tiles = L.tileLayer(config.tiles.url, {
    attribution: config.tiles.attribution || "",
    maxZoom: 19,
  });
  tiles.on("tileerror", () => {
    ui.map.classList.add("tiles-failed");
    showGraticule();
  });
  tiles.on("tileload", () => ui.map.classList.remove("tiles-failed"));
  tiles.addTo(map);
} else {
  ui.map.classList.add("no-tiles");
  showGraticule();
}

addBasemap(map, config.basemap);

export const cluster = L.markerClusterGroup({
  maxClusterRadius: 36,
  showCoverageOnHover: false,
  spiderfyOnMaxZoom: true,
  chunkedLoading: true,
  iconCreateFunction: clusterIcon,
});
cluster.addTo(map);
export const markers = new Map(); // event id -> circle marker
export const areaLayer = L.layerGroup().addTo(map);

// What is drawn, for the layers drawn from it (heat.js, choropleth.js, labels.js): the events
// (client mode's all under the filter, server mode's in view) and server mode's areas.
export const drawn = { events: [], cells: [] };
const drawnListeners = [];
let drawnQueued = false;

/** `listener()` runs once after each change of what is drawn (several in one task: once). */
export function onDrawn(listener) {
  drawnListeners.push(listener);
}

function drawnChanged() {
  if (drawnQueued) return;
  drawnQueued = true;
  queueMicrotask(() => {
    drawnQueued = false;
    for (const listener of drawnListeners) listener();
  });
}

function clusterIcon(group) {
  const n = group.getChildCount();
  const size = n < 10 ? 32 : n < 100 ? 38 : n < 1000 ? 44 : 50;
  const label = h("span", { class: "cm-cluster-count", text: n.toLocaleString("en") });
  return L.divIcon({
    html: label,
    className: "cm-cluster",
    iconSize: [size, size],
  });
}

const known = (n) => n !== null && n !== undefined;

function radiusFor(fatalities) {
  return known(fatalities) ? Math.min(26, 6 + 2.2 * Math.sqrt(fatalities)) : 7;
}

function markerFor(ev) {
  let marker = markers.get(ev.id);
  if (marker) return marker;
  const unknown = !known(ev.p.fatalities);
  marker = L.circleMarker([ev.lat, ev.lng], {
    radius: radiusFor(ev.p.fatalities),
    color: unknown ? "#0f172a" : "#ffffff",
    weight: unknown ? 1.25 : 1.5,
    dashArray: unknown ? "3 2" : null,
    fillColor: markerColour(ev),
    fillOpacity: unknown ? 0.75 : 0.9,
    className: unknown ? "cm-marker cm-marker-unknown" : "cm-marker",
  });
  marker.eventId = ev.id;
  marker.colourKey = colourKey();
  // The popup fits the map (popup.js): its long text scrolls inside it, its link stays in view.
  marker.bindPopup(() => popupContent(ev, ui.map.clientHeight), popupOptions(ui.map));
  marker.bindTooltip(() => tooltipContent(ev), { direction: "top", offset: [0, -6], className: "cm-tooltip" });
  marker.on("add", () => focusable(marker, ev));
  markers.set(ev.id, marker);
  return marker;
}

/** A single marker is a button for the keyboard: Tab reaches it, Enter or Space opens it. */
function focusable(marker, ev) {
  const el = marker.getElement();
  if (!el || el.hasAttribute("tabindex")) return;
  el.setAttribute("tabindex", "0");
  el.setAttribute("role", "button");
  el.setAttribute("aria-label", tooltipContent(ev).textContent);
  L.DomEvent.on(el, "keydown", (e) => {
    if (e.key !== "Enter" && e.key !== " ") return;
    e.preventDefault();
    marker.openPopup();
  });
  L.DomEvent.on(el, "focus", () => marker.openTooltip());
  L.DomEvent.on(el, "blur", () => marker.closeTooltip());
}

// The popups' width and padding follow the map's size (a phone's is narrow).
map.on("resize", () => {
  const options = popupOptions(ui.map);
  for (const marker of markers.values()) Object.assign(marker.getPopup().options, options);
});

/** Draw exactly `shown`, adding and removing as few markers as possible. */
export function updateMarkers(shown) {
  const want = new Set(shown.map((ev) => ev.id));
  const remove = [...store.shownIds].filter((id) => !want.has(id)).map((id) => markers.get(id));
  const add = shown.filter((ev) => !store.shownIds.has(ev.id)).map(markerFor);
  if (remove.length) cluster.removeLayers(remove);
  recolour(shown);
  if (add.length) cluster.addLayers(add);
  store.shownIds = want;
  ui.map.dataset.markers = String(want.size);
  ui.map.dataset.colour = colourKey().split(":")[0];
  drawn.events = shown;
  drawnChanged();
}

/** Markers coloured under another colouring (another actor chosen) take the current one. */
function recolour(shown) {
  const key = colourKey();
  for (const ev of shown) {
    const marker = markers.get(ev.id);
    if (marker.colourKey === key) continue;
    marker.colourKey = key;
    marker.setStyle({ fillColor: markerColour(ev) });
  }
}

/** Server mode: one grid cell of the server's answer, a round count that zooms in when chosen. */
function areaMarker(feature, zoom) {
  const p = feature.properties;
  const [lng, lat] = feature.geometry.coordinates;
  const n = p.count;
  const count = n.toLocaleString("en");
  const title = `${count} ${n === 1 ? "event" : "events"}`;
  const span = p.first === p.last ? formatDay(p.first) : `${formatDay(p.first)} to ${formatDay(p.last)}`;
  const size = Math.round(Math.min(64, 28 + 8 * Math.log10(Math.max(1, n))));
  const marker = L.marker([lat, lng], {
    icon: L.divIcon({
      html: h("span", { class: "cm-cluster-count", "aria-hidden": "true", text: count }),
      className: "cm-cluster cm-area",
      iconSize: [size, size],
    }),
    title,
    keyboard: true,
    riseOnHover: true,
  });
  marker.on("add", () => {
    const el = marker.getElement();
    el.setAttribute("aria-label", `${title}, ${span}. Zoom in`);
    el.dataset.count = String(n);
  });
  const zoomIn = () => zoomToCell(p.cell, zoom, [lat, lng]);
  marker.on("click", zoomIn);
  marker.on("keypress", (e) => {
    const key = e.originalEvent.key;
    if (key === "Enter" || key === " ") {
      e.originalEvent.preventDefault();
      zoomIn();
    }
  });
  return marker;
}

/** Zoom to a grid cell (lon gx*s..(gx+1)*s, lat gy*s..(gy+1)*s at the answer's zoom). */
function zoomToCell([gx, gy], zoom, centroid) {
  const s = 360 / (2 ** zoom * 4);
  const clampLat = (lat) => Math.max(-85, Math.min(85, lat));
  const bounds = L.latLngBounds([clampLat(gy * s), gx * s], [clampLat((gy + 1) * s), (gx + 1) * s]);
  const padding = L.point(24, 24);
  const target = Math.min(map.getMaxZoom(), map.getBoundsZoom(bounds, false, padding));
  if (target > map.getZoom() + 0.5) map.fitBounds(bounds, { padding: [24, 24] });
  else map.setView(centroid, Math.min(map.getMaxZoom(), map.getZoom() + 2));
}

export function drawAreas(features, zoom) {
  areaLayer.clearLayers();
  for (const feature of features) areaLayer.addLayer(areaMarker(feature, zoom));
  drawn.cells = features;
  drawnChanged();
}

/** Open an event's popup, zooming into its cluster first if it is in one. */
export function focusEvent(id) {
  const marker = markers.get(id);
  if (!marker || !store.shownIds.has(id)) return;
  const open = () => marker.openPopup();
  // The heatmap hides the markers (heat.js): the popup opens on the map at the event.
  if (!map.hasLayer(cluster)) return void marker.getPopup().setLatLng(marker.getLatLng()).openOn(map);
  // On the map already (not inside a cluster): the popup pans into view by itself.
  if (map.hasLayer(marker)) open();
  else cluster.zoomToShowLayer(marker, open);
}

export function fitTo(points) {
  if (!points.length) return;
  map.fitBounds(L.latLngBounds(points), { padding: [40, 40], maxZoom: 8, animate: false });
}

/** Client mode: fit the map to the events drawn. */
export function fitToMarkers() {
  fitTo([...store.shownIds].map((id) => markers.get(id).getLatLng()));
}

/** The map's button that zooms to the events shown; `onFit` does it. */
export function addFitControl(onFit) {
  const FitControl = L.Control.extend({
    options: { position: "topleft" },
    onAdd() {
      const button = h("button", {
        type: "button",
        class: "map-button",
        title: "Zoom to the events shown",
        "aria-label": "Zoom to the events shown",
        onclick: onFit,
      });
      button.append(h("span", { "aria-hidden": "true", text: "⤢" }));
      const box = h("div", { class: "leaflet-bar" }, button);
      L.DomEvent.disableClickPropagation(box);
      return box;
    },
  });
  new FitControl().addTo(map);
}
