// The country choropleth: each country with events under the filter (and the date window)
// shaded by its events or its known fatalities, over the base map and under the markers.
// Countries join the base map's shapes by ISO alpha-2 code (the GeoJSON's `iso`, as our events
// carry `country`). Client mode counts the events it holds; server mode asks /api/facets.json
// with sum=fatalities (each country's counts without the country selection, so a selection
// keeps its own countries' numbers).

import { h } from "../lib/dom.js";
import { filterPairs, withQuery } from "../lib/state.js";
import { getJSON } from "./api.js";
import { loadBasemap } from "./basemap.js";
import { countryName } from "./data.js";
import { drawn, map } from "./layers.js";
import { api, config } from "./page.js";
import { store } from "./store.js";

const CLASSES = ["#fdd0bc", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15"];
const ZERO = "#fff1ea"; // events, none with known fatalities
export const MEASURES = {
  countries: { title: "Events per country", unit: ["event", "events"] },
  fatalities: { title: "Known fatalities per country", unit: ["fatality", "fatalities"] },
};

map.createPane("choropleth").style.zIndex = "350"; // over the tiles (200), under the markers (400)
let layer = null;
let shownKey = null;
let run = 0;

/** code -> value under the filter, for `measure` ("countries" or "fatalities"). */
async function countryValues(measure) {
  if (store.mode !== "server") {
    const values = new Map();
    for (const ev of drawn.events) {
      if (!ev.p.country) continue;
      const add = measure === "fatalities" ? ev.p.fatalities || 0 : 1;
      values.set(ev.p.country, (values.get(ev.p.country) || 0) + add);
    }
    return values;
  }
  const data = await getJSON(withQuery(api.facets, [...filterPairs(store.state), ["sum", "fatalities"]]));
  const counts = measure === "fatalities" ? data.country_fatalities : data.country;
  const chosen = new Set(store.state.country);
  return new Map(Object.entries(counts).filter(([code]) => !chosen.size || chosen.has(code)));
}

/** Up to five class limits from 1 to `max`, evenly spaced on a log scale (counts are skewed). */
export function breaksFor(max) {
  const breaks = [];
  for (let i = 1; i <= 5; i++) {
    const b = Math.max(1, Math.round(max ** (i / 5)));
    if (!breaks.length || b > breaks.at(-1)) breaks.push(b);
  }
  return max >= 1 ? breaks : [];
}

function fillOf(value, breaks) {
  if (!value) return ZERO;
  const i = breaks.findIndex((b) => value <= b);
  return CLASSES[CLASSES.length - breaks.length + (i < 0 ? breaks.length - 1 : i)];
}

function label(n, measure) {
  const [one, many] = MEASURES[measure].unit;
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/** Draw the choropleth of `measure`; its scale goes into `legendEl`. */
export async function showChoropleth(measure, legendEl) {
  const mine = ++run;
  const [data, values] = await Promise.all([loadBasemap(config.basemap), countryValues(measure)]);
  if (mine !== run) return;
  const key = `${measure}|${JSON.stringify([...values])}`;
  if (key === shownKey && layer) return;
  removeLayer();
  if (!data) {
    legendEl.replaceChildren(h("p", { class: "muted", text: "The country shapes could not be read." }));
    return;
  }
  const max = Math.max(0, ...values.values());
  const breaks = breaksFor(max);
  const features = data.features.filter((f) => f.properties.iso && values.has(f.properties.iso));
  layer = L.geoJSON(
    { type: "FeatureCollection", features },
    {
      pane: "choropleth",
      style: (f) => ({
        fillColor: fillOf(values.get(f.properties.iso), breaks),
        fillOpacity: 0.6,
        color: "#7f1d1d",
        weight: 0.6,
        className: "cm-choropleth",
      }),
      onEachFeature: (f, path) => {
        const text = `${countryName(f.properties.iso)}: ${label(values.get(f.properties.iso), measure)}`;
        path.bindTooltip(() => h("span", { text }), { sticky: true, className: "cm-tooltip" });
        path.on("add", () => {
          const el = path.getElement();
          el.dataset.iso = f.properties.iso;
          el.dataset.value = String(values.get(f.properties.iso));
        });
      },
    },
  ).addTo(map);
  shownKey = key;
  renderScale(legendEl, measure, breaks, values);
  map.getContainer().dataset.choropleth = String(values.size);
}

export function hideChoropleth() {
  run++;
  removeLayer();
  delete map.getContainer().dataset.choropleth;
}

function removeLayer() {
  if (layer) layer.remove();
  layer = null;
  shownKey = null;
}

function renderScale(legendEl, measure, breaks, values) {
  const rows = breaks.map((b, i) => {
    const low = i ? breaks[i - 1] + 1 : 1;
    const range = low === b ? b.toLocaleString("en") : `${low.toLocaleString("en")}–${b.toLocaleString("en")}`;
    return scaleRow(fillOf(b, breaks), range);
  });
  if ([...values.values()].some((v) => v === 0)) rows.unshift(scaleRow(ZERO, "0 (unknown)"));
  legendEl.replaceChildren(
    h("p", { class: "legend-heading", text: MEASURES[measure].title }),
    rows.length
      ? h("ul", { class: "legend-list choropleth-scale" }, rows)
      : h("p", { class: "muted", text: "No located events." }),
  );
}

function scaleRow(colour, text) {
  return h(
    "li",
    {},
    h("span", { class: "swatch", style: { backgroundColor: colour }, "aria-hidden": "true" }),
    h("span", { class: "legend-name", text }),
  );
}
