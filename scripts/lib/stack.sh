# shellcheck shell=bash
# shellcheck disable=SC2034 # globals are shared between the files sourced by ./stockmonitor
# Stacks: "dev" (up/down/status/logs/env) and "test" (./stockmonitor test).
# Same layout, separate state directory, ports of the test stack = dev + 1000.
# Any other name (e.g. `up --stack mine`) is a stack of its own whose ports
# are dev + $STOCKMONITOR_PORT_OFFSET; the offset is remembered in
# .stockmonitor/<stack>/port-offset for later commands on that stack.
#
#   .stockmonitor/<stack>/data/<server>/   server data
#   .stockmonitor/<stack>/logs/<name>.log  output of each process
#   .stockmonitor/<stack>/pids/<name>.pid  PID of each process we started
#   .stockmonitor/<stack>/app/<service>/   copy of a service's build output
#   .stockmonitor/<stack>/conf/            generated config (rabbitmq)

# Dev-stack ports. Everything binds 127.0.0.1.
SM_DEV_PORT_POSTGRES=18432
SM_DEV_PORT_RABBITMQ=18672
SM_DEV_PORT_RABBITMQ_DIST=18673
SM_DEV_PORT_EPMD=18369
SM_DEV_PORT_KINESALITE=18567
SM_DEV_PORT_DYNALITE=18568
SM_DEV_PORT_S3RVER=18569

SM_TEST_PORT_OFFSET=1000

# Servers in start order (services are listed in services.sh).
SM_SERVERS=(postgres rabbitmq kinesalite dynalite s3rver)

# Lowest and highest offsets keep every port (dev 18080 … rabbitmqctl's
# distribution range 28683) within 1024 … 65535.
SM_MIN_PORT_OFFSET=-17000
SM_MAX_PORT_OFFSET=36800

# stack_init NAME: sets SM_STACK, SM_STACK_DIR, SM_PORT_* and SM_OFFSET.
stack_init() {
  SM_STACK=$1
  SM_STACK_DIR="$SM_ROOT/.stockmonitor/$SM_STACK"
  case "$1" in
    dev) SM_OFFSET=0 ;;
    test) SM_OFFSET=$SM_TEST_PORT_OFFSET ;;
    *) SM_OFFSET=$(stack_custom_offset) ;;
  esac
  SM_PORT_POSTGRES=$((SM_DEV_PORT_POSTGRES + SM_OFFSET))
  SM_PORT_RABBITMQ=$((SM_DEV_PORT_RABBITMQ + SM_OFFSET))
  SM_PORT_RABBITMQ_DIST=$((SM_DEV_PORT_RABBITMQ_DIST + SM_OFFSET))
  SM_PORT_EPMD=$((SM_DEV_PORT_EPMD + SM_OFFSET))
  SM_PORT_KINESALITE=$((SM_DEV_PORT_KINESALITE + SM_OFFSET))
  SM_PORT_DYNALITE=$((SM_DEV_PORT_DYNALITE + SM_OFFSET))
  SM_PORT_S3RVER=$((SM_DEV_PORT_S3RVER + SM_OFFSET))
}

# The port offset of a stack other than dev and test: $STOCKMONITOR_PORT_OFFSET
# (then remembered), else the one remembered from an earlier command.
stack_custom_offset() {
  local f="$SM_STACK_DIR/port-offset" o=${STOCKMONITOR_PORT_OFFSET:-}
  if [[ -z $o && -f $f ]]; then o=$(cat "$f"); fi
  [[ -n $o ]] || die "stack '$SM_STACK' has no ports yet" \
    "give it a port offset from the dev ports: STOCKMONITOR_PORT_OFFSET=5000 ./stockmonitor up --stack $SM_STACK"
  [[ $o =~ ^-?[0-9]+$ ]] && ((o >= SM_MIN_PORT_OFFSET && o <= SM_MAX_PORT_OFFSET)) ||
    die "STOCKMONITOR_PORT_OFFSET must be a whole number from $SM_MIN_PORT_OFFSET to $SM_MAX_PORT_OFFSET, not '$o'"
  ((o != 0 && o != SM_TEST_PORT_OFFSET)) || die "port offset $o is the one of the dev or test stack: pick another"
  mkdir -p "$SM_STACK_DIR"
  [[ -f $f && $(cat "$f") == "$o" ]] || echo "$o" >"$f"
  echo "$o"
}

stack_dirs() { mkdir -p "$SM_STACK_DIR"/{data,logs,pids,conf}; }

# " --stack test" for messages that suggest a command, empty for dev.
stack_flag() { [[ ${SM_STACK:-dev} == dev ]] || printf ' --stack %s' "$SM_STACK"; }

server_port() {
  case "$1" in
    postgres) echo "$SM_PORT_POSTGRES" ;;
    rabbitmq) echo "$SM_PORT_RABBITMQ" ;;
    kinesalite) echo "$SM_PORT_KINESALITE" ;;
    dynalite) echo "$SM_PORT_DYNALITE" ;;
    s3rver) echo "$SM_PORT_S3RVER" ;;
    *) return 1 ;;
  esac
}

# The environment a stack defines, as NAME=VALUE lines (no quoting).
# Endpoints and credentials always come from the stack: the emulators only
# accept these (s3rver accepts only the access key S3RVER; kinesalite and
# dynalite accept anything). The region is taken from the caller's
# environment when set. Every other variable of the caller's environment is
# inherited by the processes we start, untouched.
stack_env_lines() {
  local region=${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}
  cat <<EOF
AWS_ENDPOINT_URL_KINESIS=http://127.0.0.1:$SM_PORT_KINESALITE
AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$SM_PORT_DYNALITE
AWS_ENDPOINT_URL_S3=http://127.0.0.1:$SM_PORT_S3RVER
AWS_REGION=$region
AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-$region}
AWS_ACCESS_KEY_ID=S3RVER
AWS_SECRET_ACCESS_KEY=S3RVER
STOCKMONITOR_POSTGRES=Host=127.0.0.1;Port=$SM_PORT_POSTGRES;Database=stockmonitor;Username=stockmonitor;Password=stockmonitor
STOCKMONITOR_RABBITMQ=amqp://guest:guest@127.0.0.1:$SM_PORT_RABBITMQ/
STOCKMONITOR_PORTFOLIO_URL=http://127.0.0.1:$(service_port portfolio)
STOCKMONITOR_PRICING_URL=http://127.0.0.1:$(service_port pricing)
EOF
}

# Exports the stack environment into this shell (and so into children).
stack_export_env() {
  local line
  while IFS= read -r line; do
    export "${line%%=*}=${line#*=}"
  done < <(stack_env_lines)
}

# The lines `./stockmonitor env` prints: export NAME='value'.
stack_print_exports() {
  local line
  while IFS= read -r line; do
    printf 'export %s=%s\n' "${line%%=*}" "$(squote "${line#*=}")"
  done < <(stack_env_lines)
}
