# shellcheck shell=bash
# shellcheck disable=SC2034 # globals are shared between the files sourced by ./stockmonitor
# Output, timing, pid files, process start/stop and small HTTP/TCP probes.
# Sourced by ./stockmonitor; expects SM_ROOT to be set.

# ---------------------------------------------------------------- output ----
if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  SM_C_BOLD=$'\e[1m' SM_C_DIM=$'\e[2m' SM_C_RED=$'\e[31m' SM_C_GREEN=$'\e[32m' SM_C_YELLOW=$'\e[33m' SM_C_OFF=$'\e[0m'
else
  SM_C_BOLD='' SM_C_DIM='' SM_C_RED='' SM_C_GREEN='' SM_C_YELLOW='' SM_C_OFF=''
fi

# A step: "==> starting rabbitmq (port 18672)…"
say() { printf '%s==>%s %s\n' "$SM_C_BOLD" "$SM_C_OFF" "$*"; }
# A detail under a step: "    ready in 4.8s"
detail() { printf '    %s\n' "$*"; }
warn() { printf '%swarning:%s %s\n' "$SM_C_YELLOW" "$SM_C_OFF" "$*" >&2; }
# die MESSAGE [HINT...]: error to stderr, each hint on its own line, exit 1.
die() {
  printf '%serror:%s %s\n' "$SM_C_RED" "$SM_C_OFF" "$1" >&2
  shift
  local line
  for line in "$@"; do printf '       %s\n' "$line" >&2; done
  exit 1
}

# ---------------------------------------------------------------- timing ----
now_ms() { local t=${EPOCHREALTIME//[.,]/}; echo $((t / 1000)); }
# fmt_ms 4821 -> 4.8s
fmt_ms() { local ms=$1; printf '%d.%ds' $((ms / 1000)) $(((ms % 1000) / 100)); }
since() { fmt_ms $(($(now_ms) - $1)); }

# ------------------------------------------------------------- pid files ----
# pids/NAME.pid holds only the PID (so `kill $(cat pids/x.pid)` works).
# pids/NAME.info holds key=value lines: start (kernel start time of the PID,
# to detect PID reuse), port, kind (server|service).

proc_starttime() { # PID -> field 22 of /proc/PID/stat, empty if gone
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) } # drop "pid (comm) "; comm may contain spaces
  # shellcheck disable=SC2086
  set -- $stat
  [[ $1 != Z ]] || return 1 # zombie = dead
  echo "${20}"
}

pidfile_path() { echo "$SM_STACK_DIR/pids/$1.pid"; }
infofile_path() { echo "$SM_STACK_DIR/pids/$1.info"; }

pid_write() { # NAME PID PORT KIND
  local start
  start=$(proc_starttime "$2") || start=''
  mkdir -p "$SM_STACK_DIR/pids"
  echo "$2" >"$(pidfile_path "$1")"
  printf 'start=%s\nport=%s\nkind=%s\n' "$start" "$3" "$4" >"$(infofile_path "$1")"
}

pid_remove() { rm -f "$(pidfile_path "$1")" "$(infofile_path "$1")"; }

info_get() { # NAME KEY -> value or empty
  local f
  f=$(infofile_path "$1")
  [[ -f $f ]] || return 0
  sed -n "s/^$2=//p" "$f" | head -n1
}

# pid_of NAME -> prints PID if the pid file names a live process that is
# still the one we started; returns 1 otherwise (stale or missing).
pid_of() {
  local f pid start want
  f=$(pidfile_path "$1")
  [[ -f $f ]] || return 1
  pid=$(head -n1 "$f" 2>/dev/null | tr -dc '0-9')
  [[ -n $pid ]] || return 1
  start=$(proc_starttime "$pid") || return 1
  want=$(info_get "$1" start)
  [[ -z $want || $want == "$start" ]] || return 1
  echo "$pid"
}

# ------------------------------------------------ what a process left ----
# Every process ./stockmonitor starts carries STOCKMONITOR_PROCESS=<stack
# dir>/<name> in its environment, and so do all its descendants: beam.smp,
# erl_child_setup and epmd under rabbitmq-server, every postgres child (each
# in a session of its own, so not in the postmaster's process group), node
# under the emulators. /proc/PID/environ shows it for the life of the process,
# whatever its parent, group or session became: that is how a crashed
# server's leftovers are found and stopped.
owner_mark() { printf 'STOCKMONITOR_PROCESS=%s/%s' "$SM_STACK_DIR" "$1"; }

