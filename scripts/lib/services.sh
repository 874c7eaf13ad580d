# shellcheck shell=bash
# shellcheck disable=SC2034,SC2004 # globals are shared between the files sourced by ./stockmonitor
# The .NET side: build, provisioning and the services.
#
#   dotnet_build_solution       dotnet build <solution> -c Release -nologo -v q
#   run_provisioning            dotnet tools/StockMonitor.Provision/.../StockMonitor.Provision.dll
#   services_start_all BRIDGES  copy build output to .stockmonitor/<stack>/app/, start
#   services_wait_all           wait for GET /health = 200 on each
#   services_stop_all           stop every service of the stack
#
# These fail with a clear message while the .NET projects do not exist yet.

SM_BUILD_CONFIGURATION=Release
SM_TARGET_FRAMEWORK=net10.0

# The services, in start order: NAME|PROJECT DIR|ASSEMBLY|DEV PORT.
# Test-stack ports are +1000. Bridge instance k (k >= 2) is named bridge-k
# and listens on the bridge port + 10*(k-1).
SM_SERVICE_TABLE=(
  "portfolio|services/portfolio/StockMonitor.Portfolio|StockMonitor.Portfolio|18081"
  "pricing|services/pricing/StockMonitor.Pricing|StockMonitor.Pricing|18082"
  "ingestion|services/ingestion/StockMonitor.Ingestion|StockMonitor.Ingestion|18083"
  "bridge|services/ingestion/StockMonitor.Bridge|StockMonitor.Bridge|18084"
  "archive|services/archive/StockMonitor.Archive|StockMonitor.Archive|18085"
  "dashboard|services/dashboard/StockMonitor.Dashboard|StockMonitor.Dashboard|18080"
)
SM_BRIDGE_PORT_STEP=10

SM_PROVISION_DLL="tools/StockMonitor.Provision/bin/$SM_BUILD_CONFIGURATION/$SM_TARGET_FRAMEWORK/StockMonitor.Provision.dll"
SM_TOKEN_PROJECT="tools/StockMonitor.Token/StockMonitor.Token.csproj"
SM_TOKEN_DLL="tools/StockMonitor.Token/bin/$SM_BUILD_CONFIGURATION/$SM_TARGET_FRAMEWORK/StockMonitor.Token.dll"
# The demo portfolio the portfolio service seeds when `up` starts it (Demo__Seed=true).
SM_DEMO_PORTFOLIO_ID="00000000-0000-4000-8000-00000000de70"

service_names() { local r; for r in "${SM_SERVICE_TABLE[@]}"; do echo "${r%%|*}"; done; }

service_row() { # NAME (bridge-N -> bridge row)
  local base=${1%%-[0-9]*} r
  for r in "${SM_SERVICE_TABLE[@]}"; do
    [[ ${r%%|*} == "$base" ]] && { echo "$r"; return 0; }
  done
  return 1
}

# service_port NAME -> port in the current stack (bridge-3 -> 18104 in dev)
service_port() {
  local row k=1 port
  row=$(service_row "$1") || return 1
  port=$(($(cut -d'|' -f4 <<<"$row") + SM_OFFSET))
  [[ $1 =~ ^bridge-([0-9]+)$ ]] && k=${BASH_REMATCH[1]}
  echo $((port + (k - 1) * SM_BRIDGE_PORT_STEP))
}

# Instance names for a bridge count: bridge bridge-2 … bridge-N
service_instances() {
  local bridges=$1 n k
  for n in $(service_names); do
    if [[ $n == bridge ]]; then
      echo bridge
      for ((k = 2; k <= bridges; k++)); do echo "bridge-$k"; done
    else
      echo "$n"
    fi
  done
}

