// Converts world-atlas's TopoJSON (Natural Earth, public domain) to the GeoJSON the map page and
// the snapshots draw as their offline base map: each country's polygons (land, with its name)
// and one "border" feature (the lines between two countries), coordinates rounded to 2 decimals
// (about 1 km). Run once when vendoring, not at run time; the output is committed:
//
//   npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz          # in a scratch folder
//   npm install --prefix /tmp/tc topojson-client@3.1.0
//   TOPOJSON_CLIENT=/tmp/tc node scripts/vendor-world-atlas.mjs package/countries-50m.json \
//     static/vendor/world-atlas/countries-50m.geojson
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(`${process.env.TOPOJSON_CLIENT || "."}/`);
const topojson = require("topojson-client");
const [src, out, digits = "2"] = process.argv.slice(2);
const topo = JSON.parse(readFileSync(src, "utf8"));
const countries = topojson.feature(topo, topo.objects.countries).features;
const borders = topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b);
const scale = 10 ** Number(digits);
const round = (_key, v) => (typeof v === "number" ? Math.round(v * scale) / scale : v);
const features = countries.map((c) => ({
  type: "Feature",
  properties: { name: c.properties.name },
  geometry: c.geometry,
}));
features.push({ type: "Feature", properties: { kind: "border" }, geometry: borders });
writeFileSync(out, JSON.stringify({ type: "FeatureCollection", features }, round));
