#!/usr/bin/env bash
# `./cage server [node options] --console [console options]`: a node and the admin console beside it, on 127.0.0.1.
#   1. starts the node (java -jar cage-cli/target/cage.jar server ...) and waits for its port;
#   2. on first use creates the console's user `admin` with a random password (prints it, keeps it in a file only
#      its owner can read);
#   3. starts Payara Micro (fetched into the local Maven repository once) with cage-rar.rar, a connection pool to the
#      node under the node's own admin login, and cage-web.war; waits until the console answers;
#   4. prints the URL and how to log in, then runs until Ctrl-C, and stops both (by PID).
# Needs Java 17+ and Maven 3.8+. The wrapper ./cage builds the jars first when the sources are newer.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: ./cage server --root DIR [node options] --console [--http-port 8080] [--hz-port 6900]
                     [--console-users FILE] [--console-work DIR] [--timeout SECONDS]
  node options       as for `cage server` (--port, --data-dir, --bind, ...); the console talks to 127.0.0.1:PORT
  --http-port P      the console's HTTP port on 127.0.0.1 (default 8080)
  --hz-port P        Payara's data grid port on 127.0.0.1 (default 6900)
  --console-users F  the console's users file (default ~/.cage/console/users)
  --console-work D   Payara's logs and temporary files (default cage-web/target/console)
  --servers LIST     the nodes the console shows, name=host:port separated by commas (default main=127.0.0.1:PORT,
                     the node started here); all take the same login
  --timeout S        how long to wait for the node and for Payara, each (default 180)
USAGE
}

repo="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
http_port=8080 hz_port=6900 users="$HOME/.cage/console/users" work="$repo/cage-web/target/console" timeout=180
node_port=7070 data_dir="" node_args=() servers=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --http-port) http_port="$2"; shift ;;
    --hz-port) hz_port="$2"; shift ;;
    --console-users) users="$2"; shift ;;
    --console-work) work="$2"; shift ;;
    --servers) servers="$2"; shift ;;
    --timeout) timeout="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    --port) node_port="$2"; node_args+=("$1" "$2"); shift ;;
    --data-dir) data_dir="$2"; node_args+=("$1" "$2"); shift ;;
    *) node_args+=("$1") ;;
  esac
  shift
done
data_dir="${data_dir:-$HOME/.cage/node-$node_port}"
servers="${servers:-main=127.0.0.1:$node_port}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

# say, stop_pid, port_open, payara_micro_jar, loopback_preboot
source "$repo/examples/lib/processes.sh"
fail() { echo "cage console: $*" >&2; exit 1; }