# Service names that have a pid file in the current stack (any bridge count).
services_with_pidfiles() {
  local f n
  for f in "$SM_STACK_DIR"/pids/*.pid; do
    [[ -e $f ]] || continue
    n=$(basename "$f" .pid)
    service_row "$n" >/dev/null 2>&1 && echo "$n"
  done
}

# StockMonitor.sln (or the .slnx that `dotnet new sln` makes in .NET 10).
solution_file() {
  local f
  for f in StockMonitor.sln StockMonitor.slnx; do
    [[ -f $SM_ROOT/$f ]] && { echo "$f"; return 0; }
  done
  die "StockMonitor.sln not found in $SM_ROOT: the .NET solution does not exist yet" \
    "'./stockmonitor up --servers-only' starts the servers without it"
}

dotnet_build_solution() {
  require_dotnet
  local sln t0
  sln=$(solution_file)
  say "building $sln ($SM_BUILD_CONFIGURATION)…"
  t0=$(now_ms)
  (cd "$SM_ROOT" && dotnet build "$sln" -c "$SM_BUILD_CONFIGURATION" -nologo -v q) ||
    die "dotnet build failed (errors above)"
  detail "built in $(since "$t0")"
}

# Creates the stream, tables, bucket and database the services need
# (idempotent), with the stack environment exported.
run_provisioning() {
  require_dotnet
  local t0
  [[ -f $SM_ROOT/$SM_PROVISION_DLL ]] ||
    die "$SM_PROVISION_DLL not found: the provisioning tool is not built (or does not exist yet)" \
      "build it: ./stockmonitor up (without --no-build)"
  say "provisioning the $SM_STACK stack (streams, tables, bucket, database)…"
  t0=$(now_ms)
  (cd "$SM_ROOT" && stack_export_env && dotnet "$SM_PROVISION_DLL") ||
    die "provisioning failed (output above)"
  detail "provisioned in $(since "$t0")"
}

service_healthy() { http_ok "http://127.0.0.1:$(service_port "$1")/health"; }

# service_start NAME: copies the build output to app/NAME (so a later build
# never overwrites the binaries of a running process) and starts it.
service_start() {
  local name=$1 row project asm port src app pid
  row=$(service_row "$name")
  project=$(cut -d'|' -f2 <<<"$row")
  asm=$(cut -d'|' -f3 <<<"$row")
  port=$(service_port "$name")
  if pid=$(pid_of "$name"); then
    if service_healthy "$name"; then
      say "$name already running (pid $pid, port $port)"
      SM_ALREADY[$name]=1
      SM_KEPT_RUNNING=1
    else
      say "$name is running (pid $pid) but not healthy yet"
      SM_T0[$name]=$(now_ms)
    fi
    return 0
  fi
  pid_clean_stale "$name"
  src="$SM_ROOT/$project/bin/$SM_BUILD_CONFIGURATION/$SM_TARGET_FRAMEWORK"
  [[ -f $src/$asm.dll ]] ||
    die "$project/bin/$SM_BUILD_CONFIGURATION/$SM_TARGET_FRAMEWORK/$asm.dll not found: $name is not built (or does not exist yet)" \
      "build it: ./stockmonitor up (without --no-build)"
  require_port_free "$name" "$port"
  app="$SM_STACK_DIR/app/$name"
  rm -rf "$app"
  mkdir -p "$(dirname "$app")"
  cp -a "$src" "$app"
  say "starting $name (port $port)…"
  SM_T0[$name]=$(now_ms)
  local -a extra=()
  [[ $name != bridge* ]] || extra+=("Bridge__InstanceId=$name")
  # The portfolio reads latest prices and hour bars from pricing's API (it starts
  # first: until pricing answers it values at trade prices and retries).
  [[ $name != portfolio ]] || extra+=("Demo__Seed=${Demo__Seed:-true}" "PricingApi__BaseUrl=http://127.0.0.1:$(service_port pricing)")
  # The stack environment is exported by the caller; everything else the
  # user set in their environment is passed through.
  spawn "$name" "$port" service "$app" env \
    "ASPNETCORE_URLS=http://127.0.0.1:$port" \
    DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development \
    "${extra[@]}" dotnet "$app/$asm.dll"
}

services_start_all() {
  local bridges=$1 n
  require_dotnet
  stack_export_env
  SM_KEPT_RUNNING=''
  for n in $(service_instances "$bridges"); do
    service_start "$n"
  done
  if [[ -n $SM_KEPT_RUNNING ]]; then
    detail "(running services keep their binaries; to restart them on a new build: ./stockmonitor down$(stack_flag) && ./stockmonitor up)"
  fi
}

services_wait_all() {
  local bridges=$1 n
  local -a checks=()
  for n in $(service_instances "$bridges"); do
    [[ -n ${SM_ALREADY[$n]:-} ]] || checks+=("$n:service_healthy")
  done
  ((${#checks[@]})) || return 0
  say "waiting for GET /health = 200…"
  wait_all 120 "${checks[@]}"
}

services_stop_all() {
  local -a names
  mapfile -t names < <(services_with_pidfiles)
  ((${#names[@]} == 0)) || stop_processes TERM "${names[@]}"
}
