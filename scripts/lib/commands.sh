# shellcheck shell=bash
# shellcheck disable=SC2034 # globals are shared between the files sourced by ./stockmonitor
# The subcommands of ./stockmonitor and their help texts.

usage_main() {
  cat <<'EOF'
Usage: ./stockmonitor COMMAND [OPTIONS]

Runs StockMonitor locally: PostgreSQL, RabbitMQ and AWS emulators (Kinesis,
DynamoDB, S3) on 127.0.0.1, plus the .NET services. State lives in
.stockmonitor/dev/ (the "dev" stack) and .stockmonitor/test/ (the "test" stack,
ports +1000), so tests never disturb a running dev system.

Commands:
  up       install what is missing, start servers, provision, build and start the services
  down     stop everything `up` started (services, then servers)
  status   one line per process: pid, port, state, health
  logs     show (or follow) the log of one process
  env      print `export` lines for the stack: eval "$(./stockmonitor env)"
  test     start a fresh test stack, build, run `dotnet test`, stop the test stack
  bench    start a fresh test stack, build, run the benchmarks in bench/, stop it
  token    print a bearer token for the portfolio API: curl -H "Authorization: Bearer $(./stockmonitor token)"
  sql      run SQL over the S3 lake's `quotes` table (DuckDB, as Athena sees it): ./stockmonitor sql "SELECT …"
  errors   list the bus's faulted messages per error queue with their reason; --requeue QUEUE replays them
  chaos    the fault suite, longer: kill -9 and restart each service and server in turn, per-fault table
  synth    synthesize the AWS CDK app (infra/) into CloudFormation templates in infra/cdk.out/ (offline)
  eks-env  turn the outputs of `cdk deploy --all --outputs-file F` into k8s/overlays/eks/aws.env

Run ./stockmonitor COMMAND --help for the options of a command.
EOF
}

usage_up() {
  cat <<'EOF'
Usage: ./stockmonitor up [--no-build] [--bridges N] [--servers-only] [--stack NAME]

Installs what is missing (apt: postgresql, rabbitmq-server; npm: emulators and
the dashboard's charting library), starts the dev-stack servers, waits until they answer, creates the database,
builds the solution, runs provisioning, starts the services and waits until
each answers GET /health with 200. Safe to re-run: what runs is left alone;
what died is started again (after stopping what it left running).

Options:
  --no-build       do not run `dotnet build` (use the binaries already built)
  --bridges N      start N bridge instances: bridge, bridge-2, … (ports 18084, 18094, …)
  --servers-only   stop after the servers are healthy and the database exists
                   (no .NET needed)
  --stack NAME     another stack than dev: its own data (.stockmonitor/NAME/)
                   and ports = dev ports + STOCKMONITOR_PORT_OFFSET (required the
                   first time, then remembered), e.g.
                   STOCKMONITOR_PORT_OFFSET=5000 ./stockmonitor up --stack mine
EOF
}

usage_down() {
  cat <<'EOF'
Usage: ./stockmonitor down [--stack NAME]

Stops every process `up` started: services first, then servers (TERM, up to
15 s, then KILL), then whatever they started (beam.smp, postgres children, …,
also of a server that crashed or was killed) and RabbitMQ's epmd. Data is kept.

Options:
  --stack NAME       which stack (default dev; test = one kept by `test --keep`)
EOF
}

usage_status() {
  cat <<'EOF'
Usage: ./stockmonitor status [--stack NAME]

One line per server and service: name, PID, port, state and health
(healthy/unhealthy/-). STATE is running, stopped, or crashed: the process
`up` started is gone but left processes running (listed; e.g. beam.smp after
a kill of rabbitmq-server): `up` stops them and starts it again, `down` stops
them. Always exits 0.

Options:
  --stack NAME       which stack (default dev)
EOF
}

usage_logs() {
  cat <<'EOF'
Usage: ./stockmonitor logs NAME [-f] [-n LINES] [--stack NAME]

Shows the last lines of the log of one process (.stockmonitor/<stack>/logs/NAME.log).

Options:
  -f, --follow       keep following the log
  -n, --lines N      how many lines (default 100)
  --stack NAME       which stack (default dev)
EOF
}

usage_env() {
  cat <<'EOF'
Usage: ./stockmonitor env [--stack NAME]

Prints the environment of a stack as `export NAME='value'` lines, so that
    eval "$(./stockmonitor env)"
points the AWS CLI, boto3 and the .NET code at the local servers.

Options:
  --stack NAME       which stack (default dev)
EOF
}

usage_token() {
  cat <<'EOF'
Usage: ./stockmonitor token [--subject NAME] [--scope SCOPE ...] [--hours N]

Prints only a bearer token (HS256) for the portfolio API of the local stack on
stdout, signed with the development key and the issuer stockmonitor-local,
which the services accept only in Development (as `up` runs them). Refuses
(exit 3, saying why) when Auth__SigningKey or Auth__Issuer is set to anything
else: a deployment's tokens come from its identity provider. Builds the small
token tool first if needed (its output goes to stderr).

Options:
  --subject NAME   who the token speaks for (default: demo, the owner of the
                   demo portfolio); a portfolio belongs to the subject that opened it
  --scope SCOPE    portfolios:read or portfolios:write; repeat for both
                   (default: both)
  --hours N        lifetime (default 12)

Example:
  curl -H "Authorization: Bearer $(./stockmonitor token)" http://127.0.0.1:18081/api/portfolios
EOF
}

usage_bench() {
  cat <<'EOF'
Usage: ./stockmonitor bench [SCENARIO...] [--records N] [--symbols N] [--rounds N]
                           [--trades N] [--portfolios N] [--seconds N]

Starts a fresh test stack (ports +1000, like `test`), builds, runs the
benchmarks in bench/StockMonitor.Bench and stops the stack. Each scenario
measures the project's path and the raw operation of the same server in the
same run and prints Markdown for docs/benchmarks.md. Scenarios: producer,
bridge, pricing, pipeline (stream → bars, latest prices and lake, beside the
per-record design), portfolio, dashboard (tick → browser in headless
Chromium), all (default). --records/--symbols size producer, bridge, pricing
and pipeline; --trades/--portfolios/--seconds size portfolio (trade commands per
round, portfolios, seconds of the 100 requests/s latency run). Run it on an
otherwise idle machine: the figures are only as quiet as the two cores they
share.
EOF
}

usage_test() {
  cat <<'EOF'
Usage: ./stockmonitor test [--filter EXPR] [--keep] [--servers-only] [-- DOTNET TEST ARGS...]

Installs what is missing (as `up` does, and Chromium for the browser tests),
wipes and starts the test-stack servers (ports +1000, .stockmonitor/test/), builds the solution (Release) and runs
`dotnet test` with the test-stack environment, STOCKMONITOR_TEST_STACK=1 and
STOCKMONITOR_BUILD_CONFIGURATION=Release. Stops the test stack at the end.
Exits with dotnet test's exit code.

Options:
  --filter EXPR    passed to dotnet test --filter
  --keep           leave the test-stack servers running afterwards
                   (stop them with ./stockmonitor down --stack test)
  --servers-only   only start the test-stack servers (with --keep: leave them up)
  -- ARGS...       extra arguments for dotnet test
EOF
}

usage_errors() {
  cat <<'EOF'
Usage: ./stockmonitor errors [--stack dev|test] [--requeue QUEUE]

Without options: every *_error queue of the stack's RabbitMQ that holds messages (what a consumer could
not handle after its retries), each message with its id, type, time and fault reason (MassTransit's
MT-Fault-* headers). The messages stay where they are.

--requeue QUEUE   move the messages of QUEUE_error (QUEUE may be given with or without _error) back to
                  QUEUE, without their fault headers; refused when QUEUE no longer exists (a per-instance
                  queue of a stopped service)
--stack test      the test stack instead of the dev stack
EOF
}

