// The map page's fixed parts: the server's configuration (the map-config and leaflet-config
// data blocks) and the page's elements.

export const config = JSON.parse(document.getElementById("map-config").textContent);
export const api = config.api;
export const leafletConfig = readLeafletConfig();

function readLeafletConfig() {
  try {
    return JSON.parse(JSON.parse(document.getElementById("leaflet-config").textContent));
  } catch {
    return {};
  }
}

const $ = (id) => document.getElementById(id);

export const ui = {
  count: $("count"),
  downloadGeojson: $("download-geojson"),
  downloadCsv: $("download-csv"),
  // The GIS formats' links (GeoPackage, FlatGeobuf, KML, GeoParquet), each naming its format.
  downloadFormats: [...document.querySelectorAll(".download-menu a[data-format]")],
  downloadSnapshot: $("download-snapshot"),
  panel: $("panel"),
  panelToggle: $("panel-toggle"),
  panelBody: $("panel-body"),
  activeFilters: $("active-filters"),
  form: $("filters"),
  q: $("q"),
  actorSearch: $("actor-search"),
  actorList: $("actor-list"),
  actorEmpty: $("actor-empty"),
  typeList: $("type-list"),
  countryList: $("country-list"),
  countryEmpty: $("country-empty"),
  facetHint: $("facet-hint"),
  extra: $("extra-filters"),
  extraList: $("extra-list"),
  reset: $("reset"),
  eventList: $("event-list"),
  eventListMore: $("event-list-more"),
  map: $("map"),
  error: $("error"),
  errorText: $("error-text"),
  errorButton: $("error-reset"),
  play: $("play"),
  playLabel: document.querySelector("#play .play-label"),
  playSpeed: $("play-speed"),
  dateFrom: $("date-from"),
  dateTo: $("date-to"),
  windowText: $("window-text"),
  histogram: $("histogram"),
  rangeFrom: $("range-from"),
  rangeTo: $("range-to"),
  axisStart: $("axis-start"),
  axisBucket: $("axis-bucket"),
  axisEnd: $("axis-end"),
};

/** The width at which the filter panel folds away behind its toggle (as in app.css). */
export const narrow = window.matchMedia("(max-width: 899px)");