node_pid="" payara_pid=""
cleanup() {
  local status=$?
  [[ -n "$payara_pid" ]] && stop_pid "$payara_pid" "the console (Payara Micro)"
  [[ -n "$node_pid" ]] && stop_pid "$node_pid" "the node"
  if [[ $status -ne 0 && $status -ne 130 ]]; then
    for log in "$work/payara.log" "$work/node.log"; do
      [[ -s "$log" ]] && { echo "--- last lines of $log" >&2; tail -n 30 "$log" >&2; }
    done
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

jar="$repo/cage-cli/target/cage.jar" rar="$repo/cage-rar/target/cage-rar.rar" war="$repo/cage-web/target/cage-web.war"
if [[ ! -f "$jar" || ! -f "$rar" || ! -f "$war" ]]; then
  say "building the node, cage-rar.rar and cage-web.war (mvn -B -q package -DskipTests)"
  (cd "$repo" && mvn -B -q -Dstyle.color=never package -DskipTests -pl cage-cli,cage-rar,cage-web -am)
fi

# 1. The node.
port_open "$node_port" && fail "port $node_port is taken: stop what serves it, or choose another with --port"
say "starting the node: cage server ${node_args[*]} (log: $work/node.log)"
java -jar "$jar" server "${node_args[@]}" >"$work/node.log" 2>&1 &
node_pid=$!
deadline=$((SECONDS + timeout))
until port_open "$node_port" || ((SECONDS >= deadline)); do
  kill -0 "$node_pid" 2>/dev/null || fail "the node exited (see $work/node.log)"
  sleep 0.3
done
port_open "$node_port" || fail "the node did not open port $node_port within ${timeout} s"
if [[ -z "${CAGE_SECRET:-}" ]]; then
  [[ -r "$data_dir/admin.secret" ]] \
    || fail "no node login: set CAGE_USER and CAGE_SECRET (an admin of the node), or keep $data_dir/admin.secret"
  mapfile -t lines <"$data_dir/admin.secret"
  if [[ ${#lines[@]} -ge 2 ]]; then CAGE_USER="${CAGE_USER:-${lines[0]}}" CAGE_SECRET="${lines[1]}"
  else CAGE_SECRET="${lines[0]:-}"; fi
fi
export CAGE_USER="${CAGE_USER:-admin}" CAGE_SECRET

# 2. The console's first user.
password_file="$(dirname "$users")/admin.password"
if [[ ! -s "$users" ]]; then
  mkdir -p "$(dirname "$users")"
  password="$(java -cp "$repo/cage-web/target/cage-web/WEB-INF/classes" dev.cage.web.security.ConsoleUsers add admin admin "$users")"
  (umask 077 && printf '%s\n' "$password" >"$password_file")
  say "created the console user 'admin'; its password is in $password_file"
fi

# 3. Payara Micro with the adapter, the pool and the console.
payara_jar="$(payara_micro_jar "$repo" "$repo/cage-web/target/payara")"
[[ -f "$payara_jar" ]] || fail "no Payara Micro at $payara_jar (could not copy it from the Maven repository)"
loopback_preboot "$work/preboot.asadmin"
# In --property, ':' separates properties and '=' name from value, so both are escaped inside a value. The secret
# stays out of the file: Payara reads ${ENV=CAGE_SECRET} when it creates the pool.
servers_escaped="$(printf '%s' "$servers" | sed -e 's/=/\\=/g' -e 's/:/\\:/g')"
cat >"$work/postboot.asadmin" <<ASADMIN
deploy --name cage-rar $rar
create-connector-connection-pool --steadypoolsize 0 --maxpoolsize 8 --raname cage-rar --connectiondefinition dev.cage.api.CageConnectionFactory --transactionsupport NoTransaction --property servers=$servers_escaped:user=\${ENV=CAGE_USER}:secret=\${ENV=CAGE_SECRET}:responseTimeoutMillis=4000 cage-pool
create-connector-resource --poolname cage-pool cage/factory
ASADMIN
rm -rf "$work/tmp" && mkdir -p "$work/tmp"
say "starting the console on Payara Micro (log: $work/payara.log)"
java -Xmx512m -Djava.io.tmpdir="$work/tmp" -Dhazelcast.socket.bind.any=false -Dcage.web.users="$users" \
  -jar "$payara_jar" --port "$http_port" --prebootcommandfile "$work/preboot.asadmin" \
  --postbootcommandfile "$work/postboot.asadmin" --deploy "$war" --interfaces 127.0.0.1 --startport "$hz_port" \
  --clustermode "tcpip:127.0.0.1:$hz_port" --clustername "cage-console-$hz_port" >"$work/payara.log" 2>&1 &
payara_pid=$!

url="http://127.0.0.1:$http_port/cage-web/"
started=$SECONDS deadline=$((SECONDS + timeout)) code=""
until [[ "$code" == 200 ]] || ((SECONDS >= deadline)); do
  sleep 1
  kill -0 "$payara_pid" 2>/dev/null || fail "Payara Micro exited (see $work/payara.log)"
  grep -q "Exception during lifecycle processing" "$work/payara.log" && fail "Payara could not deploy the console (see $work/payara.log)"
  code="$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || true)"
done
[[ "$code" == 200 ]] || fail "the console did not answer $url within ${timeout} s (last HTTP status ${code:-none})"

# 4. Ready.
cat <<READY

Cage node:    cage://127.0.0.1:$node_port/  (log $work/node.log)
Cage console: $url  (ready after $((SECONDS - started)) s; log $work/payara.log)
Log in as:    admin, password in $password_file
More users:   java -cp cage-web/target/cage-web/WEB-INF/classes dev.cage.web.security.ConsoleUsers add NAME viewer|operator|admin $users
Ctrl-C stops both.
READY
# Whichever ends first (Ctrl-C, or one of them failing), the trap stops the other.
wait -n "$payara_pid" "$node_pid" || true
fail "the node or the console stopped (see $work/node.log and $work/payara.log)"