usage_chaos() {
  cat <<'EOF'
Usage: ./stockmonitor chaos [--rounds N] [--report FILE] [--no-build]

Runs the fault suite (the test category Faults of tests/StockMonitor.EndToEnd.Tests,
also part of `./stockmonitor test`) for N rounds: on servers of its own (RabbitMQ,
PostgreSQL, kinesalite, dynalite, s3rver on free ports, data on disk in a temporary
folder; neither the dev nor the test stack is touched) it starts every service,
puts 2,000 known quotes per fault into Kinesis and records portfolio commands over
HTTP, and kills with SIGKILL, then restarts 2 s later, each service and each server
in turn. After each fault it checks bars, latest prices, lake, acknowledged commands,
processes and /health, and writes the per-fault table (time to recover, lost,
duplicated; the format of docs/reliability.md). Exits 1 when a fault did not recover
exactly. A round takes about 5 minutes.

Options:
  --rounds N     how many times to go through all the faults (default 3)
  --report FILE  where to write the table (default .stockmonitor/chaos/report-<UTC time>.md)
  --no-build     do not build the services and the suite first (Release)
EOF
}

usage_sql() {
  cat <<'EOF'
Usage: ./stockmonitor sql [--format table|csv|json] [--stack dev|test | --aws]
                          [--bucket NAME] [--cache DIR] [--quiet] "SQL"

Runs one SQL query (DuckDB's dialect) over the lake's table `quotes` as Athena
sees it: the columns of the archive's Parquet files (decimals, UTC timestamps),
then `dt` (VARCHAR 'yyyy-MM-dd', the day partition). The objects are read
through the S3 API (the stack's s3rver, or AWS with --aws) and cached locally
by key and ETag. Only the partitions a `dt` filter of the WHERE clause needs
are read (=, IN, BETWEEN, <, <=, >, >= with string literals, AND-ed); without
one, every partition. Progress goes to stderr when many objects are read.
SQL "-" reads the query from stdin. Builds the small sql tool first if needed.

Options:
  --format F         table (default, aligned), csv, or json (an array of objects)
  --stack dev|test   which local stack's S3 (default dev)
  --aws              your own AWS environment (AWS_* variables, profile, role)
                     instead of a local stack; cache in ~/.cache/stockmonitor/lake
  --bucket NAME      the lake bucket (default: $Resources__LakeBucket, else stockmonitor-lake)
  --cache DIR        where objects are cached (default .stockmonitor/<stack>/lake-cache)
  --quiet            no progress on stderr

Examples:
  ./stockmonitor sql "SELECT symbol, count(*) FROM quotes GROUP BY symbol"
  ./stockmonitor sql --format csv "SELECT * FROM quotes WHERE dt = '2026-12-06' LIMIT 10"

Exit codes: 0 done; 1 the query failed (DuckDB's message) or the lake could
not be read; 2 usage error.
EOF
}

# Parses a --stack value: dev, test or the name of a stack of your own
# (lower-case letters, digits and '-'; its ports: see stack_custom_offset).
parse_stack() {
  [[ ${1:-} =~ ^[a-z][a-z0-9-]{0,31}$ ]] ||
    die "--stack needs dev, test or a name of lower-case letters, digits and '-', not '${1:-}'"
  echo "$1"
}

need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value" "see ./stockmonitor ${SM_CMD:-} --help"; }

unknown_option() { die "unknown option '$1' for '$SM_CMD'" "see ./stockmonitor $SM_CMD --help"; }

# =================================================================== up ===
cmd_up() {
  local build=1 bridges=1 servers_only=0 t0 stack=dev
  while (($#)); do
    case "$1" in
      -h | --help) usage_up; return 0 ;;
      --no-build) build=0 ;;
      --bridges)
        need_value "$@"
        [[ $2 =~ ^[1-9][0-9]*$ ]] || die "--bridges needs a positive number, not '$2'"
        bridges=$2
        shift
        ;;
      --bridges=*) bridges=${1#*=}; [[ $bridges =~ ^[1-9][0-9]*$ ]] || die "--bridges needs a positive number" ;;
      --servers-only) servers_only=1 ;;
      --stack) need_value "$@"; stack=$(parse_stack "$2"); shift ;;
      --stack=*) stack=$(parse_stack "${1#*=}") ;;
      *) unknown_option "$1" ;;
    esac
    shift
  done
  t0=$(now_ms)
  stack_init "$stack"
  ensure_prerequisites $((1 - servers_only))
  servers_start_all
  servers_wait_all
  postgres_ensure_database
  if ((servers_only)); then
    say "servers up in $(since "$t0")"
    print_summary 0
    return 0
  fi
  ((build == 0)) || dotnet_build_solution
  run_provisioning
  services_start_all "$bridges"
  services_wait_all "$bridges"
  say "up in $(since "$t0")"
  print_summary "$bridges"
}

