// The user's portfolios: the list, and one portfolio with its holdings valued at live prices, P&L, cash, total
// value and returns since it opened. The figures are the portfolio service's own (FIFO costs, valuation,
// time- and money-weighted returns): the stream brings its newest answer whenever a price of a holding moves
// or something is recorded, and the page only shows them.
import { fmt, el, direction, setText, flash, condition } from "./format.js";

export function portfolioListPage({ root }) {
  const body = el("tbody", { id: "portfolios" });
  const note = el("p", { class: "muted", id: "portfolios-note" }, "Loading your portfolios…");
  root.append(
    el("h1", {}, "Portfolios"),
    note,
    el("table", { class: "grid" },
      el("thead", {}, el("tr", {}, ["Name", "Currency", "Cash", "Total value", "Opened"].map((h, i) => el("th", { class: i < 2 ? "text" : "", scope: "col" }, h)))),
      body));
  return {
    params: new URLSearchParams({ portfolios: "true" }),
    handlers: {
      portfolios: (list) => {
        note.textContent = list.length ? `${list.length} portfolio${list.length === 1 ? "" : "s"}` : "You have no portfolios yet: open one through the portfolio API.";
        body.replaceChildren(...list.map((p) => el("tr", { dataset: { id: p.id } },
          el("td", { class: "text" }, el("a", { href: `/portfolios/${p.id}` }, p.name), p.closedAt ? " (closed)" : ""),
          el("td", { class: "text" }, p.currency),
          el("td", {}, fmt.money(p.cash)),
          el("td", { class: "total" }, fmt.money(p.totalValue)),
          el("td", {}, fmt.dateTime(p.openedAt)))));
      },
    },
  };
}

const HOLDING_COLUMNS = [
  ["symbol", "Symbol"], ["quantity", "Quantity"], ["averageCost", "Avg cost (FIFO)"], ["price", "Price"], ["marketValue", "Market value"],
  ["dayChange", "Day change"], ["unrealizedPnl", "Unrealized P&L"], ["realizedPnl", "Realized P&L"], ["weight", "Weight"],
];

