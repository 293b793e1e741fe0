#!/usr/bin/env bash
# The README's Jakarta EE example, end to end, on Payara Micro:
#   1. builds the node, the resource adapter (cage-rar.rar) and the example application (cage-example.war);
#   2. starts a node (./cage server --root ./cage-root), or uses the one already serving the port;
#   3. fetches Payara Micro into the local Maven repository if needed (mvn dependency:copy);
#   4. starts Payara Micro on 127.0.0.1 with the adapter and the application, and waits until the application answers;
#   5. PUTs a document, GETs it back, compares the bytes and shows the node's facts;
#   6. stops what it started (Payara, and the node if it started one), by PID.
#
# Two ways to give the application its connection factory:
#   default     --deploy cage-rar.rar --deploy cage-example.war; the WAR declares the factory itself
#               (@ConnectionFactoryDefinition, java:app/cage) and reads servers and login from the environment
#               through ${ENV=...}.
#   --postboot  a post-boot command file deploys the adapter and creates the server-wide pool and the connector
#               resource cage/factory; the application (cage-example-postboot.war, the same classes without the
#               definition) looks it up. Only --deploy cage-example.war on the command line.
#
# The node's login: user $CAGE_USER (default admin) and secret $CAGE_SECRET, or else the admin secret the node wrote
# on its first start (DATA-DIR/admin.secret, by default ~/.cage/node-PORT/admin.secret).
# Needs Java 17+, Maven 3.8+, curl. Exit status 0 only if the document came back byte for byte.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: examples/payara-example.sh [--postboot] [--no-build] [--root DIR] [--node-port P] [--data-dir DIR]
                                  [--http-port P] [--hz-port P] [--work DIR] [--timeout SECONDS]
  --postboot      create the connection factory with a post-boot command file instead of the application's
                  @ConnectionFactoryDefinition
  --no-build      use the jars already built (cage-cli/target/cage.jar, cage-rar/target/cage-rar.rar,
                  cage-example/target/cage-example*.war)
  --root DIR      the node's root when it is started here (default ./cage-root)
  --node-port P   the node's port (default 7070; its data ports follow it)
  --data-dir DIR  the node's data directory (default ~/.cage/node-PORT)
  --http-port P   Payara's HTTP port (default 8080)
  --hz-port P     Payara's data grid port on 127.0.0.1 (default 6900)
  --work DIR      Payara's logs, temporary files and the post-boot file (default cage-example/target/payara-example)
  --timeout S     how long to wait for the node and for Payara, each (default 180)
USAGE
}

repo="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
postboot=0 build=1 root=./cage-root node_port=7070 data_dir="" http_port=8080 hz_port=6900 timeout=180
work="$repo/cage-example/target/payara-example"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --postboot) postboot=1 ;;
    --no-build) build=0 ;;
    --root) root="$2"; shift ;;
    --node-port) node_port="$2"; shift ;;
    --data-dir) data_dir="$2"; shift ;;
    --http-port) http_port="$2"; shift ;;
    --hz-port) hz_port="$2"; shift ;;
    --work) work="$2"; shift ;;
    --timeout) timeout="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "payara-example: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
data_dir="${data_dir:-$HOME/.cage/node-$node_port}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

# say, stop_pid, port_open, payara_micro_jar, loopback_preboot
source "$repo/examples/lib/processes.sh"
fail() { echo "payara-example: $*" >&2; exit 1; }

