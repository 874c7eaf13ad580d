// Formatting for display. The numbers come from the services as JSON numbers (decimals there); they are only
// shown here, never computed with beyond simple display arithmetic.

const MINUS = "\u2212";

const price = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 });
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 });
const quantity = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });
const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
const dateTime = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false });

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);

export const fmt = {
  price: (v) => (isNumber(v) ? price.format(v) : "—"),
  money: (v) => (isNumber(v) ? money.format(v).replace("-", MINUS) : "—"),
  compact: (v) => (isNumber(v) ? compact.format(v) : "—"),
  quantity: (v) => (isNumber(v) ? quantity.format(v) : "—"),
  time: (v) => (v ? clock.format(new Date(v)) : "—"),
  dateTime: (v) => (v ? dateTime.format(new Date(v)) : "—"),

  /** A signed amount with an arrow, so the direction never depends on colour alone: "▲ +2.22", "▼ −1.05". */
  signed(v, digits = 2) {
    if (!isNumber(v)) return "—";
    const text = Math.abs(v).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    return v > 0 ? `▲ +${text}` : v < 0 ? `▼ ${MINUS}${text}` : `${text}`;
  },

  /** Percent units (1.25 = +1.25 %). */
  percentUnits(v) {
    if (!isNumber(v)) return "—";
    const text = Math.abs(v).toFixed(2);
    return v > 0 ? `+${text} %` : v < 0 ? `${MINUS}${text} %` : `${text} %`;
  },

  /** A fraction (0.0123 = +1.23 %). */
  fraction(v) {
    return isNumber(v) ? fmt.percentUnits(v * 100) : "—";
  },
};

/** "up" / "down" / "" for a signed value: a class for colour, next to a sign and an arrow in the text. */
export const direction = (v) => (isNumber(v) && v > 0 ? "up" : isNumber(v) && v < 0 ? "down" : "");

/** Sets an element's text and direction class; returns whether the text changed. */
export function setText(element, text, dir) {
  if (!element) return false;
  const changed = element.textContent !== text;
  if (changed) element.textContent = text;
  if (dir !== undefined) {
    element.classList.toggle("up", dir === "up");
    element.classList.toggle("down", dir === "down");
  }
  return changed;
}

const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");

/**
 * Briefly highlights an element that just changed, green when the value rose, red when it fell. An animation
 * of its own (Web Animations), so a burst of updates never forces the page to lay itself out once per cell.
 */
export function flash(element, rising) {
  if (!element || reducedMotion.matches) return;
  element.animate([{ backgroundColor: rising ? "#d1fae5" : "#fee2e2" }, { backgroundColor: "transparent" }], { duration: 800, easing: "ease-out" });
}

/** Creates an element: el("td", { class: "price" }, "text or node", ...). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export const condition = (c, threshold) =>
  c === "above" ? `above ${fmt.price(threshold)}` : c === "below" ? `below ${fmt.price(threshold)}` : c === "move" ? `moved ${threshold} %` : `${c} ${threshold}`;
