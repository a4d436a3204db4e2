// Building DOM from data without ever parsing data as HTML: text goes in as text nodes.

/**
 * h("a", {href, class: "x", text: "label"}, child, "text", ...)
 * Attributes are set with setAttribute (never innerHTML); `on<event>` keys add listeners.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) setAttr(el, key, value);
  }
}

function setAttr(el, key, value) {
  if (key === "text") el.textContent = String(value);
  else if (key === "class") el.setAttribute("class", value);
  else if (key === "dataset") Object.assign(el.dataset, value);
  else if (key === "style") Object.assign(el.style, value);
  else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
  else el.setAttribute(key, value === true ? "" : String(value));
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An http(s) URL safe to put in an href, or null (no javascript:, data: and the like). */
export function safeHref(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A #rrggbb colour or the fallback: actor colours end up in style properties. */
export function safeColour(colour, fallback = "#6b7280") {
  return /^#[0-9a-fA-F]{6}$/.test(colour || "") ? colour : fallback;
}

export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/** Lower-case, accents stripped: "Al Bāb" and "al bab" match. */
export function fold(text) {
  return (text || "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/**
 * Make `parent`'s children exactly `nodes`, in order, moving as few as possible (so a focused
 * checkbox keeps its focus when the list around it is refreshed).
 */
export function syncChildren(parent, nodes) {
  nodes.forEach((node, i) => {
    if (parent.children[i] !== node) parent.insertBefore(node, parent.children[i] || null);
  });
  while (parent.children.length > nodes.length) parent.lastElementChild.remove();
}