export function portfolioPage({ root }, id) {
  let current = null;
  const title = el("h1", { id: "portfolio-name" }, "Portfolio");
  const subtitle = el("p", { class: "muted", id: "portfolio-meta" }, "Loading…");
  const cards = {};
  const card = (key, label) => el("div", { class: "card" }, el("div", { class: "label" }, label), (cards[key] = el("div", { class: "value", id: `total-${key}` }, "—")));
  const holdings = el("tbody", { id: "holdings" });
  const watchlist = el("ul", { class: "chips", id: "watchlist" });
  const rules = el("ul", { class: "chips", id: "rules" });
  const alerts = el("ul", { class: "alerts", id: "portfolio-alerts" }, el("li", { class: "muted" }, "No alerts yet."));
  root.append(
    el("p", {}, el("a", { href: "/portfolios" }, "← Portfolios")),
    title, subtitle,
    el("div", { class: "cards" },
      card("totalValue", "Total value"), card("cash", "Cash"), card("marketValue", "Market value"), card("dayChange", "Day change"),
      card("unrealizedPnl", "Unrealized P&L"), card("realizedPnl", "Realized P&L"), card("twr", "TWR since opening"), card("mwr", "XIRR since opening")),
    el("h2", {}, "Holdings"),
    el("table", { class: "grid", id: "holdings-table" },
      el("thead", {}, el("tr", {}, HOLDING_COLUMNS.map(([key, label]) => el("th", { class: key === "symbol" ? "text" : "", scope: "col" }, label)))),
      holdings),
    el("h2", {}, "Watchlist"), watchlist,
    el("h2", {}, "Alert rules"), rules,
    el("h2", {}, "Recent alerts"), alerts);

  function show(p) {
    const previous = current;
    current = p;
    document.title = `${p.name} · StockMonitor`;
    setText(title, p.name);
    setText(subtitle, `${p.currency} · opened ${fmt.dateTime(p.openedAt)}${p.closedAt ? ` · closed ${fmt.dateTime(p.closedAt)}` : ""} · version ${p.version}`);
    subtitle.dataset.version = String(p.version);
    const t = p.totals;
    const values = {
      totalValue: [fmt.money(t.totalValue)], cash: [fmt.money(p.cash)], marketValue: [fmt.money(t.marketValue)],
      dayChange: [fmt.signed(t.dayChange), direction(t.dayChange)], unrealizedPnl: [fmt.signed(t.unrealizedPnl), direction(t.unrealizedPnl)],
      realizedPnl: [fmt.signed(t.realizedPnl), direction(t.realizedPnl)],
      twr: [fmt.fraction(p.performance?.timeWeightedReturn), direction(p.performance?.timeWeightedReturn)],
      mwr: [fmt.fraction(p.performance?.moneyWeightedReturn), direction(p.performance?.moneyWeightedReturn)],
    };
    for (const [key, [text, dir]] of Object.entries(values)) {
      if (setText(cards[key], text, dir) && previous) flash(cards[key], (t[key] ?? 0) >= (previous.totals[key] ?? 0));
    }
    cards.totalValue.dataset.value = String(t.totalValue);

    const before = new Map((previous?.holdings ?? []).map((h) => [h.symbol, h]));
    holdings.replaceChildren(...p.holdings.map((h) => {
      const old = before.get(h.symbol);
      const row = el("tr", { dataset: { symbol: h.symbol } },
        el("td", { class: "text symbol" }, el("a", { href: `/symbols/${encodeURIComponent(h.symbol)}` }, h.symbol)),
        el("td", { class: "quantity" }, fmt.quantity(h.quantity)),
        el("td", {}, fmt.price(h.averageCost)),
        el("td", { class: "price", title: `${h.priceSource === "live" ? "live price" : "last trade"} at ${fmt.time(h.priceObservedAt)}` }, fmt.price(h.price)),
        el("td", { class: "market-value" }, fmt.money(h.marketValue)),
        el("td", { class: direction(h.dayChange) }, fmt.signed(h.dayChange)),
        el("td", { class: direction(h.unrealizedPnl) }, `${fmt.signed(h.unrealizedPnl)}${h.openCost ? ` (${fmt.fraction(h.unrealizedPnl / h.openCost)})` : ""}`),
        el("td", { class: direction(h.realizedPnl) }, fmt.signed(h.realizedPnl)),
        el("td", {}, `${(h.weight * 100).toFixed(1)} %`));
      if (old && old.price !== h.price) flash(row.querySelector(".price"), h.price >= old.price);
      return row;
    }));
    if (p.holdings.length === 0) holdings.append(el("tr", {}, el("td", { class: "text muted", colspan: String(HOLDING_COLUMNS.length) }, "Nothing held yet.")));
    watchlist.replaceChildren(...(p.watchlist.length ? p.watchlist.map((s) => el("li", {}, el("a", { href: `/symbols/${encodeURIComponent(s)}` }, s))) : [el("li", { class: "muted" }, "Empty")]));
    rules.replaceChildren(...(p.alertRules.length
      ? p.alertRules.map((r) => el("li", { dataset: { rule: r.ruleId } }, `${r.symbol} ${condition(r.condition, r.threshold)}${r.windowMinutes ? ` in ${r.windowMinutes} min` : ""}`))
      : [el("li", { class: "muted" }, "None")]));
  }

  function addAlerts(list, fresh) {
    const mine = list.filter((a) => a.portfolioId === id);
    if (mine.length === 0) return;
    alerts.querySelector(".muted")?.remove();
    for (const a of fresh ? mine : mine.slice().reverse()) {
      const item = el("li", { class: fresh ? "fresh" : "", dataset: { rule: a.ruleId } },
        el("time", { datetime: a.triggeredAt }, fmt.time(a.triggeredAt)),
        el("span", {}, `${a.symbol} ${condition(a.condition, a.threshold)} at ${fmt.price(a.price)}`));
      alerts.prepend(item);
    }
    while (alerts.children.length > 50) alerts.lastElementChild.remove();
  }

  return {
    params: new URLSearchParams({ portfolio: id }),
    handlers: {
      portfolio: show,
      "portfolio-missing": () => {
        root.replaceChildren(el("h1", {}, "Portfolio not found"), el("p", {}, "There is no portfolio with this id among yours. ", el("a", { href: "/portfolios" }, "Your portfolios.")));
      },
      alerts: (list) => {
        alerts.replaceChildren(el("li", { class: "muted" }, "No alerts yet."));
        addAlerts(list, false);
      },
      alert: (a) => addAlerts([a], true),
    },
  };
}
