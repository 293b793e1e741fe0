# Shell helpers shared by examples/payara-example.sh and cage-web/console.sh: sourced, not run.

say() { echo "==> $*"; }

# PID NAME: SIGTERM, up to 30 s, then SIGKILL.
stop_pid() {
  local pid="$1" name="$2"
  kill -0 "$pid" 2>/dev/null || return 0
  say "stopping $name (PID $pid)"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
}

# PORT: whether something accepts connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# REPO DIR: prints the path of Payara Micro (the version the parent pom names) in DIR, copying it there from the local
# Maven repository first (mvn dependency:copy fetches it from Maven Central the first time).
payara_micro_jar() {
  local repo="$1" dir="$2" version jar
  version="$(sed -n 's:.*<payara-micro.version>\(.*\)</payara-micro.version>.*:\1:p' "$repo/pom.xml")"
  jar="$dir/payara-micro-$version.jar"
  if [[ ! -f "$jar" ]]; then
    say "copying Payara Micro $version (mvn dependency:copy)" >&2
    (cd "$repo" && mvn -B -q -Dstyle.color=never -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="fish.payara.extras:payara-micro:$version" -DoutputDirectory="$dir") >&2
  fi
  echo "$jar"
}

# FILE: a pre-boot command file that binds Payara's HTTP listener to 127.0.0.1 (--interfaces does not).
loopback_preboot() {
  echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1" >"$1"
}
