// The market page: every streamed symbol with its last price, change, day range, volume and an intraday
// sparkline. Rows update in place as prices arrive (a newer price only), flash when a value changes, and new
// symbols appear without a reload. Sortable by any column, filterable by symbol.
import { fmt, el, direction, setText, flash } from "./format.js";
import { drawSparkline, addToSparkline } from "./sparkline.js";

const COLUMNS = [
  { key: "symbol", label: "Symbol", text: true, value: (q) => q.symbol },
  { key: "price", label: "Last", value: (q) => q.price },
  { key: "change", label: "Change", value: (q) => q.change ?? 0 },
  { key: "changePercent", label: "Change %", value: (q) => q.changePercent ?? 0 },
  { key: "range", label: "Day range", value: (q) => (q.high ?? 0) - (q.low ?? 0) },
  { key: "volume", label: "Volume", value: (q) => q.volume ?? -1 },
  { key: "spark", label: "Intraday", sortable: false },
  { key: "observedAt", label: "Updated", value: (q) => Date.parse(q.observedAt) },
];

export function marketPage({ root }) {
  const rows = new Map(); // symbol -> { row, cells, quote, spark }
  let sort = { key: "symbol", ascending: true };
  let filter = "";
  let stepMs = 5 * 60 * 1000;
  let resortPending = false;

  const count = el("span", { class: "muted", id: "symbol-count" }, "Waiting for prices…");
  const search = el("input", { type: "search", placeholder: "Filter symbols", "aria-label": "Filter symbols", id: "filter" });
  search.addEventListener("input", () => {
    filter = search.value.trim().toUpperCase();
    applyFilter();
  });
  const head = el("tr", {}, COLUMNS.map((c) => {
    const th = el("th", { class: c.text ? "text" : "", scope: "col", dataset: { key: c.key } });
    if (c.sortable === false) th.textContent = c.label;
    else {
      const button = el("button", { type: "button" }, c.label);
      button.addEventListener("click", () => {
        sort = { key: c.key, ascending: sort.key === c.key ? !sort.ascending : c.text === true };
        resort();
      });
      th.append(button);
    }
    return th;
  }));
  const body = el("tbody", { id: "quotes" });
  root.append(
    el("h1", {}, "Market"),
    el("div", { class: "toolbar" }, search, count),
    el("table", { class: "grid", id: "market" }, el("thead", {}, head), body));

  function makeRow(quote) {
    const cells = {};
    const row = el("tr", { dataset: { symbol: quote.symbol } }, COLUMNS.map((c) => (cells[c.key] = el("td", { class: `${c.key}${c.text ? " text" : ""}` }))));
    cells.symbol.append(el("a", { href: `/symbols/${encodeURIComponent(quote.symbol)}` }, quote.symbol));
    cells.range.append(el("span", { class: "dayrange" }, el("span", { class: "low" }), el("span", { class: "bar", "aria-hidden": "true" }, el("span", { class: "marker" })), el("span", { class: "high" })));
    const entry = { row, cells, quote: null, spark: [] };
    rows.set(quote.symbol, entry);
    return entry;
  }

  function render(entry, quote, animate) {
    const previous = entry.quote;
    entry.quote = quote;
    const { cells, row } = entry;
    const dir = direction(quote.change);
    const rising = previous ? quote.price >= previous.price : true;
    row.dataset.observedAt = quote.observedAt;
    const changed = setText(cells.price, fmt.price(quote.price));
    cells.price.dataset.price = String(quote.price);
    if (quote.receivedAt) cells.price.dataset.receivedAt = quote.receivedAt;
    setText(cells.change, fmt.signed(quote.change), dir);
    setText(cells.changePercent, fmt.percentUnits(quote.changePercent), dir);
    setText(cells.volume, fmt.compact(quote.volume));
    setText(cells.observedAt, fmt.time(quote.observedAt));
    const [low, bar, high] = cells.range.firstChild.children;
    setText(low, fmt.price(quote.low));
    setText(high, fmt.price(quote.high));
    const span = (quote.high ?? 0) - (quote.low ?? 0);
    bar.firstChild.style.left = span > 0 ? `${Math.min(100, Math.max(0, ((quote.price - quote.low) / span) * 100))}%` : "50%";
    bar.title = span > 0 ? `${fmt.price(quote.low)} – ${fmt.price(quote.high)}` : "no day range reported";
    drawSparkline(cells.spark, entry.spark, quote.previousClose, dir);
    if (animate && changed && previous) {
      flash(cells.price, rising);
      flash(cells.change, rising);
    }
  }

  function upsert(quote, sparkline, animate) {
    let entry = rows.get(quote.symbol);
    const isNew = !entry;
    if (isNew) entry = makeRow(quote);
    else if (entry.quote && Date.parse(entry.quote.observedAt) >= Date.parse(quote.observedAt)) return false;
    if (sparkline) entry.spark = sparkline.map((p) => ({ t: p.t, c: p.c }));
    else addToSparkline(entry.spark, Date.parse(quote.observedAt), quote.price, stepMs);
    render(entry, quote, animate);
    if (isNew) {
      insertSorted(entry);
      applyFilterTo(entry);
      updateCount();
    } else if (sort.key !== "symbol") {
      scheduleResort();
    }
    return true;
  }

  function compare(a, b) {
    const column = COLUMNS.find((c) => c.key === sort.key);
    const [x, y] = [column.value(a.quote), column.value(b.quote)];
    const order = typeof x === "string" ? x.localeCompare(y) : x - y;
    return (sort.ascending ? order : -order) || a.quote.symbol.localeCompare(b.quote.symbol);
  }

  function insertSorted(entry) {
    for (const other of body.children) {
      const next = rows.get(other.dataset.symbol);
      if (next !== entry && compare(entry, next) < 0) {
        body.insertBefore(entry.row, other);
        return;
      }
    }
    body.append(entry.row);
  }

  function resort() {
    for (const th of head.children) {
      th.setAttribute("aria-sort", th.dataset.key === sort.key ? (sort.ascending ? "ascending" : "descending") : "none");
    }
    const ordered = [...rows.values()].filter((e) => e.quote).sort(compare);
    body.append(...ordered.map((e) => e.row));
  }

  // Values move all the time: re-sort by a value at most once a second, so rows do not jump on every tick.
  function scheduleResort() {
    if (resortPending) return;
    resortPending = true;
    setTimeout(() => {
      resortPending = false;
      resort();
    }, 1000);
  }

  function applyFilterTo(entry) {
    entry.row.hidden = filter !== "" && !entry.quote.symbol.includes(filter);
  }

  function applyFilter() {
    for (const entry of rows.values()) applyFilterTo(entry);
    updateCount();
  }

  function updateCount() {
    const shown = [...rows.values()].filter((e) => !e.row.hidden).length;
    count.textContent = filter ? `${shown} of ${rows.size} symbols` : `${rows.size} symbols`;
  }

  resort();
  return {
    params: new URLSearchParams({ symbols: "*" }),
    handlers: {
      hello: (hello) => {
        if (hello?.sparklineStepMs) stepMs = hello.sparklineStepMs;
      },
      market: (snapshot) => {
        for (const line of snapshot) upsert(line.quote, line.sparkline, false);
        if (snapshot.length === 0 && rows.size === 0) count.textContent = "No prices yet: is the feed running?";
      },
      quotes: (quotes) => {
        for (const quote of quotes) upsert(quote, null, true);
      },
    },
  };
}
