// The heatmap (leaflet.heat, vendored): the density of what is drawn, in place of the markers.
// Client mode: every event of the filter, one point each. Server mode: the events in view, or
// zoomed out the server's areas, each weighted by its count (the browser never holds the
// events there), so the heat keeps its meaning at every zoom.

import { areaLayer, cluster, drawn, map } from "./layers.js";

const RADIUS = 22;
// maxZoom 0: a point weighs its count at every zoom (leaflet.heat fades points zoomed out from
// its maxZoom); `max` is the weight drawn red.
let heat = null;

/** The points of what is drawn: [lat, lng, weight], and the weight that is "hot". */
function heatPoints() {
  if (drawn.cells.length) {
    const points = drawn.cells.map((f) => {
      const [lng, lat] = f.geometry.coordinates;
      return [lat, lng, f.properties.count];
    });
    return { points, max: Math.max(1, ...points.map((p) => p[2])) };
  }
  return { points: drawn.events.map((ev) => [ev.lat, ev.lng, 1]), max: 3 };
}

/** Show the heat (and hide the markers and areas) or the markers again. */
export function showHeat(on) {
  if (!on) {
    if (heat) heat.remove();
    heat = null;
    if (!map.hasLayer(cluster)) cluster.addTo(map);
    if (!map.hasLayer(areaLayer)) areaLayer.addTo(map);
    return;
  }
  const { points, max } = heatPoints();
  // A layer taken off the map is not redrawn again (leaflet.heat reads its map on redraw):
  // each showing has a layer of its own.
  if (heat && map.hasLayer(heat)) {
    heat.setOptions({ max });
    heat.setLatLngs(points);
  } else {
    heat = L.heatLayer(points, { radius: RADIUS, blur: 18, minOpacity: 0.35, maxZoom: 0, max });
    heat.addTo(map);
  }
  if (map.hasLayer(cluster)) cluster.remove();
  if (map.hasLayer(areaLayer)) areaLayer.remove();
  map.getContainer().dataset.heatPoints = String(points.length);
}
