// What a marker's colour says. With no actor chosen: the event's primary actor (its colour in
// the actor list). With actors chosen: the role the chosen actors play in it (issue 16: "colour
// follows the question"), in the order below when they play more than one.

import { colourOf } from "./data.js";
import { store } from "./store.js";

export const ROLE_COLOURS = [
  { key: "acting", label: "Acting (actor 1)", colour: "#c2410c", roles: ["actor1"] },
  { key: "targeted", label: "Targeted (actor 2)", colour: "#1d4ed8", roles: ["actor2"] },
  { key: "associated", label: "Associated (with actor 1 or 2)", colour: "#7e22ce", roles: ["assoc1", "assoc2"] },
];
// The chosen actors are not linked to the event (the filter matched it by text, say).
export const OTHER_ROLE = { key: "other", label: "Not linked to the event", colour: "#6b7280", roles: [] };

/** "role" when actors are chosen, else "actor". */
export function colourMode() {
  return store.state.actor.length ? "role" : "actor";
}

/** The colouring's identity: markers drawn under another one are restyled. */
export function colourKey() {
  return `${colourMode()}:${store.state.actor.join(",")}`;
}

/** The role of the chosen actors in `ev`: one of ROLE_COLOURS, or OTHER_ROLE. */
export function roleOf(ev) {
  const chosen = new Set(store.state.actor);
  const played = new Set(ev.p.actors.filter((a) => chosen.has(a.slug)).map((a) => a.role));
  return ROLE_COLOURS.find((r) => r.roles.some((role) => played.has(role))) || OTHER_ROLE;
}

/** The fill of `ev`'s marker under the current colouring. */
export function markerColour(ev) {
  if (colourMode() === "role") return roleOf(ev).colour;
  return colourOf(ev.primary && ev.primary.slug);
}
