// Recent alerts of the user's rules, newest first: the last ones recorded when the page opens, then each one as
// it fires (it is also shown as a notification on every page).
import { fmt, el, condition } from "./format.js";

export function alertsPage({ root }) {
  const list = el("ul", { class: "alerts", id: "alerts" }, el("li", { class: "muted" }, "Loading…"));
  root.append(el("h1", {}, "Alerts"), el("p", { class: "muted" }, "Rules fire once per crossing; a rule stays quiet for its cooldown after firing."), list);

  const item = (a, fresh) => el("li", { class: fresh ? "fresh" : "", dataset: { rule: a.ruleId, portfolio: a.portfolioId } },
    el("time", { datetime: a.triggeredAt, title: fmt.dateTime(a.triggeredAt) }, fmt.time(a.triggeredAt)),
    el("strong", {}, a.symbol),
    el("span", {}, `${condition(a.condition, a.threshold)} at ${fmt.price(a.price)}`),
    el("a", { href: `/portfolios/${a.portfolioId}` }, a.portfolioName));

  return {
    params: new URLSearchParams(),
    handlers: {
      alerts: (recent) => {
        list.replaceChildren(...(recent.length ? recent.map((a) => item(a, false)) : [el("li", { class: "muted" }, "No alerts yet.")]));
      },
      alert: (a) => {
        list.querySelector(".muted")?.remove();
        list.prepend(item(a, true));
        while (list.children.length > 100) list.lastElementChild.remove();
      },
    },
  };
}
