// The map's layer switch (issue 16): markers (coloured by actor or role), a heatmap in place of
// the markers, or a country choropleth of events or of fatalities under them. The choice lives
// in the page URL (`layer=`, lib/state.js) and is redrawn whenever what is drawn changes.

import { h } from "../lib/dom.js";
import { hideChoropleth, MEASURES, showChoropleth } from "./choropleth.js";
import { showHeat } from "./heat.js";
import { pushUrl } from "./history.js";
import { map, onDrawn } from "./layers.js";
import { narrow, ui } from "./page.js";
import { store } from "./store.js";

const CHOICES = [
  ["", "Markers"],
  ["heat", "Heatmap"],
  ["countries", "Countries: events"],
  ["fatalities", "Countries: fatalities"],
];

// What server mode draws differently, said where the choice is made.
const SERVER_NOTES = {
  heat: "Many events: zoomed out, the heat weighs each area by its count.",
  countries: "Many events: the server counts each country for the whole filter.",
  fatalities: "Many events: the server sums each country's known fatalities for the whole filter.",
};

const DisplayControl = L.Control.extend({
  options: { position: "topright" },
  onAdd() {
    this.inputs = CHOICES.map(([value, text]) => {
      const input = h("input", { type: "radio", name: "map-layer", value, id: `map-layer-${value || "markers"}` });
      input.addEventListener("change", () => choose(value));
      return h("li", {}, input, h("label", { for: input.id, text }));
    });
    this.note = h("p", { class: "hint", hidden: true });
    this.scale = h("div", { class: "choropleth-legend" });
    const details = h(
      "details",
      { class: "map-layers" },
      h("summary", { text: "Layers" }),
      h("fieldset", {}, h("legend", { class: "visually-hidden", text: "Map layer" }), h("ul", {}, this.inputs)),
      this.note,
      this.scale,
    );
    details.open = !narrow.matches;
    L.DomEvent.disableClickPropagation(details);
    L.DomEvent.disableScrollPropagation(details);
    return details;
  },
});

const control = new DisplayControl();
control.addTo(map);

function choose(value) {
  store.state.layer = value || null;
  pushUrl();
  applyDisplay();
}

/** Draw the chosen layer over (or instead of) what is drawn. */
export function applyDisplay() {
  const layer = store.state.layer;
  for (const li of control.inputs) {
    const input = li.querySelector("input");
    input.checked = input.value === (layer || "");
  }
  const note = store.mode === "server" ? SERVER_NOTES[layer] : null;
  control.note.hidden = !note;
  control.note.textContent = note || "";
  ui.map.dataset.layer = layer || "markers";
  showHeat(layer === "heat");
  if (MEASURES[layer]) {
    showChoropleth(layer, control.scale).catch(() => {
      control.scale.replaceChildren(h("p", { class: "muted", text: "The country counts could not be read." }));
    });
  } else {
    hideChoropleth();
    control.scale.replaceChildren();
  }
}

onDrawn(applyDisplay);
