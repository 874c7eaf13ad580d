# shellcheck shell=bash
# shellcheck disable=SC2034 # globals are shared between the files sourced by ./stockmonitor
# Installing what is missing: Debian packages (postgresql, rabbitmq-server,
# curl), the npm emulators, and checks for node/npm/dotnet (not installed
# by us).

SM_EMULATORS_DIR="$SM_ROOT/scripts/emulators"
SM_RABBITMQ_BIN=/usr/lib/rabbitmq/bin
SM_CHROMIUM=/usr/bin/chromium
SM_DASHBOARD_DIR="$SM_ROOT/services/dashboard/StockMonitor.Dashboard"

# Newest PostgreSQL bin dir, e.g. /usr/lib/postgresql/15/bin; empty if none.
pg_newest_bindir() {
  local d best='' v bestv=0
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/initdb && -x $d/pg_ctl ]] || continue
    v=${d#/usr/lib/postgresql/}
    v=${v%%/*}
    [[ $v =~ ^[0-9]+$ ]] || continue
    if ((v > bestv)); then bestv=$v best=$d; fi
  done
  echo "$best"
}

as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "installing packages needs root, and sudo is not available" \
      "run as root once:  apt-get update && apt-get install -y postgresql rabbitmq-server curl"
  fi
}

# ensure_apt_packages [WITH_BROWSER]: WITH_BROWSER=1 also needs Chromium (the
# browser tests and the dashboard benchmark drive it with Playwright).
ensure_apt_packages() {
  local with_browser=${1:-0} missing=()
  [[ -n $(pg_newest_bindir) ]] || missing+=(postgresql)
  [[ -x $SM_RABBITMQ_BIN/rabbitmq-server ]] || missing+=(rabbitmq-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  ((with_browser == 0)) || [[ -x $SM_CHROMIUM ]] || missing+=(chromium)
  ((${#missing[@]})) || return 0
  command -v apt-get >/dev/null 2>&1 ||
    die "missing: ${missing[*]}, and this machine has no apt-get" "install them with your package manager"
  local t0
  t0=$(now_ms)
  say "installing ${missing[*]} with apt (takes about a minute)…"
  local log="$SM_ROOT/.stockmonitor/apt.log"
  if ! as_root apt-get update >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "apt-get update failed (end of $log above)" "run it by hand to see why: apt-get update"
  fi
  # Debian's postinst scripts may start system-wide servers (postgres on
  # 5432, rabbitmq on 5672) where an init system allows it; our stacks use
  # their own ports and data and never depend on them.
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "apt-get install ${missing[*]} failed (end of $log above)" \
      "run it by hand to see why: apt-get install -y ${missing[*]}"
  fi
  detail "installed in $(since "$t0")"
  [[ -n $(pg_newest_bindir) ]] || die "postgresql was installed but no /usr/lib/postgresql/*/bin/initdb was found"
  [[ -x $SM_RABBITMQ_BIN/rabbitmq-server ]] || die "rabbitmq-server was installed but $SM_RABBITMQ_BIN/rabbitmq-server was not found"
  ((with_browser == 0)) || [[ -x $SM_CHROMIUM ]] || die "chromium was installed but $SM_CHROMIUM was not found"
}

# kubectl renders the Kubernetes overlays in the deployment tests (it bundles kustomize). Debian itself does not
# package it (bookworm's kubernetes-client 1.20 has a kustomize too old for replacements); apt finds it where the
# Kubernetes or Google Cloud SDK repository is configured. Only the tests need it, so a failed install warns and
# goes on: those tests then fail and say how to get it.
ensure_kubectl() {
  command -v kubectl >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || { warn "kubectl is missing and this machine has no apt-get: the Kubernetes render tests will fail"; return 0; }
  say "installing kubectl with apt…"
  local log="$SM_ROOT/.stockmonitor/apt.log"
  if as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends kubectl >>"$log" 2>&1 ||
    { as_root apt-get update >>"$log" 2>&1 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends kubectl >>"$log" 2>&1; }; then
    detail "installed $(kubectl version --client 2>/dev/null | head -n 1)"
  else
    warn "apt could not install kubectl (no configured repository has it; see $log): the Kubernetes render tests will fail." \
      "Add the Kubernetes apt repository (https://pkgs.k8s.io) or install kubectl 1.27+ by hand."
  fi
}

require_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
  die "node and npm are needed for the local AWS emulators (kinesalite, dynalite, s3rver), but $(command -v node >/dev/null 2>&1 && echo npm || echo node) is not on PATH" \
    "on Debian: apt-get install -y nodejs npm   (Node 18 or newer)"
}

