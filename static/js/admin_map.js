// The admin's map widgets (django-leaflet's, on the event and place change forms) draw the
// offline base map under their tiles, as the map page and the event page do: a curator moving a
// point sees coastlines, borders and country names even when the tile server is out of reach.
// The GeoJSON's URL is this script tag's data-basemap (events/admin.py, BasemapMedia).

import { addBasemap } from "./map/basemap.js";

const script = document.querySelector("script[data-basemap]");
const url = script ? script.dataset.basemap : "";

// django-leaflet creates its maps on the window's load event, after this (deferred) module ran,
// and announces each with map:init.
window.addEventListener("map:init", (event) => {
  const map = event.detail && event.detail.map;
  if (map) addBasemap(map, url);
});
