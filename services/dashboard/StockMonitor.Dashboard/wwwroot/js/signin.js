// Signing in with a bearer token from the organisation's identity provider (the same token the portfolio API
// takes). The dashboard checks it and keeps it in an HttpOnly cookie; this page never stores it.
import { el } from "./format.js";

export function signInPage({ root, session }) {
  const returnUrl = new URLSearchParams(location.search).get("returnUrl");
  const target = returnUrl && returnUrl.startsWith("/") && !returnUrl.startsWith("//") ? returnUrl : "/portfolios";
  const token = el("textarea", { id: "token", name: "token", required: true, spellcheck: "false", autocomplete: "off", placeholder: "eyJhbGciOi…" });
  const problem = el("p", { class: "error", id: "signin-error", role: "alert" });
  const form = el("form", { class: "signin" },
    el("label", { for: "token" }, "Bearer token (scope portfolios:read)"), token, el("button", { type: "submit" }, "Sign in"), problem);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    problem.textContent = "";
    const response = await fetch("/api/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: token.value }) });
    if (response.ok) {
      location.href = target;
      return;
    }
    const details = await response.json().catch(() => ({}));
    problem.textContent = details.errors?.token?.[0] ?? details.detail ?? details.title ?? `Sign-in failed (${response.status}).`;
  });

  root.append(
    el("h1", {}, "Sign in"),
    session.signedIn ? el("p", {}, `Signed in as ${session.subject} until ${new Date(session.expiresAt).toLocaleString()}.`) : null,
    el("p", { class: "muted" }, "Paste a bearer token issued by your organisation's identity provider for StockMonitor. The market page needs no sign-in."),
    session.demoSignIn ? el("p", {}, "On this development machine: ", el("a", { href: `/signin/demo?returnUrl=${encodeURIComponent(target)}`, id: "demo-signin" }, "sign in as demo"), ".") : null,
    form);
  return { params: new URLSearchParams(), handlers: {} };
}