require_dotnet() {
  command -v dotnet >/dev/null 2>&1 && return 0
  die "the .NET SDK (dotnet) is not on PATH; it is needed to build and run the services and tests" \
    "install the .NET 10 SDK: https://learn.microsoft.com/dotnet/core/install/linux-debian" \
    "(./stockmonitor does not install it; 'up --servers-only' works without it)"
}

# npm ci when node_modules is missing or package-lock.json is newer than
# the copy npm keeps of it after an install.
ensure_npm_emulators() {
  require_node
  local lock="$SM_EMULATORS_DIR/package-lock.json" installed="$SM_EMULATORS_DIR/node_modules/.package-lock.json"
  [[ -f $lock ]] || die "$lock is missing" "restore it from git: git checkout -- scripts/emulators/package-lock.json"
  if [[ -f $installed && ! $lock -nt $installed ]]; then
    return 0
  fi
  local t0
  t0=$(now_ms)
  say "installing the AWS emulators (npm ci in scripts/emulators)…"
  if ! (cd "$SM_EMULATORS_DIR" && npm ci --no-audit --no-fund --loglevel=error >"$SM_ROOT/.stockmonitor/npm-ci.log" 2>&1); then
    cat "$SM_ROOT/.stockmonitor/npm-ci.log" >&2
    die "npm ci in scripts/emulators failed (output above)" "retry by hand: cd scripts/emulators && npm ci"
  fi
  detail "installed in $(since "$t0")"
}

# The dashboard's front-end packages (the charting library), pinned by its
# package-lock.json; the build copies them into its wwwroot/lib.
ensure_npm_dashboard() {
  local lock="$SM_DASHBOARD_DIR/package-lock.json" installed="$SM_DASHBOARD_DIR/node_modules/.package-lock.json"
  [[ -f $lock ]] || return 0
  if [[ -f $installed && ! $lock -nt $installed ]]; then
    return 0
  fi
  local t0
  t0=$(now_ms)
  say "installing the dashboard's front-end packages (npm ci in services/dashboard/StockMonitor.Dashboard)…"
  if ! (cd "$SM_DASHBOARD_DIR" && npm ci --no-audit --no-fund --loglevel=error >"$SM_ROOT/.stockmonitor/npm-ci-dashboard.log" 2>&1); then
    cat "$SM_ROOT/.stockmonitor/npm-ci-dashboard.log" >&2
    die "npm ci in services/dashboard/StockMonitor.Dashboard failed (output above)" "retry by hand: cd services/dashboard/StockMonitor.Dashboard && npm ci"
  fi
  detail "installed in $(since "$t0")"
}

# Everything the servers need. WITH_DOTNET=1 also requires dotnet (and the
# dashboard's npm packages, which its build copies); WITH_BROWSER=1 also
# installs Chromium.
ensure_prerequisites() {
  local with_dotnet=$1 with_browser=${2:-0}
  mkdir -p "$SM_ROOT/.stockmonitor"
  require_node
  ((with_dotnet == 0)) || require_dotnet
  ensure_apt_packages "$with_browser"
  ((with_browser == 0)) || ensure_kubectl
  ensure_npm_emulators
  ((with_dotnet == 0)) || ensure_npm_dashboard
}
