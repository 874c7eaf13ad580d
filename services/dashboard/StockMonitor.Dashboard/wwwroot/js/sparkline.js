// Intraday sparklines as inline SVG: the last price of each step (5 minutes by default), the previous close as a
// dashed reference line.
const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 110;
const HEIGHT = 26;

/** Adds a price to a line of {t, c} points: the newest close of its step, or a new step. */
export function addToSparkline(points, atMs, price, stepMs) {
  const bucket = atMs - (atMs % stepMs);
  const last = points[points.length - 1];
  if (last && bucket < last.t) return;
  if (last && last.t === bucket) last.c = price;
  else points.push({ t: bucket, c: price });
  if (points.length > 400) points.splice(0, points.length - 400);
}

export function drawSparkline(cell, points, reference, dir) {
  let svg = cell.firstElementChild;
  if (!svg) {
    svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
    svg.setAttribute("class", "spark");
    svg.setAttribute("role", "img");
    svg.append(document.createElementNS(SVG, "line"), document.createElementNS(SVG, "polyline"));
    cell.append(svg);
  }
  svg.setAttribute("class", `spark ${dir}`);
  svg.setAttribute("aria-label", points.length ? `intraday, ${points.length} points` : "no intraday prices yet");
  const [line, polyline] = svg.children;
  if (points.length === 0) {
    polyline.setAttribute("points", "");
    return;
  }
  const values = points.map((p) => p.c);
  if (typeof reference === "number") values.push(reference);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const y = (v) => (HEIGHT - 2 - ((v - min) / span) * (HEIGHT - 4)).toFixed(1);
  // One point (the first minutes of a symbol) is drawn as a level line across.
  const shown = points.length > 1 ? points : [points[0], points[0]];
  const step = WIDTH / (shown.length - 1);
  polyline.setAttribute("points", shown.map((p, i) => `${(i * step).toFixed(1)},${y(p.c)}`).join(" "));
  if (typeof reference === "number") {
    line.setAttribute("x1", "0");
    line.setAttribute("x2", String(WIDTH));
    line.setAttribute("y1", y(reference));
    line.setAttribute("y2", y(reference));
  }
}