# ================================================================= down ===
cmd_down() {
  local stack=dev
  while (($#)); do
    case "$1" in
      -h | --help) usage_down; return 0 ;;
      --stack) need_value "$@"; stack=$(parse_stack "$2"); shift ;;
      --stack=*) stack=$(parse_stack "${1#*=}") ;;
      *) unknown_option "$1" ;;
    esac
    shift
  done
  stack_init "$stack"
  stack_stop
}

# Stops everything of the current stack: services, then servers, then any
# other process that one of them started (found by its mark, see owner_mark)
# and our epmd.
stack_stop() {
  local t0
  local -a rest
  t0=$(now_ms)
  mapfile -t rest < <(owned_pids '')
  if ! compgen -G "$SM_STACK_DIR/pids/*.pid" >/dev/null && ((${#rest[@]} == 0)); then
    # nothing recorded; still make sure our epmd is not left behind
    epmd_stop
    say "nothing of the $SM_STACK stack is running"
    return 0
  fi
  say "stopping the $SM_STACK stack…"
  services_stop_all
  servers_stop_all
  mapfile -t rest < <(owned_pids '')
  if ((${#rest[@]})); then
    detail "stopping the rest of the stack: $(describe_pids "${rest[@]}")"
    reap_owned '' "$SM_STOP_TIMEOUT" || true
  fi
  epmd_stop
  say "$SM_STACK stack stopped in $(since "$t0")"
}

# =============================================================== status ===
cmd_status() {
  local stack=dev
  while (($#)); do
    case "$1" in
      -h | --help) usage_status; return 0 ;;
      --stack) need_value "$@"; stack=$(parse_stack "$2"); shift ;;
      --stack=*) stack=$(parse_stack "${1#*=}") ;;
      *) unknown_option "$1" ;;
    esac
    shift
  done
  stack_init "$stack"
  printf '%s%-12s %-8s %-6s %-8s %-10s%s\n' "$SM_C_BOLD" NAME PID PORT STATE HEALTH "$SM_C_OFF"
  local n
  for n in "${SM_SERVERS[@]}"; do status_line "$n" "$(server_port "$n")" server_healthy; done
  # bridge, bridge-2 … as many as have pid files
  local bridges=1 k
  for n in $(services_with_pidfiles); do
    [[ $n =~ ^bridge-([0-9]+)$ ]] && k=${BASH_REMATCH[1]} && ((k > bridges)) && bridges=$k
  done
  for n in $(service_instances "$bridges"); do status_line "$n" "$(service_port "$n")" service_healthy; done
  return 0
}

# STATE: running (the process we started is alive), crashed (it is gone but
# left processes running, e.g. beam.smp: `up` stops them and starts it again,
# `down` stops them) or stopped.
status_line() { # NAME PORT HEALTH_FN
  local name=$1 port=$2 fn=$3 pid state=stopped health=- extra=''
  local -a left
  if pid=$(pid_of "$name"); then
    state=running
    if "$fn" "$name" >/dev/null 2>&1; then health=healthy; else health=unhealthy; fi
  else
    pid=-
    mapfile -t left < <(leftovers "$name")
    if ((${#left[@]})); then
      state=crashed
      if "$fn" "$name" >/dev/null 2>&1; then health=healthy; else health=unhealthy; fi
      extra="left running: $(describe_pids "${left[@]}") (up restarts it, down stops them)"
    elif port_open "$port"; then
      extra="(port $port is in use by a process that is not of this stack)"
    fi
  fi
  if [[ $state == running && $name == bridge* ]]; then extra=$(status_bridge_extra "$port"); fi
  local color=''
  [[ $health == healthy ]] && color=$SM_C_GREEN
  [[ $health == unhealthy ]] && color=$SM_C_RED
  [[ $state == stopped ]] && color=$SM_C_DIM
  [[ $state == crashed ]] && color=$SM_C_RED
  printf '%s%-12s %-8s %-6s %-8s %-10s%s%s\n' "$color" "$name" "$pid" "$port" "$state" "$health" "${extra:+ $extra}" "$SM_C_OFF"
}

# Per-bridge "shards held" column: what GET /bridge/shards answers (the shard
# ids this instance reads, space-separated), shortened to their numbers.
status_bridge_extra() {
  local port=$1 body
  body=$(curl -sf --max-time 1 "http://127.0.0.1:$port/bridge/shards" 2>/dev/null) || return 0
  body=$(sed -E 's/shardId-0*([0-9])/\1/g' <<<"$body")
  printf 'shards: %s' "${body:-none}"
}

# Summary after `up`: a table and where to look.
print_summary() {
  local bridges=$1 n pid port health
  echo
  printf '%s%-12s %-8s %-6s %-10s %s%s\n' "$SM_C_BOLD" NAME PID PORT HEALTH URL "$SM_C_OFF"
  for n in "${SM_SERVERS[@]}"; do
    pid=$(pid_of "$n" || echo -)
    port=$(server_port "$n")
    if server_healthy "$n" >/dev/null 2>&1; then health=healthy; else health=unhealthy; fi
    case "$n" in
      postgres) url="postgres://stockmonitor@127.0.0.1:$port/stockmonitor" ;;
      rabbitmq) url="amqp://guest:guest@127.0.0.1:$port/" ;;
      *) url="http://127.0.0.1:$port" ;;
    esac
    printf '%-12s %-8s %-6s %-10s %s\n' "$n" "$pid" "$port" "$health" "$url"
  done
  if ((bridges > 0)); then
    for n in $(service_instances "$bridges"); do
      pid=$(pid_of "$n" || echo -)
      port=$(service_port "$n")
      if service_healthy "$n"; then health=healthy; else health=unhealthy; fi
      printf '%-12s %-8s %-6s %-10s %s\n' "$n" "$pid" "$port" "$health" "http://127.0.0.1:$port"
    done
  fi
  echo
  echo "Where to look:"
  if ((bridges > 0)); then
    echo "  dashboard       http://127.0.0.1:$(service_port dashboard)/   (prices, live; no sign-in needed)"
    echo "  as demo         http://127.0.0.1:$(service_port dashboard)/signin/demo?returnUrl=/portfolios/$SM_DEMO_PORTFOLIO_ID   (development only: signs in as demo and opens the demo portfolio)"
    echo "  portfolio API   http://127.0.0.1:$(service_port portfolio)   (OpenAPI: /openapi/v1.json; a token: ./stockmonitor token)"
    echo "  demo portfolio  curl -H \"Authorization: Bearer \$(./stockmonitor token)\" http://127.0.0.1:$(service_port portfolio)/api/portfolios/$SM_DEMO_PORTFOLIO_ID"
    echo "  pricing API     http://127.0.0.1:$(service_port pricing)"
  fi
  echo "  logs            ./stockmonitor logs NAME [-f]$(stack_flag)    (files in .stockmonitor/$SM_STACK/logs/)"
  echo "  state           ./stockmonitor status$(stack_flag)"
  echo "  environment     eval \"\$(./stockmonitor env$(stack_flag))\"    (AWS CLI, boto3, psql, dotnet run)"
  echo "  stop            ./stockmonitor down$(stack_flag)"
}

# ================================================================= logs ===
cmd_logs() {
  local stack=dev name='' follow=0 lines=100
  while (($#)); do
    case "$1" in
      -h | --help) usage_logs; return 0 ;;
      -f | --follow) follow=1 ;;
      -n | --lines)
        need_value "$@"
        [[ $2 =~ ^[0-9]+$ ]] || die "$1 needs a number"
        lines=$2
        shift
        ;;
      --stack) need_value "$@"; stack=$(parse_stack "$2"); shift ;;
      --stack=*) stack=$(parse_stack "${1#*=}") ;;
      -*) unknown_option "$1" ;;
      *) [[ -z $name ]] || die "logs takes one NAME" "see ./stockmonitor logs --help"; name=$1 ;;
    esac
    shift
  done
  stack_init "$stack"
  local -a valid
  mapfile -t valid < <(
    printf '%s\n' "${SM_SERVERS[@]}"
    service_names
    for f in "$SM_STACK_DIR"/logs/*.log; do [[ -e $f ]] && basename "$f" .log; done
  )
  mapfile -t valid < <(printf '%s\n' "${valid[@]}" | awk '!seen[$0]++')
  local known=0 v
  for v in "${valid[@]}"; do [[ $v == "$name" ]] && known=1; done
  if [[ -z $name ]] || ((known == 0)); then
    local msg="logs needs a NAME"
    [[ -z $name ]] || msg="unknown name '$name'"
    die "$msg" "valid names: ${valid[*]}"
  fi
  local log="$SM_STACK_DIR/logs/$name.log"
  [[ -f $log ]] || die "no log yet for $name ($log)" "start it with ./stockmonitor up"
  if ((follow)); then
    exec tail -n "$lines" -F "$log"
  fi
  tail -n "$lines" "$log"
}

# ================================================================== env ===
cmd_env() {
  local stack=dev
  while (($#)); do
    case "$1" in
      -h | --help) usage_env; return 0 ;;
      --stack) need_value "$@"; stack=$(parse_stack "$2"); shift ;;
      --stack=*) stack=$(parse_stack "${1#*=}") ;;
      *) unknown_option "$1" ;;
    esac
    shift
  done
  stack_init "$stack"
  stack_print_exports
}

# ================================================================= test ===
cmd_test() {
  local filter='' keep=0 servers_only=0 t0
  local -a extra=()
  while (($#)); do
    case "$1" in
      -h | --help) usage_test; return 0 ;;
      --filter) need_value "$@"; filter=$2; shift ;;
      --filter=*) filter=${1#*=} ;;
      --keep) keep=1 ;;
      --servers-only) servers_only=1 ;;
      --) shift; extra=("$@"); break ;;
      *) unknown_option "$1" ;;
    esac
    shift
  done
  t0=$(now_ms)
  stack_init test
  ensure_prerequisites $((1 - servers_only)) $((1 - servers_only))
  # A test stack kept by an earlier `test --keep` is stopped, then wiped.
  stack_stop
  test_stack_wipe
  if ((keep == 0)); then
    trap 'test_on_exit' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
  fi
  servers_start_all
  servers_wait_all
  postgres_ensure_database
  say "test-stack servers up in $(since "$t0")"
  if ((servers_only)); then
    ((keep == 0)) || say "test stack kept running: ./stockmonitor status --stack test; stop: ./stockmonitor down --stack test"
    return 0
  fi
  dotnet_build_solution
  stack_export_env
  export STOCKMONITOR_TEST_STACK=1 STOCKMONITOR_BUILD_CONFIGURATION=$SM_BUILD_CONFIGURATION
  local sln rc=0
  sln=$(solution_file)
  local -a args=(test "$sln" -c "$SM_BUILD_CONFIGURATION" --no-build --logger "console;verbosity=normal")
  [[ -z $filter ]] || args+=(--filter "$filter")
  args+=("${extra[@]}")
  say "dotnet ${args[*]}"
  local out="$SM_STACK_DIR/logs/dotnet-test.log"
  set +e
  (cd "$SM_ROOT" && dotnet "${args[@]}") 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  set -e
  test_print_totals "$out"
  if ((rc == 0)); then say "tests passed ($(since "$t0") in all)"; else say "tests failed: dotnet test exited with $rc"; fi
  ((keep == 0)) || say "test stack kept running: ./stockmonitor status --stack test; stop: ./stockmonitor down --stack test"
  return "$rc"
}

# ================================================================ bench ===
cmd_bench() {
  local -a args=()
  while (($#)); do
    case "$1" in
      -h | --help) usage_bench; return 0 ;;
      *) args+=("$1") ;;
    esac
    shift
  done
  ((${#args[@]})) || args=(all)
  local t0
  t0=$(now_ms)
  stack_init test
  ensure_prerequisites 1 1
  stack_stop
  test_stack_wipe
  trap 'test_on_exit' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  servers_start_all
  servers_wait_all
  postgres_ensure_database
  dotnet_build_solution
  stack_export_env
  export STOCKMONITOR_BUILD_CONFIGURATION=$SM_BUILD_CONFIGURATION
  local dll="$SM_ROOT/bench/StockMonitor.Bench/bin/$SM_BUILD_CONFIGURATION/$SM_TARGET_FRAMEWORK/StockMonitor.Bench.dll"
  [[ -f $dll ]] || die "$dll is missing after the build"
  say "dotnet StockMonitor.Bench.dll ${args[*]}"
  (cd "$SM_ROOT" && dotnet "$dll" "${args[@]}")
  say "benchmarks done in $(since "$t0")"
}

# ================================================================ chaos ===
cmd_chaos() {
  local rounds=3 report='' build=1 t0 rc=0
  while (($#)); do
    case "$1" in
      -h | --help) usage_chaos; return 0 ;;
      --rounds)
        need_value "$@"
        [[ $2 =~ ^[1-9][0-9]*$ ]] || die "--rounds needs a positive number, not '$2'"
        rounds=$2
        shift
        ;;
      --report) need_value "$@"; report=$2; shift ;;
      --no-build) build=0 ;;
      *) unknown_option "$1" ;;
    esac
    shift
  done
  t0=$(now_ms)
  ensure_prerequisites 1 0
  [[ -n $report ]] || report="$SM_ROOT/.stockmonitor/chaos/report-$(date -u +%Y%m%dT%H%M%SZ).md"
  mkdir -p "$(dirname "$report")"
  local project="$SM_ROOT/tests/StockMonitor.EndToEnd.Tests"
  if ((build)); then
    say "building the fault suite and the services ($SM_BUILD_CONFIGURATION)…"
    (cd "$SM_ROOT" && dotnet build "$project" -c "$SM_BUILD_CONFIGURATION" -nologo -v q) || die "dotnet build failed (errors above)"
  fi
  say "fault suite: $rounds round(s), own servers; table in $report (progress: tail -f ${report%.md}.progress)"
  set +e
  (cd "$SM_ROOT" && STOCKMONITOR_BUILD_CONFIGURATION=$SM_BUILD_CONFIGURATION STOCKMONITOR_FAULT_ROUNDS=$rounds \
    STOCKMONITOR_FAULT_REPORT=$report STOCKMONITOR_FAULT_PROGRESS="${report%.md}.progress" dotnet test "$project" -c "$SM_BUILD_CONFIGURATION" --no-build \
    --filter "Category=Faults" --logger "console;verbosity=detailed") >"${report%.md}.log" 2>&1
  rc=$?
  set -e
  if [[ -f $report ]]; then cat "$report"; else tail -n 40 "${report%.md}.log"; fi
  if ((rc == 0)); then
    say "every fault recovered exactly ($(since "$t0")); output: ${report%.md}.log"
  else
    say "faults failed (dotnet test exited with $rc); output: ${report%.md}.log"
  fi
  return "$rc"
}

test_stack_wipe() {
  local pg="$SM_STACK_DIR/data/postgres"
  if [[ -L $pg ]]; then rm -rf "$(readlink "$pg")"; fi
  rm -rf "$SM_STACK_DIR"
  stack_dirs
}

test_on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  echo
  stack_stop || true
  exit "$rc"
}

# Adds up the per-assembly summaries of dotnet test into one plain line
# ("tests: N passed, N failed, N skipped"). Understands the VSTest summary
# ("Failed: 0, Passed: 12, Skipped: 0, Total: 12") and the
# Microsoft.Testing.Platform one ("failed: 0 ... succeeded: 12 ... skipped: 0").
test_print_totals() {
  [[ -f $1 ]] || return 0
  sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
    /Failed:[ ]*[0-9]+, Passed:[ ]*[0-9]+, Skipped:[ ]*[0-9]+/ {
      match($0, /Failed:[ ]*[0-9]+/); f += substr($0, RSTART + 7, RLENGTH - 7)
      match($0, /Passed:[ ]*[0-9]+/); p += substr($0, RSTART + 7, RLENGTH - 7)
      match($0, /Skipped:[ ]*[0-9]+/); s += substr($0, RSTART + 8, RLENGTH - 8)
      found = 1; next
    }
    /^Total tests:[ ]*[0-9]+/ { nfound = 1; next }
    nfound && /^[ ]+Passed:[ ]*[0-9]+[ ]*$/  { split($0, a, ":"); np += a[2]; next }
    nfound && /^[ ]+Failed:[ ]*[0-9]+[ ]*$/  { split($0, a, ":"); nf += a[2]; next }
    nfound && /^[ ]+Skipped:[ ]*[0-9]+[ ]*$/ { split($0, a, ":"); ns += a[2]; next }
    /^[ ]*failed:[ ]*[0-9]+/    { split($0, a, ":"); mf += a[2]; mfound = 1 }
    /^[ ]*succeeded:[ ]*[0-9]+/ { split($0, a, ":"); mp += a[2] }
    /^[ ]*skipped:[ ]*[0-9]+/   { split($0, a, ":"); ms += a[2] }
    END {
      if (found) printf "tests: %d passed, %d failed, %d skipped\n", p, f, s
      else if (nfound) printf "tests: %d passed, %d failed, %d skipped\n", np, nf, ns
      else if (mfound) printf "tests: %d passed, %d failed, %d skipped\n", mp, mf, ms
    }'
}

# ================================================================ token ===
cmd_token() {
  local a
  for a in "$@"; do
    [[ $a != -h && $a != --help ]] || { usage_token; return 0; }
  done
  require_dotnet
  if [[ ! -f $SM_ROOT/$SM_TOKEN_DLL ]]; then
    say "building the token tool…" >&2
    (cd "$SM_ROOT" && dotnet build "$SM_TOKEN_PROJECT" -c "$SM_BUILD_CONFIGURATION" -nologo -v q >&2) ||
      die "dotnet build of $SM_TOKEN_PROJECT failed (errors above)"
  fi
  dotnet "$SM_ROOT/$SM_TOKEN_DLL" "$@"
}

# ================================================================== sql ===
SM_SQL_PROJECT="tools/StockMonitor.Sql/StockMonitor.Sql.csproj"
SM_SQL_DLL="tools/StockMonitor.Sql/bin/$SM_BUILD_CONFIGURATION/$SM_TARGET_FRAMEWORK/StockMonitor.Sql.dll"

cmd_sql() {
  local stack=dev aws=0 value
  local -a pass=()
  while (($#)); do
    case "$1" in
      -h | --help) usage_sql; return 0 ;;
      --stack | --stack=*)
        if [[ $1 == --stack ]]; then value=${2:-}; shift; else value=${1#*=}; fi
        [[ $value == dev || $value == test ]] || { sql_usage_error "--stack needs dev or test, not '$value'"; return 2; }
        stack=$value
        ;;
      --aws) aws=1 ;;
      *) pass+=("$1") ;;
    esac
    shift
  done
  require_dotnet
  # Rebuilt when missing or older than its sources (the tool or the lake library).
  if [[ ! -f $SM_ROOT/$SM_SQL_DLL ]] ||
    [[ -n $(find "$SM_ROOT/tools/StockMonitor.Sql" "$SM_ROOT/libs/StockMonitor.Lake" -name '*.cs*' -newer "$SM_ROOT/$SM_SQL_DLL" -print -quit) ]]; then
    say "building the sql tool…" >&2
    (cd "$SM_ROOT" && dotnet build "$SM_SQL_PROJECT" -c "$SM_BUILD_CONFIGURATION" -nologo -v q >&2) ||
      die "dotnet build of $SM_SQL_PROJECT failed (errors above)"
  fi
  if ((aws == 0)); then
    stack_init "$stack"
    port_open "$SM_PORT_S3RVER" ||
      die "the $stack stack's S3 (s3rver, port $SM_PORT_S3RVER) does not answer" \
        "start it with ./stockmonitor up$(stack_flag), or query AWS with --aws"
    stack_export_env
    export STOCKMONITOR_LAKE_CACHE=${STOCKMONITOR_LAKE_CACHE:-$SM_STACK_DIR/lake-cache}
  fi
  dotnet "$SM_ROOT/$SM_SQL_DLL" "${pass[@]}"
}

SM_ERRORS_PROJECT="tools/StockMonitor.ErrorQueues/StockMonitor.ErrorQueues.csproj"
SM_ERRORS_DLL="tools/StockMonitor.ErrorQueues/bin/$SM_BUILD_CONFIGURATION/$SM_TARGET_FRAMEWORK/StockMonitor.ErrorQueues.dll"

cmd_errors() {
  local stack=dev requeue='' value
  while (($#)); do
    case "$1" in
      -h | --help) usage_errors; return 0 ;;
      --stack | --stack=*)
        if [[ $1 == --stack ]]; then value=${2:-}; shift; else value=${1#*=}; fi
        [[ $value == dev || $value == test ]] || die "--stack needs dev or test, not '$value'"
        stack=$value
        ;;
      --requeue | --requeue=*)
        if [[ $1 == --requeue ]]; then value=${2:-}; shift; else value=${1#*=}; fi
        [[ -n $value ]] || die "--requeue needs a queue name (see ./stockmonitor errors)"
        requeue=$value
        ;;
      *) die "unknown option '$1' (see ./stockmonitor errors --help)" ;;
    esac
    shift
  done
  require_dotnet
  stack_init "$stack"
  port_open "$SM_PORT_RABBITMQ" ||
    die "the $stack stack's RabbitMQ (port $SM_PORT_RABBITMQ) does not answer" "start it with ./stockmonitor up$(stack_flag)"
  if [[ ! -f $SM_ROOT/$SM_ERRORS_DLL ]] ||
    [[ -n $(find "$SM_ROOT/tools/StockMonitor.ErrorQueues" "$SM_ROOT/libs/StockMonitor.ServiceDefaults" -name '*.cs*' -newer "$SM_ROOT/$SM_ERRORS_DLL" -print -quit) ]]; then
    say "building the errors tool…" >&2
    (cd "$SM_ROOT" && dotnet build "$SM_ERRORS_PROJECT" -c "$SM_BUILD_CONFIGURATION" -nologo -v q >&2) ||
      die "dotnet build of $SM_ERRORS_PROJECT failed (errors above)"
  fi
  stack_export_env
  if [[ -n $requeue ]]; then
    dotnet "$SM_ROOT/$SM_ERRORS_DLL" requeue "$requeue"
    return
  fi
  # AMQP cannot list queues: rabbitmqctl (our node, same HOME and cookie) names those that hold messages.
  local -a queues=()
  local name count
  while read -r name count; do
    [[ $name == *_error && ${count:-0} -gt 0 ]] && queues+=("$name")
  done < <(SM_RMQ_CTL_TIMEOUT=30 rmq_ctl list_queues -q --no-table-headers name messages 2>/dev/null)
  if ((${#queues[@]} == 0)); then
    say "no faulted messages: every error queue of the $stack stack is empty"
    return 0
  fi
  dotnet "$SM_ROOT/$SM_ERRORS_DLL" list "${queues[@]}"
}

# ======================================================== synth, eks-env ===
usage_synth() {
  cat <<'EOF'
Usage: ./stockmonitor synth [-c KEY=VALUE]...

Builds the AWS CDK app (infra/StockMonitor.Infra) and synthesizes its stacks
into CloudFormation templates in infra/cdk.out/ (emptied first): StockMonitorData
(stream, tables, lake bucket), StockMonitorLake (Glue catalog, Athena
workgroup), StockMonitorImages (ECR), StockMonitorServiceRoles (IRSA roles).
Runs offline: no AWS account, no CDK CLI. Deploying is `cdk deploy` (infra/README.md).

Options:
  -c KEY=VALUE   a CDK context value (as `cdk -c`), repeatable:
                   lakeBucket                        default stockmonitor-lake
                   eksOidcProviderArn                default: an example provider of no
                                                     real cluster (a deploy must name yours)
                   k8sNamespace                      default stockmonitor
                   athenaBytesScannedCutoffPerQuery  default 10 GiB

Example:
  ./stockmonitor synth -c lakeBucket=acme-lake-123456789012
EOF
}

usage_eks_env() {
  cat <<'EOF'
Usage: ./stockmonitor eks-env --outputs FILE --certificate-arn ARN --vpc-cidr CIDR [--out FILE]

Writes the KEY=VALUE file the eks overlay reads (AWS_REGION, IMAGE_REGISTRY,
LAKE_BUCKET, <SERVICE>_ROLE_ARN, ATHENA_WORKGROUP from the outputs file of
`cdk deploy --all --outputs-file FILE`; CERTIFICATE_ARN and VPC_CIDR from the
options). Fails, naming them, when outputs are missing (a stack not deployed).

Options:
  --outputs FILE          the outputs file cdk deploy wrote (required)
  --certificate-arn ARN   the ACM certificate of the Ingress's HTTPS listener,
                          in the cluster's region (required)
  --vpc-cidr CIDR         the cluster VPC's IPv4 range, the only source the
                          load-balanced pods accept (required)
  --out FILE              where to write (default k8s/overlays/eks/aws.env;
                          - for stdout)

Exit codes: 0 written; 1 outputs missing or unreadable; 2 usage error.
EOF
}

SM_INFRA_PROJECT="infra/StockMonitor.Infra/StockMonitor.Infra.csproj"
SM_INFRA_DLL="infra/StockMonitor.Infra/bin/$SM_BUILD_CONFIGURATION/$SM_TARGET_FRAMEWORK/StockMonitor.Infra.dll"
# A well-formed provider of no real cluster (InfraContext.ExampleEksOidcProviderArn), so synth runs with no arguments.
SM_EXAMPLE_OIDC_PROVIDER="arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"

# Builds the CDK app (quietly) and runs it with ARGS from infra/, as the CDK CLI does; drops jsii's Node-version banner.
infra_run() {
  require_dotnet
  say "building the CDK app…" >&2
  local log="$SM_ROOT/.stockmonitor/infra-build.log"
  mkdir -p "$SM_ROOT/.stockmonitor"
  if ! (cd "$SM_ROOT" && dotnet build "$SM_INFRA_PROJECT" -c "$SM_BUILD_CONFIGURATION" -nologo -v q >"$log" 2>&1); then
    grep -E 'error|Error' "$log" | sort -u | tail -n 20 >&2
    die "dotnet build of $SM_INFRA_PROJECT failed (errors above; whole log: $log)"
  fi
  (cd "$SM_ROOT/infra" && JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=1 dotnet "$SM_ROOT/$SM_INFRA_DLL" "$@" 2> >(grep -v '^!!' >&2))
}

cmd_synth() {
  local -A context=([eksOidcProviderArn]=$SM_EXAMPLE_OIDC_PROVIDER)
  while (($#)); do
    case "$1" in
      -h | --help) usage_synth; return 0 ;;
      -c | --context)
        need_value "$1" "${2:-}"
        [[ $2 =~ ^([A-Za-z][A-Za-z0-9]*)=([^\\\"]*)$ ]] || die "-c needs KEY=VALUE (no quotes or backslashes), not '$2'"
        context[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
        shift
        ;;
      *) unknown_option "$1" ;;
    esac
    shift
  done
  local json='' key
  for key in "${!context[@]}"; do json+="${json:+,}\"$key\":\"${context[$key]}\""; done
  local out="$SM_ROOT/infra/cdk.out" started template
  started=$(now_ms)
  rm -rf "$out"
  say "synthesizing with context {$json}…" >&2
  CDK_OUTDIR="$out" CDK_CONTEXT_JSON="{$json}" infra_run || die "synthesis failed (message above)"
  say "synthesized in $(since "$started") into infra/cdk.out/:"
  for template in "$out"/*.template.json; do
    detail "$(basename "$template")  $(grep -c '"Type": "AWS::' "$template") resources"
  done
}

cmd_eks_env() {
  local outputs='' out="$SM_ROOT/k8s/overlays/eks/aws.env"
  local -a settings=()
  while (($#)); do
    case "$1" in
      -h | --help) usage_eks_env; return 0 ;;
      --outputs) need_value "$1" "${2:-}"; outputs=$2; shift ;;
      --certificate-arn | --vpc-cidr) need_value "$1" "${2:-}"; settings+=("$1" "$2"); shift ;;
      --out) need_value "$1" "${2:-}"; out=$2; shift ;;
      *) unknown_option "$1" ;;
    esac
    shift
  done
  [[ -n $outputs ]] || die "--outputs FILE is required" "see ./stockmonitor eks-env --help"
  # The app runs from infra/: hand it absolute paths.
  outputs=$(realpath -m -- "$outputs")
  if [[ $out == - ]]; then
    infra_run eks-env --outputs "$outputs" "${settings[@]}"
  else
    infra_run eks-env --outputs "$outputs" "${settings[@]}" --out "$(realpath -m -- "$out")"
  fi
}

sql_usage_error() { printf '%serror:%s %s\n       see ./stockmonitor sql --help\n' "$SM_C_RED" "$SM_C_OFF" "$1" >&2; }

# ================================================================= main ===
sm_main() {
  SM_CMD=${1:-}
  case "$SM_CMD" in
    '' | -h | --help | help)
      usage_main
      [[ -n $SM_CMD ]] || return 2
      return 0
      ;;
  esac
  shift
  case "$SM_CMD" in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    logs) cmd_logs "$@" ;;
    env) cmd_env "$@" ;;
    test) cmd_test "$@" ;;
    bench) cmd_bench "$@" ;;
    token) cmd_token "$@" ;;
    sql) cmd_sql "$@" ;;
    errors) cmd_errors "$@" ;;
    chaos) cmd_chaos "$@" ;;
    synth) cmd_synth "$@" ;;
    eks-env) cmd_eks_env "$@" ;;
    *)
      usage_main >&2
      die "unknown command '$SM_CMD'"
      ;;
  esac
}