node_pid="" payara_pid=""
cleanup() {
  local status=$?
  [[ -n "$payara_pid" ]] && stop_pid "$payara_pid" "Payara Micro"
  [[ -n "$node_pid" ]] && stop_pid "$node_pid" "the node"
  if [[ $status -ne 0 ]]; then
    for log in "$work/payara.log" "$work/node.log"; do
      [[ -s "$log" ]] && { echo "--- last lines of $log" >&2; tail -n 40 "$log" >&2; }
    done
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# 1. Build.
if [[ $build -eq 1 ]]; then
  say "building the node, cage-rar.rar and cage-example.war (mvn -B -q package -DskipTests)"
  (cd "$repo" && mvn -B -q -Dstyle.color=never package -DskipTests -pl cage-cli,cage-rar,cage-example -am)
fi
rar="$repo/cage-rar/target/cage-rar.rar"
if [[ $postboot -eq 1 ]]; then war_built="$repo/cage-example/target/cage-example-postboot.war"
else war_built="$repo/cage-example/target/cage-example.war"; fi
for f in "$repo/cage-cli/target/cage.jar" "$rar" "$war_built"; do
  [[ -f "$f" ]] || fail "$f is missing: build first (leave out --no-build)"
done
# Payara Micro names the application after the file: both variants are served under /cage-example.
war="$work/cage-example.war"
cp "$war_built" "$war"

# 2. The node.
if port_open "$node_port"; then
  say "a node already serves 127.0.0.1:$node_port: using it"
else
  say "starting a node: ./cage server --root $root --port $node_port (log: $work/node.log)"
  mkdir -p "$root"
  args=(server --root "$root" --port "$node_port")
  [[ "$data_dir" != "$HOME/.cage/node-$node_port" ]] && args+=(--data-dir "$data_dir")
  # ./cage rebuilds the whole reactor first when any source is newer than its jar; with --no-build the jar is run
  # as it is (the same command), so a build that runs this script never starts a second build inside itself.
  if [[ $build -eq 1 ]]; then cage=("$repo/cage"); else cage=(java -jar "$repo/cage-cli/target/cage.jar"); fi
  "${cage[@]}" "${args[@]}" >"$work/node.log" 2>&1 &
  node_pid=$!
  deadline=$((SECONDS + timeout))
  until port_open "$node_port" || ((SECONDS >= deadline)); do
    kill -0 "$node_pid" 2>/dev/null || fail "the node exited (see $work/node.log)"
    sleep 0.5
  done
  port_open "$node_port" || fail "the node did not open port $node_port within ${timeout} s"
fi
export CAGE_SERVERS="main=127.0.0.1:$node_port"
if [[ -z "${CAGE_SECRET:-}" ]]; then
  # Two lines, the user then the secret (as the node writes it), or just the secret.
  [[ -r "$data_dir/admin.secret" ]] \
    || fail "no secret: set CAGE_USER and CAGE_SECRET, or keep the node's admin secret in $data_dir/admin.secret"
  mapfile -t lines <"$data_dir/admin.secret"
  if [[ ${#lines[@]} -ge 2 ]]; then CAGE_USER="${CAGE_USER:-${lines[0]}}" CAGE_SECRET="${lines[1]}"
  else CAGE_SECRET="${lines[0]:-}"; fi
fi
export CAGE_USER="${CAGE_USER:-admin}" CAGE_SECRET

# 3. Payara Micro, from the local Maven repository (fetched from Maven Central the first time).
payara_jar="$(payara_micro_jar "$repo" "$repo/cage-example/target/payara")"
[[ -f "$payara_jar" ]] || fail "no Payara Micro at $payara_jar (could not copy it from the Maven repository)"

# 4. Payara Micro on 127.0.0.1 only. The data grid is a one-member TCP/IP cluster on the loopback interface; its
# socket still listens on every interface unless hazelcast.socket.bind.any=false. --interfaces does not touch the
# HTTP listener, which a pre-boot command binds to 127.0.0.1 (this application hands out documents to anyone who
# asks).
loopback_preboot "$work/preboot.asadmin"
micro_args=(--port "$http_port" --prebootcommandfile "$work/preboot.asadmin" --interfaces 127.0.0.1
  --startport "$hz_port" --clustermode "tcpip:127.0.0.1:$hz_port" --clustername "cage-example-$hz_port")
if [[ $postboot -eq 1 ]]; then
  # The pool needs the adapter, and this file runs before --deploy: the file deploys the RAR itself. In --property,
  # ':' separates properties and '=' name from value, so both are escaped inside a value. The secret stays out of
  # the file: Payara reads ${ENV=CAGE_SECRET} when it creates the pool.
  cat >"$work/cage.asadmin" <<ASADMIN
deploy --name cage-rar $rar
create-connector-connection-pool --raname cage-rar --connectiondefinition dev.cage.api.CageConnectionFactory --transactionsupport XATransaction --property servers=main\\=127.0.0.1\\:$node_port:user=\${ENV=CAGE_USER}:secret=\${ENV=CAGE_SECRET} cage-pool
create-connector-resource --poolname cage-pool cage/factory
ASADMIN
  micro_args+=(--postbootcommandfile "$work/cage.asadmin" --deploy "$war")
  say "starting Payara Micro: --postbootcommandfile $work/cage.asadmin --deploy cage-example.war (log: $work/payara.log)"
else
  micro_args+=(--deploy "$rar" --deploy "$war")
  say "starting Payara Micro: --deploy cage-rar.rar --deploy cage-example.war (log: $work/payara.log)"
fi
rm -rf "$work/tmp" && mkdir -p "$work/tmp"
java -Xmx512m -Djava.io.tmpdir="$work/tmp" -Dhazelcast.socket.bind.any=false -jar "$payara_jar" "${micro_args[@]}" >"$work/payara.log" 2>&1 &
payara_pid=$!

base="http://127.0.0.1:$http_port/cage-example/api"
started=$SECONDS deadline=$((SECONDS + timeout)) code=""
until [[ "$code" == 200 ]] || ((SECONDS >= deadline)); do
  sleep 1
  kill -0 "$payara_pid" 2>/dev/null || fail "Payara Micro exited (see $work/payara.log)"
  code="$(curl -s --max-time 15 -o "$work/node.txt" -w '%{http_code}' "$base/node" || true)"
done
if [[ "$code" != 200 ]]; then
  [[ -s "$work/node.txt" ]] && cat "$work/node.txt" >&2
  fail "the application did not answer $base/node within ${timeout} s (last HTTP status ${code:-none})"
fi
say "the application answers after $((SECONDS - started)) s"

# 5. A document there and back.
doc="$work/hello.txt"
printf 'Hello from Cage, %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$doc"
say "PUT $base/documents/hello.txt"
curl -sS -f -X PUT -H 'Content-Type: text/plain' --data-binary "@$doc" "$base/documents/hello.txt"
say "GET $base/documents/hello.txt"
curl -sS -f -o "$work/hello.back" "$base/documents/hello.txt"
cat "$work/hello.back"
cmp -s "$doc" "$work/hello.back" || fail "GET returned other bytes than the PUT sent"
say "GET returned the PUT bytes ($(wc -c <"$doc") bytes)"
say "GET $base/node"
curl -sS -f "$base/node"
say "done"