# owned_pids NAME -> PIDs of the live processes of NAME; owned_pids '' -> of
# every process of the stack. (A zombie's environ reads empty: not listed.)
# PostgreSQL's children write their titles over the environment block
# /proc/PID/environ shows, but all of them are `postgres` processes running
# in the data directory.
owned_pids() {
  local f pid pgdata
  local -a files
  if [[ -n $1 ]]; then
    mapfile -t files < <(grep -lzxF "$(owner_mark "$1")" /proc/[0-9]*/environ 2>/dev/null || true)
  else
    mapfile -t files < <(grep -lzF "STOCKMONITOR_PROCESS=$SM_STACK_DIR/" /proc/[0-9]*/environ 2>/dev/null || true)
  fi
  if [[ -z $1 || $1 == postgres ]] && pgdata=$(readlink -e "$SM_STACK_DIR/data/postgres/pgdata"); then
    for f in $(find /proc -mindepth 2 -maxdepth 2 -name cwd -lname "$pgdata" 2>/dev/null || true); do
      [[ $(cat "${f%/cwd}/comm" 2>/dev/null) != postgres ]] || files+=("$f")
    done
  fi
  for f in "${files[@]}"; do
    pid=${f#/proc/} pid=${pid%/*}
    [[ $pid != "$$" && $pid != "$BASHPID" ]] && echo "$pid"
  done | sort -un
}

# describe_pids PID... -> "4426 beam.smp, 4447 erl_child_setup"
describe_pids() {
  local p c out=''
  for p in "$@"; do
    c=$(cat "/proc/$p/comm" 2>/dev/null) || continue
    out+="${out:+, }$p $c"
  done
  printf '%s' "$out"
}

# leftovers NAME -> PIDs of NAME's processes while the process we started
# (its pid file) is gone: what a crash or a kill -9 of that PID left
# running. Our epmd alone is not a leftover: it outlives every node by
# design and `down` stops it.
leftovers() {
  local p
  pid_of "$1" >/dev/null && return 0
  for p in $(owned_pids "$1"); do
    [[ $(cat "/proc/$p/comm" 2>/dev/null) == epmd ]] || echo "$p"
  done
}

# reap_owned NAME|'' TIMEOUT_S: TERM to every live process of NAME (or of the
# whole stack), KILL to those still there after TIMEOUT_S; returns when none
# is left (or warns after 10 s more).
reap_owned() {
  local name=$1 timeout_s=$2 t0 killed=0
  local -a pids
  t0=$(now_ms)
  mapfile -t pids < <(owned_pids "$name")
  ((${#pids[@]})) || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  while :; do
    sleep 0.1
    mapfile -t pids < <(owned_pids "$name")
    ((${#pids[@]})) || return 0
    if (($(now_ms) - t0 >= timeout_s * 1000)); then
      if ((killed == 0)); then detail "still running after ${timeout_s}s, killing: $(describe_pids "${pids[@]}")"; fi
      kill -KILL "${pids[@]}" 2>/dev/null || true
      killed=1
    fi
    if (($(now_ms) - t0 >= (timeout_s + 10) * 1000)); then
      warn "could not stop $(describe_pids "${pids[@]}")"
      return 1
    fi
  done
}

# Makes NAME startable when the process we started is gone: stops what it
# left running (e.g. beam.smp after a kill -9 of rabbitmq-server, postgres
# children after one of the postmaster) and removes its pid file.
pid_clean_stale() {
  local name=$1
  local -a left
  pid_of "$name" >/dev/null && return 0
  mapfile -t left < <(owned_pids "$name")
  if ((${#left[@]})); then
    local t0
    t0=$(now_ms)
    detail "$name: the process we started is gone; stopping what it left running: $(describe_pids "${left[@]}")"
    reap_owned "$name" "$SM_STOP_TIMEOUT" || true
    detail "stopped in $(since "$t0")"
  fi
  if [[ -f $(pidfile_path "$name") ]]; then
    detail "removing stale pid file of $name"
    pid_remove "$name"
  fi
}

# ----------------------------------------------------------- processes -----
# spawn NAME PORT KIND DIR CMD... : runs CMD in DIR in its own session (so a
# Ctrl-C in this terminal does not reach it), output appended to
# logs/NAME.log, PID recorded, marked with STOCKMONITOR_PROCESS (see
# owner_mark). `set +m` in the entry script guarantees the background job is
# not a group leader, so setsid does not fork and $! is the PID of CMD itself
# (env execs it).
spawn() {
  local name=$1 port=$2 kind=$3 dir=$4
  shift 4
  local log="$SM_STACK_DIR/logs/$name.log"
  mkdir -p "$SM_STACK_DIR/logs"
  printf '\n=== %s: started by ./stockmonitor (%s stack) at %s ===\n' "$name" "$SM_STACK" "$(date '+%F %T')" >>"$log"
  (cd "$dir" && exec setsid env "$(owner_mark "$name")" "$@" >>"$log" 2>&1 </dev/null) &
  local pid=$!
  pid_write "$name" "$pid" "$port" "$kind"
}

# stop_processes SIGNAL NAME... : sends SIGNAL to each live one at once,
# then waits for all (SM_STOP_TIMEOUT s in total, with progress) and KILLs
# what is left, with every process it started. Removes the pid files. One
# whose process is gone has what it left stopped (pid_clean_stale).
SM_STOP_TIMEOUT=${SM_STOP_TIMEOUT:-15}
stop_processes() {
  local sig=$1 n pid t0 i
  shift
  local -a names=() pids=()
  for n in "$@"; do
    if pid=$(pid_of "$n"); then
      detail "stopping $n (pid $pid)…"
      kill -s "$sig" "$pid" 2>/dev/null || true
      names+=("$n") pids+=("$pid")
    else
      pid_clean_stale "$n"
    fi
  done
  t0=$(now_ms)
  for i in "${!names[@]}"; do
    wait_gone "${names[$i]}" "${pids[$i]}" "$t0"
  done
}

# wait_gone NAME PID T0: waits for PID to exit, KILLs it (with its process
# group) after SM_STOP_TIMEOUT seconds, then stops whatever else NAME
# started that is still running, removes the pid file.
wait_gone() {
  local name=$1 pid=$2 t0=$3 elapsed last=0
  while proc_starttime "$pid" >/dev/null; do
    elapsed=$(($(now_ms) - t0))
    if ((elapsed >= SM_STOP_TIMEOUT * 1000)); then
      detail "$name (pid $pid) did not stop after ${SM_STOP_TIMEOUT}s: killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      break
    fi
    if ((elapsed - last >= 3000)); then
      last=$elapsed
      detail "still waiting for $name (pid $pid) to stop… $(fmt_ms "$elapsed")"
    fi
    sleep 0.1
  done
  # Leftover children (e.g. erl_child_setup, a postgres backend).
  reap_owned "$name" 3 || true
  pid_remove "$name"
  detail "$name stopped ($(since "$t0"))"
}

# -------------------------------------------------------------- probes -----
# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null; }

# http_status URL -> HTTP status code, 000 when nothing answers.
http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-2}" "$1" 2>/dev/null || true
}
http_answers() { [[ $(http_status "$1") != 000 ]]; }
http_ok() { [[ $(http_status "$1") == 200 ]]; }

# require_port_free NAME PORT
require_port_free() {
  if port_open "$2"; then
    die "port $2 (for $1) is already in use by a process that ./stockmonitor did not start (or whose pid file is gone)" \
      "see who holds it:  ss -ltnp 'sport = :$2'" \
      "a leftover of ours shows up in:  ps -ef | grep -E 'stockmonitor|$2'"
  fi
}

# wait_all TIMEOUT_S NAME:CHECK_FN... : polls every CHECK_FN NAME until
# each succeeds, printing "    NAME ready in 1.2s" as each one does (time
# counted from SM_T0[NAME], when it was started). Fails, after printing the
# end of its log, when a process dies, a CHECK_FN returns 2 (fatal) or
# TIMEOUT_S passes.
wait_all() {
  local timeout_s=$1 start elapsed last=0 entry name fn rc
  shift
  local -a pending=("$@") still
  start=$(now_ms)
  while ((${#pending[@]})); do
    still=()
    for entry in "${pending[@]}"; do
      name=${entry%%:*} fn=${entry#*:} rc=0
      "$fn" "$name" >/dev/null 2>&1 || rc=$?
      if ((rc == 0)); then
        detail "$name ready in $(since "${SM_T0[$name]:-$start}")"
        continue
      fi
      if ((rc == 2)); then
        show_log_tail "$name"
        die "$name failed to start" "full log: ./stockmonitor logs $name$(stack_flag)"
      fi
      if [[ -f $(pidfile_path "$name") ]] && ! pid_of "$name" >/dev/null; then
        show_log_tail "$name"
        die "$name exited during start-up" "full log: ./stockmonitor logs $name$(stack_flag)"
      fi
      still+=("$entry")
    done
    pending=("${still[@]}")
    ((${#pending[@]})) || break
    elapsed=$(($(now_ms) - start))
    if ((elapsed >= timeout_s * 1000)); then
      name=${pending[0]%%:*}
      show_log_tail "$name"
      die "not healthy after ${timeout_s}s: ${pending[*]%%:*}" "full log: ./stockmonitor logs $name$(stack_flag)"
    fi
    if ((elapsed - last >= 5000)); then
      last=$elapsed
      detail "still waiting for ${pending[*]%%:*}… $(fmt_ms "$elapsed")"
    fi
    sleep 0.2
  done
}

show_log_tail() {
  local log="$SM_STACK_DIR/logs/$1.log"
  [[ -f $log ]] || return 0
  printf -- '--- last lines of %s ---\n' "$log" >&2
  tail -n 25 "$log" >&2
  printf -- '---\n' >&2
}

# Shell-quotes a value with single quotes (safe for sh, bash and zsh eval).
squote() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }
