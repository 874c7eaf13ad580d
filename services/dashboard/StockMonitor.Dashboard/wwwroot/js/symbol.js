// A symbol's page: last price and change, the statistics pricing computes (VWAP, window returns, realized
// volatility, day range), and candlesticks with volume at 1 minute or 1 hour. The newest bar grows with each
// price the stream brings; bars and statistics are read again after a reconnection and every few seconds.
import { createChart, CandlestickSeries, HistogramSeries, LineStyle } from "/lib/lightweight-charts.mjs";
import { fmt, el, direction, setText, flash } from "./format.js";

const INTERVALS = { "1m": { seconds: 60, history: 6 * 3600 }, "1h": { seconds: 3600, history: 14 * 86400 } };
const STATS_EVERY_MS = 5000;

export function symbolPage({ root }, symbol) {
  document.title = `${symbol} · StockMonitor`;
  let interval = "1m";
  let quote = null;
  let lastBar = null;
  let cumulativeVolume = null;
  let vwapLine = null;

  const last = el("span", { class: "last", id: "last-price" }, "—");
  const move = el("span", { class: "move", id: "move" }, "");
  const updated = el("span", { class: "muted", id: "updated" }, "");
  const cards = {};
  const card = (key, label) => el("div", { class: "card" }, el("div", { class: "label" }, label), (cards[key] = el("div", { class: "value", id: `stat-${key}` }, "—")));
  const buttons = Object.keys(INTERVALS).map((name) => {
    const button = el("button", { type: "button", "aria-pressed": String(name === interval) }, name);
    button.addEventListener("click", () => {
      interval = name;
      buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.textContent === name)));
      loadBars();
    });
    return button;
  });
  const chartBox = el("div", { class: "chart", id: "chart", role: "img", "aria-label": `${symbol} candlesticks and volume` });
  const chartNote = el("span", { class: "muted", id: "chart-note" }, "");
  root.append(
    el("p", {}, el("a", { href: "/" }, "← Market")),
    el("div", { class: "quote-head" }, el("h1", {}, symbol), last, move, updated),
    el("div", { class: "cards" },
      card("range", "Day range"), card("open", "Open"), card("previousClose", "Previous close"), card("volume", "Volume"),
      card("vwap", "VWAP"), card("return1m", "Return 1m"), card("return5m", "Return 5m"), card("return15m", "Return 15m"),
      card("return1h", "Return 1h"), card("volatility1h", "Volatility (1h, annualized)")),
    el("div", { class: "chart-bar" }, ...buttons, chartNote),
    chartBox);

  const chart = createChart(chartBox, {
    autoSize: true,
    // The attribution the licence asks for is the link in the page footer (the logo would need an inline style).
    layout: { background: { color: "#ffffff" }, textColor: "#374151", attributionLogo: false },
    grid: { vertLines: { color: "#f1f5f9" }, horzLines: { color: "#f1f5f9" } },
    timeScale: { timeVisible: true, secondsVisible: false, tickMarkFormatter: (t) => fmt.time(t * 1000).slice(0, 5) },
    localization: { timeFormatter: (t) => fmt.dateTime(t * 1000) },
  });
  const candles = chart.addSeries(CandlestickSeries, { upColor: "#047857", downColor: "#b91c1c", borderVisible: false, wickUpColor: "#047857", wickDownColor: "#b91c1c" });
  const volume = chart.addSeries(HistogramSeries, { priceFormat: { type: "volume" }, priceScaleId: "", color: "#94a3b8" });
  volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.25 } });

  async function loadBars() {
    const { seconds, history } = INTERVALS[interval];
    const to = new Date();
    const from = new Date(to.getTime() - history * 1000);
    const response = await fetch(`/api/symbols/${encodeURIComponent(symbol)}/bars?interval=${interval}&from=${from.toISOString()}&to=${to.toISOString()}`);
    if (!response.ok) {
      chartNote.textContent = response.status === 404 ? "No prices for this symbol yet." : "Bars are not available right now.";
      return;
    }
    const bars = await response.json();
    const data = bars.map((b) => ({ time: Date.parse(b.time) / 1000, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume ?? 0 }));
    candles.setData(data.map(({ volume: _, ...bar }) => bar));
    volume.setData(data.map((b) => ({ time: b.time, value: b.volume, color: b.close >= b.open ? "#a7f3d0" : "#fecaca" })));
    lastBar = data.length ? { ...data[data.length - 1] } : null;
    chartNote.textContent = data.length ? `${data.length} bars of ${interval}; the last one grows with each price` : "No bars yet in this range.";
    chartNote.dataset.interval = interval;
    chartNote.dataset.seconds = String(seconds);
    chart.timeScale().fitContent();
  }

  /** The newest price moves the current bar (or opens the next one). */
  function grow(q) {
    const { seconds } = INTERVALS[interval];
    const at = Date.parse(q.observedAt) / 1000;
    const time = at - (at % seconds);
    let traded = 0;
    if (typeof q.volume === "number") {
      if (cumulativeVolume !== null && q.volume > cumulativeVolume) traded = q.volume - cumulativeVolume;
      cumulativeVolume = q.volume;
    }
    if (lastBar && time < lastBar.time) return;
    if (!lastBar || time > lastBar.time) lastBar = { time, open: q.price, high: q.price, low: q.price, close: q.price, volume: traded };
    else lastBar = { ...lastBar, high: Math.max(lastBar.high, q.price), low: Math.min(lastBar.low, q.price), close: q.price, volume: lastBar.volume + traded };
    const { volume: v, ...bar } = lastBar;
    candles.update(bar);
    volume.update({ time: lastBar.time, value: v, color: lastBar.close >= lastBar.open ? "#a7f3d0" : "#fecaca" });
  }

  function showQuote(q, animate) {
    if (quote && Date.parse(quote.observedAt) >= Date.parse(q.observedAt)) return;
    const previous = quote;
    quote = { ...(quote ?? {}), ...q };
    const dir = direction(quote.change);
    if (setText(last, fmt.price(quote.price)) && animate && previous) flash(last, quote.price >= previous.price);
    last.dataset.price = String(quote.price);
    setText(move, `${fmt.signed(quote.change)} (${fmt.percentUnits(quote.changePercent)})`, dir);
    setText(updated, `at ${fmt.time(quote.observedAt)}`);
    setText(cards.range, `${fmt.price(quote.low ?? quote.dayLow)} – ${fmt.price(quote.high ?? quote.dayHigh)}`);
    setText(cards.previousClose, fmt.price(quote.previousClose));
    setText(cards.volume, fmt.compact(quote.volume));
  }

  function showStatistics(s) {
    setText(cards.open, fmt.price(s.open ?? s.dayOpen));
    setText(cards.vwap, fmt.price(s.vwap));
    for (const key of ["return1m", "return5m", "return15m", "return1h"]) setText(cards[key], fmt.fraction(s[key]), direction(s[key]));
    setText(cards.volatility1h, typeof s.volatility1h === "number" ? `${(s.volatility1h * 100).toFixed(2)} %` : "—");
    if (typeof s.vwap === "number") {
      if (vwapLine) vwapLine.applyOptions({ price: s.vwap });
      else vwapLine = candles.createPriceLine({ price: s.vwap, color: "#1d4ed8", lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: true, title: "VWAP" });
    }
  }

  async function loadStatistics() {
    const response = await fetch(`/api/symbols/${encodeURIComponent(symbol)}`);
    if (!response.ok) return;
    const s = await response.json();
    showQuote(s, false);
    showStatistics(s);
    if (cumulativeVolume === null && typeof s.volume === "number") cumulativeVolume = s.volume;
  }

  setInterval(loadStatistics, STATS_EVERY_MS);
  return {
    params: new URLSearchParams({ symbols: symbol }),
    handlers: {
      // Each (re)connection: read the bars again, so the chart catches up on what happened meanwhile.
      hello: () => {
        loadStatistics().then(loadBars);
      },
      market: (snapshot) => {
        for (const line of snapshot) showQuote(line.quote, false);
      },
      quotes: (quotes) => {
        for (const q of quotes) {
          if (q.symbol !== symbol) continue;
          showQuote(q, true);
          grow(q);
        }
      },
    },
  };
}
