# shellcheck shell=bash
# shellcheck disable=SC2034 # globals are shared between the files sourced by ./stockmonitor
# The servers of a stack: PostgreSQL, RabbitMQ and the AWS emulators
# (kinesalite = Kinesis, dynalite = DynamoDB, s3rver = S3). All bind
# 127.0.0.1 on the stack's private ports (see stack.sh).
#
#   servers_start_all   start what is not running (idempotent)
#   servers_wait_all    wait until every server answers its health check
#   postgres_ensure_database
#   servers_stop_all    stop what servers_start_all started (and what it left)
#   server_healthy NAME

declare -gA SM_T0=() SM_ALREADY=()
SM_RMQ_WAITING=

# ============================================================ PostgreSQL ===
SM_PG_USER=stockmonitor
SM_PG_PASSWORD=stockmonitor
SM_PG_DATABASE=stockmonitor

# Runs a PostgreSQL tool as the owner of the data: as root that must be
# the `postgres` user (initdb and postgres refuse to run as root).
pg_as_owner() {
  if ((EUID == 0)); then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Sets SM_PG_BASE (real directory), SM_PG_DATA (PGDATA), SM_PG_SOCK (unix
# socket dir) and SM_PG_BIN. The data lives in .stockmonitor/<stack>/data/
# postgres unless the postgres user cannot reach it (repo under a private
# home such as /root) or the socket path would be too long; then it lives in
# /var/tmp/stockmonitor-<uid>-<hash>-<stack>/postgres, symlinked from there.
pg_prepare_dirs() {
  local link="$SM_STACK_DIR/data/postgres" real
  if [[ -L $link ]]; then
    real=$(readlink "$link")
  elif [[ -d $link ]]; then
    real=$link
  else
    real=$link
    local sock_probe="$link/run/.s.PGSQL.$SM_PORT_POSTGRES"
    if ((${#sock_probe} > 100)) || { ((EUID == 0)) && ! runuser -u postgres -- test -x "$SM_STACK_DIR/data" 2>/dev/null; }; then
      real="$(pg_private_dir)/postgres"
      detail "postgres cannot use $link (no access for user postgres, or path too long): using $real"
      ln -sfn "$real" "$link"
    fi
  fi
  if [[ $real != "$link" ]]; then
    # /var/tmp is shared: refuse a location someone else prepared
    local parent owner
    parent=$(dirname "$real")
    if [[ -L $parent ]] || { [[ -e $parent ]] && owner=$(stat -c %U "$parent") &&
      [[ $owner != "$(id -un)" && $owner != postgres ]]; }; then
      die "$parent exists but is not ours (a symlink or owned by ${owner:-someone else})" "remove it, then retry"
    fi
  fi
  if [[ ! -d $real ]]; then
    mkdir -p "$real"
    # a fresh directory: the parent of a /var/tmp location must be reachable
    if [[ $real != "$link" ]]; then
      ((EUID != 0)) || chown postgres:postgres "$(dirname "$real")"
      chmod 700 "$(dirname "$real")"
    fi
  fi
  mkdir -p "$real/pgdata" "$real/run"
  if ((EUID == 0)); then chown postgres:postgres "$real" "$real/pgdata" "$real/run"; fi
  chmod 700 "$real" "$real/pgdata"
  SM_PG_BASE=$real
  SM_PG_DATA=$real/pgdata
  SM_PG_SOCK=$real/run
  SM_PG_BIN=$(pg_bindir_for "$SM_PG_DATA")
}

# /var/tmp/stockmonitor-<uid>-<8 hex of sha256(repo path)>-<stack>
pg_private_dir() {
  local h
  h=$(printf '%s' "$SM_ROOT" | sha256sum | cut -c1-8)
  echo "/var/tmp/stockmonitor-$EUID-$h-$SM_STACK"
}

# The bin dir matching an existing cluster's PG_VERSION, else the newest.
pg_bindir_for() {
  local v
  if [[ -f $1/PG_VERSION ]]; then
    v=$(cat "$1/PG_VERSION")
    if [[ -x /usr/lib/postgresql/$v/bin/pg_ctl ]]; then
      echo "/usr/lib/postgresql/$v/bin"
      return
    fi
    die "the postgres data in $1 is version $v, but PostgreSQL $v is not installed" \
      "start from scratch (deletes the $SM_STACK database): ./stockmonitor down$(stack_flag) && rm -rf '$SM_STACK_DIR/data/postgres'"
  fi
  pg_newest_bindir
}

pg_server_options() {
  local o="-p $SM_PORT_POSTGRES -k $SM_PG_SOCK -c listen_addresses=127.0.0.1 -c max_connections=200"
  # Test data is thrown away after each run: durability only costs time.
  [[ $SM_STACK != test ]] || o+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  echo "$o"
}

postgres_healthy() {
  [[ -n ${SM_PG_BIN:-} ]] || SM_PG_BIN=$(pg_newest_bindir)
  "$SM_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$SM_PORT_POSTGRES" -t 2
}

postgres_start() {
  local log="$SM_STACK_DIR/logs/postgres.log" pid
  pg_prepare_dirs
  if pid=$(pid_of postgres); then
    report_running postgres "$pid"
    return 0
  fi
  # A postmaster still running on our data dir without a pid file: adopt it.
  if [[ -f $SM_PG_DATA/postmaster.pid ]] && pg_as_owner "$SM_PG_BIN/pg_ctl" status -D "$SM_PG_DATA" >/dev/null 2>&1; then
    pid=$(head -n1 "$SM_PG_DATA/postmaster.pid")
    pid_write postgres "$pid" "$SM_PORT_POSTGRES" server
    report_running postgres "$pid"
    return 0
  fi
  # A dead postmaster's children would keep its shared memory in use.
  pid_clean_stale postgres
  require_port_free postgres "$SM_PORT_POSTGRES"
  SM_T0[postgres]=$(now_ms)
  if [[ ! -f $SM_PG_DATA/PG_VERSION ]]; then
    say "creating the postgres cluster ($(basename "$(dirname "$SM_PG_BIN")"), user $SM_PG_USER)…"
    local pwfile="$SM_PG_BASE/.pwfile"
    (umask 077 && printf '%s\n' "$SM_PG_PASSWORD" >"$pwfile")
    ((EUID != 0)) || chown postgres:postgres "$pwfile"
    if ! pg_as_owner "$SM_PG_BIN/initdb" -D "$SM_PG_DATA" -U "$SM_PG_USER" --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-locale >>"$log" 2>&1; then
      rm -f "$pwfile"
      show_log_tail postgres
      die "initdb failed (log above)" "to start over: rm -rf '$SM_STACK_DIR/data/postgres'"
    fi
    rm -f "$pwfile"
  fi
  say "starting postgres (port $SM_PORT_POSTGRES)…"
  # pg_ctl puts the postmaster in its own session (and the postmaster each
  # child in one of its own: the mark finds them all); its output goes to our
  # log through the inherited file descriptor (root opens the log, so the
  # postgres user needs no access to logs/).
  printf '\n=== postgres: started by ./stockmonitor (%s stack) at %s ===\n' "$SM_STACK" "$(date '+%F %T')" >>"$log"
  if ! pg_as_owner env "$(owner_mark postgres)" "$SM_PG_BIN/pg_ctl" start -D "$SM_PG_DATA" -w -t 60 -s -o "$(pg_server_options)" </dev/null >>"$log" 2>&1; then
    show_log_tail postgres
    die "postgres did not start (log above)" "full log: ./stockmonitor logs postgres$(stack_flag)"
  fi
  pid=$(head -n1 "$SM_PG_DATA/postmaster.pid")
  pid_write postgres "$pid" "$SM_PORT_POSTGRES" server
}

pg_psql() { # SQL -> rows, unaligned
  PGPASSWORD=$SM_PG_PASSWORD PGCONNECT_TIMEOUT=5 "$SM_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$SM_PORT_POSTGRES" -U "$SM_PG_USER" -d postgres -tAc "$1"
}

postgres_ensure_database() {
  local exists
  exists=$(pg_psql "SELECT 1 FROM pg_database WHERE datname = '$SM_PG_DATABASE'") ||
    die "cannot query postgres on 127.0.0.1:$SM_PORT_POSTGRES as $SM_PG_USER" "log: ./stockmonitor logs postgres$(stack_flag)"
  if [[ $exists != 1 ]]; then
    pg_psql "CREATE DATABASE $SM_PG_DATABASE" >/dev/null || die "CREATE DATABASE $SM_PG_DATABASE failed"
    detail "created database $SM_PG_DATABASE"
  fi
}

postgres_stop() {
  # SIGINT = "fast" shutdown: SIGTERM ("smart") would wait for every client
  # (a forgotten psql session) to disconnect.
  stop_processes INT postgres
}

# ============================================================== RabbitMQ ===
rmq_node() { echo "stockmonitor-$SM_STACK@localhost"; }
rmq_dir() { echo "$SM_STACK_DIR/data/rabbitmq"; }

# The private environment of our node, shared by rabbitmq-server and
# rabbitmqctl (same HOME = same Erlang cookie). Nothing under /etc/rabbitmq
# is read and nothing there or in /var/lib/rabbitmq is written.
rmq_env() {
  local d conf="$SM_STACK_DIR/conf"
  d=$(rmq_dir)
  printf '%s\n' \
    "HOME=$d/home" \
    "RABBITMQ_NODENAME=$(rmq_node)" \
    "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1" \
    "RABBITMQ_NODE_PORT=$SM_PORT_RABBITMQ" \
    "RABBITMQ_DIST_PORT=$SM_PORT_RABBITMQ_DIST" \
    "RABBITMQ_MNESIA_BASE=$d/mnesia" \
    "RABBITMQ_LOG_BASE=$d/log" \
    "RABBITMQ_LOGS=-" \
    "RABBITMQ_PID_FILE=$d/rabbitmq.pid" \
    "RABBITMQ_CONFIG_FILE=$conf/rabbitmq.conf" \
    "RABBITMQ_ADVANCED_CONFIG_FILE=$conf/advanced.config" \
    "RABBITMQ_ENABLED_PLUGINS_FILE=$conf/enabled_plugins" \
    "RABBITMQ_CONF_ENV_FILE=$conf/rabbitmq-env.conf" \
    "RABBITMQ_CTL_DIST_PORT_MIN=$((SM_PORT_RABBITMQ_DIST + 10000))" \
    "RABBITMQ_CTL_DIST_PORT_MAX=$((SM_PORT_RABBITMQ_DIST + 10010))" \
    "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}" \
    "RABBITMQ_CTL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}" \
    "ERL_EPMD_PORT=$SM_PORT_EPMD" \
    "ERL_EPMD_ADDRESS=127.0.0.1"
}

rmq_ctl() { # rabbitmqctl ARGS... against our node (SM_RMQ_CTL_TIMEOUT s max)
  local -a envs
  mapfile -t envs < <(rmq_env)
  (cd / && timeout "${SM_RMQ_CTL_TIMEOUT:-150}" env "${envs[@]}" "$SM_RABBITMQ_BIN/rabbitmqctl" -n "$(rmq_node)" "$@")
}

rmq_write_config() {
  local conf="$SM_STACK_DIR/conf" d
  d=$(rmq_dir)
  mkdir -p "$conf" "$d/home" "$d/mnesia" "$d/log"
  cat >"$conf/rabbitmq.conf" <<EOF
# Generated by ./stockmonitor for the $SM_STACK stack; rewritten on every start.
listeners.tcp.default = 127.0.0.1:$SM_PORT_RABBITMQ
disk_free_limit.absolute = 50MB
log.console = true
log.console.level = info
EOF
  echo '[].' >"$conf/enabled_plugins"
  : >"$conf/rabbitmq-env.conf"
}

# AMQP 0-9-1 handshake: send the protocol header, expect a Connection.Start
# frame (frame type 1) back.
amqp_handshake() {
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "AMQP\x00\x00\x09\x01" >&3
    IFS= read -r -N 1 -d "" b <&3 || exit 1
    [[ $b == $'"'"'\x01'"'"' ]]' "$1" 2>/dev/null
}

rabbitmq_healthy() { amqp_handshake "$SM_PORT_RABBITMQ"; }

# Readiness during start-up: `rabbitmqctl wait PIDFILE` (run in the
# background by rabbitmq_start) has succeeded and AMQP answers.
# Returns 2 (fatal) when the wait failed.
rabbitmq_ready() {
  local rcfile="$SM_STACK_DIR/conf/rabbitmq-wait.rc"
  [[ -s $rcfile ]] || return 1
  [[ $(cat "$rcfile") == 0 ]] || return 2
  rabbitmq_healthy
}

rabbitmq_start() {
  local pid d
  d=$(rmq_dir)
  if pid=$(pid_of rabbitmq); then
    report_running rabbitmq "$pid"
    return 0
  fi
  pid_clean_stale rabbitmq
  require_port_free rabbitmq "$SM_PORT_RABBITMQ"
  require_port_free "rabbitmq (Erlang distribution)" "$SM_PORT_RABBITMQ_DIST"
  rmq_write_config
  rm -f "$d/rabbitmq.pid" "$SM_STACK_DIR/conf/rabbitmq-wait.rc"
  say "starting rabbitmq (port $SM_PORT_RABBITMQ, node $(rmq_node))…"
  SM_T0[rabbitmq]=$(now_ms)
  local -a envs
  mapfile -t envs < <(rmq_env)
  spawn rabbitmq "$SM_PORT_RABBITMQ" server / env "${envs[@]}" "$SM_RABBITMQ_BIN/rabbitmq-server"
  # rabbitmqctl wait: blocks until the node has booted (or died); runs
  # while the other servers start.
  SM_RMQ_WAITING=1
  (
    rc=0
    rmq_ctl wait "$d/rabbitmq.pid" --timeout 120 >>"$SM_STACK_DIR/logs/rabbitmq.log" 2>&1 || rc=$?
    echo "$rc" >"$SM_STACK_DIR/conf/rabbitmq-wait.rc"
  ) </dev/null >/dev/null 2>&1 &
}

epmd_bin() {
  command -v epmd 2>/dev/null && return 0
  local e
  for e in /usr/lib/erlang/erts-*/bin/epmd /usr/lib/erlang/bin/epmd; do
    [[ -x $e ]] && { echo "$e"; return 0; }
  done
  return 1
}

# Our epmd (started by the Erlang VM on the stack's private port, one per
# stack, reused by every start of the node and by rabbitmqctl) outlives the
# node: stop it too. It refuses -kill while a node is registered, so this
# comes after the node is gone.
epmd_stop() {
  local e
  e=$(epmd_bin) || return 0
  if ERL_EPMD_ADDRESS=127.0.0.1 "$e" -port "$SM_PORT_EPMD" -names >/dev/null 2>&1; then
    ERL_EPMD_ADDRESS=127.0.0.1 "$e" -port "$SM_PORT_EPMD" -kill >/dev/null 2>&1 || true
    if ERL_EPMD_ADDRESS=127.0.0.1 "$e" -port "$SM_PORT_EPMD" -names >/dev/null 2>&1; then
      warn "epmd on port $SM_PORT_EPMD refused to stop (a node still registered with it?)"
    else
      detail "epmd (port $SM_PORT_EPMD) stopped"
    fi
  fi
}

rabbitmq_stop() {
  local pid t0
  if pid=$(pid_of rabbitmq); then
    t0=$(now_ms)
    detail "stopping rabbitmq (pid $pid) with rabbitmqctl stop…"
    if ! SM_RMQ_CTL_TIMEOUT=30 rmq_ctl stop >>"$SM_STACK_DIR/logs/rabbitmq.log" 2>&1; then
      detail "rabbitmqctl stop failed: sending TERM"
      kill -TERM "$pid" 2>/dev/null || true
    fi
    wait_gone rabbitmq "$pid" "$t0"
  else
    pid_clean_stale rabbitmq
  fi
  epmd_stop
}

# ========================================================= AWS emulators ===
emulator_start() { # NAME PORT CMD...
  local name=$1 port=$2 pid
  shift 2
  if pid=$(pid_of "$name"); then
    report_running "$name" "$pid"
    return 0
  fi
  pid_clean_stale "$name"
  require_port_free "$name" "$port"
  mkdir -p "$SM_STACK_DIR/data/$name"
  say "starting $name (port $port)…"
  SM_T0[$name]=$(now_ms)
  spawn "$name" "$port" server "$SM_EMULATORS_DIR" "$@"
}

kinesalite_start() {
  emulator_start kinesalite "$SM_PORT_KINESALITE" \
    node "$SM_EMULATORS_DIR/kinesalite.js" "$SM_PORT_KINESALITE" "$SM_STACK_DIR/data/kinesalite"
}

dynalite_start() {
  emulator_start dynalite "$SM_PORT_DYNALITE" \
    node "$SM_EMULATORS_DIR/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$SM_PORT_DYNALITE" \
    --createTableMs 50 --deleteTableMs 50 --updateTableMs 50 --path "$SM_STACK_DIR/data/dynalite"
}

s3rver_start() {
  emulator_start s3rver "$SM_PORT_S3RVER" \
    node "$SM_EMULATORS_DIR/node_modules/s3rver/bin/s3rver.js" -d "$SM_STACK_DIR/data/s3rver" \
    -a 127.0.0.1 -p "$SM_PORT_S3RVER" -s
}

kinesalite_healthy() { http_answers "http://127.0.0.1:$SM_PORT_KINESALITE/"; }
dynalite_healthy() { http_answers "http://127.0.0.1:$SM_PORT_DYNALITE/"; }
s3rver_healthy() { http_answers "http://127.0.0.1:$SM_PORT_S3RVER/"; }

# =============================================================== all ===
server_healthy() { "${1}_healthy"; }

# "already running" when healthy; a live process that does not answer yet
# is left to servers_wait_all.
report_running() {
  local name=$1 pid=$2
  if server_healthy "$name" >/dev/null 2>&1; then
    say "$name already running (pid $pid, port $(server_port "$name"))"
    SM_ALREADY[$name]=1
  else
    say "$name is running (pid $pid) but not answering yet"
    SM_T0[$name]=$(now_ms)
  fi
}

servers_start_all() {
  stack_dirs
  SM_T0=() SM_ALREADY=()
  # rabbitmq first: it is the slowest to boot and boots while the others start.
  local s
  for s in rabbitmq postgres kinesalite dynalite s3rver; do
    "${s}_start"
  done
}

servers_wait_all() {
  local s
  local -a checks=()
  for s in "${SM_SERVERS[@]}"; do
    [[ -z ${SM_ALREADY[$s]:-} ]] || continue
    if [[ $s == rabbitmq && -n ${SM_RMQ_WAITING:-} ]]; then
      checks+=("rabbitmq:rabbitmq_ready")
    else
      checks+=("$s:${s}_healthy")
    fi
  done
  ((${#checks[@]})) || return 0
  say "waiting for the servers to answer…"
  wait_all 120 "${checks[@]}"
}

# Stops the servers of the current stack (emulators, rabbitmq, postgres),
# with what crashed ones left running.
servers_stop_all() {
  stop_processes TERM s3rver dynalite kinesalite
  rabbitmq_stop
  postgres_stop
}
