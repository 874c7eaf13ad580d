// Entry point: finds the page for the address, asks who is signed in, opens the live connection with what the
// page follows, and keeps the header (connection state, session) and the alert notifications current.
import { LiveConnection } from "./live.js";
import { fmt, el, condition } from "./format.js";
import { marketPage } from "./market.js";
import { symbolPage } from "./symbol.js";
import { portfolioListPage, portfolioPage } from "./portfolio.js";
import { alertsPage } from "./alerts.js";
import { signInPage } from "./signin.js";

const SYMBOL = /^[A-Z0-9.\-^]{1,12}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function route(path) {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { nav: "market", make: marketPage };
  if (parts[0] === "symbols" && parts.length === 2 && SYMBOL.test(parts[1].toUpperCase())) return { nav: "market", make: (ctx) => symbolPage(ctx, parts[1].toUpperCase()) };
  if (parts[0] === "portfolios" && parts.length === 1) return { nav: "portfolios", make: portfolioListPage, signedIn: true };
  if (parts[0] === "portfolios" && parts.length === 2 && GUID.test(parts[1])) return { nav: "portfolios", make: (ctx) => portfolioPage(ctx, parts[1].toLowerCase()), signedIn: true };
  if (parts[0] === "alerts" && parts.length === 1) return { nav: "alerts", make: alertsPage, signedIn: true };
  if (parts[0] === "signin" && parts.length === 1) return { nav: "", make: signInPage };
  return { nav: "", make: notFound };
}

function notFound({ root }) {
  root.append(el("h1", {}, "Not found"), el("p", {}, "No such page. ", el("a", { href: "/" }, "Back to the market.")));
  return { params: new URLSearchParams(), handlers: {} };
}

function showConnection({ state, since }) {
  const badge = document.getElementById("connection");
  badge.dataset.state = state;
  badge.textContent =
    state === "live" ? "Live"
      : state === "stale" ? `Stale since ${fmt.time(since)} · reconnecting`
        : state === "reconnecting" ? "Reconnecting…"
          : "Connecting…";
}

function showSession(session) {
  const box = document.getElementById("session");
  box.replaceChildren();
  if (session.signedIn) {
    const out = el("button", { type: "button" }, "Sign out");
    out.addEventListener("click", async () => {
      await fetch("/api/session", { method: "DELETE" });
      location.href = "/";
    });
    box.append(el("span", {}, `Signed in as ${session.subject} · `), out);
  } else {
    box.append(el("a", { href: `/signin?returnUrl=${encodeURIComponent(location.pathname)}` }, "Sign in"));
  }
}

/** A fired alert, shown for a while in the corner, whatever page is open. */
function toast(alert) {
  const box = document.getElementById("toasts");
  const note = el("div", { class: "toast", role: "alert" },
    el("strong", {}, `${alert.symbol} ${condition(alert.condition, alert.threshold)}`),
    `${fmt.price(alert.price)} at ${fmt.time(alert.observedAt)} · ${alert.portfolioName}`);
  box.prepend(note);
  setTimeout(() => note.remove(), 10000);
  while (box.children.length > 5) box.lastElementChild.remove();
}

async function main() {
  const root = document.getElementById("page");
  const where = route(location.pathname);
  for (const link of document.querySelectorAll("[data-nav]")) {
    link.classList.toggle("current", link.dataset.nav === where.nav);
  }

  const session = await (await fetch("/api/session", { cache: "no-store" })).json();
  showSession(session);
  const page = where.signedIn && !session.signedIn ? signInPrompt(root, session) : where.make({ root, session });
  const params = page.params ?? new URLSearchParams();
  const handlers = { ...page.handlers };
  handlers.alert = (alert) => {
    toast(alert);
    page.handlers?.alert?.(alert);
  };
  handlers.session = (data) => {
    if (data?.state === "expired") {
      showSession({ signedIn: false });
      toast({ symbol: "Session", condition: "expired", threshold: "", price: null, observedAt: Date.now(), portfolioName: "sign in again to see your portfolios" });
    }
  };
  const live = new LiveConnection(params, handlers, showConnection);
  live.start();
}

function signInPrompt(root, session) {
  root.append(
    el("h1", {}, "Sign in to see your portfolios"),
    el("p", { class: "notice" }, "Portfolios and their alerts are shown to their owner only. ",
      el("a", { href: `/signin?returnUrl=${encodeURIComponent(location.pathname)}` }, "Sign in"),
      session.demoSignIn ? [" — or, on this development machine, ", el("a", { href: `/signin/demo?returnUrl=${encodeURIComponent(location.pathname)}` }, "sign in as demo"), "."] : "."));
  return { params: new URLSearchParams(), handlers: {} };
}

main();
