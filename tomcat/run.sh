#!/usr/bin/env bash
# Runs jwt-verifier on a real Tomcat 10.1: in the foreground (run, the default) or as a background service
# (start, stop, status).
#
#   tomcat/run.sh [--no-build] [run|start|stop|status|prepare]
#
#   run      builds the WAR, lays out the Tomcat base and runs Tomcat in the foreground; Ctrl-C stops it
#   start    the same in the background: returns once /jwt-verifier/health answers 200 (exit 0), or stops
#            Tomcat again and exits 1 with the reason (Tomcat died, or the deployment failed: /health answers 404)
#   stop     stops the Tomcat started here: SIGTERM to the PID in the PID file, SIGKILL after STOP_TIMEOUT s
#   status   exit 0 and its PID and health while it runs, 3 when it does not run
#   prepare  lays out the base and stops there (for a service manager: tomcat/jwt-verifier.service)
#   --no-build   no Maven: runs target/jwt-verifier.war (or $WAR) as built, on the Tomcat already unpacked in the
#                base, else unpacked from the local Maven repository
#
# Environment: HTTP_PORT (8080), JMX_PORT (9010), JWT_VERIFIER_YAML (webapp-config/demo.yaml),
# TOMCAT_BASE (target/run-tomcat), WAR (target/jwt-verifier.war), START_TIMEOUT (120), STOP_TIMEOUT (30),
# NATIVE_CRYPTO (on; off: the JDK's providers verify, the native provider's jar is left out of the base).
# Exit codes: 0 done, 1 failed or refused (an instance already runs on this base), 2 usage, 3 not running (status).
#
# One instance per base: the PID file $TOMCAT_BASE/jwt-verifier.pid names the running JVM; while it lives,
# run and start refuse before building or touching anything in the base. Tomcat
# (org.apache.tomcat:tomcat:<tomcat.version>:tar.gz from Maven Central) is unpacked into the base, which gets:
#   conf/server.xml                          <- tomcat/conf/server.xml (127.0.0.1, keep-alive friendly)
#   conf/logging.properties                  <- tomcat/conf/logging.properties (decision log in its own file)
#   bin/setenv.sh                            <- tomcat/setenv.sh (JMX on 127.0.0.1:$JMX_PORT, authenticated)
#   conf/native-crypto.security              <- tomcat/conf/native-crypto.security (native provider first)
#   lib/native-crypto/AmazonCorrettoCryptoProvider-<v>-linux-x86_64.jar
#                                            <- the local Maven repository (the build resolves it), on x86-64
#                                               Linux with glibc only; setenv.sh registers it
#   conf/jmxremote.password, .access (600)   <- jmx/ templates (demo passwords: monitor-demo, admin-demo)
#   conf/Catalina/localhost/jwt-verifier.xml <- context file whose parameter names the config file
#   webapps/jwt-verifier.war                 <- the WAR
#   logs/console.log                         <- Tomcat's console when started in the background
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

usage() {
  awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}" >&2
  exit 2
}
say() { echo "tomcat/run.sh: $*"; }
die() { echo "tomcat/run.sh: $*" >&2; exit 1; }

BUILD=true
COMMAND=run
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=false ;;
    run|start|stop|status|prepare) COMMAND="$1" ;;
    -h|--help) usage ;;
    *) usage ;;
  esac
  shift
done

export HTTP_PORT="${HTTP_PORT:-8080}"
export JMX_PORT="${JMX_PORT:-9010}"
BASE="$(realpath -m "${TOMCAT_BASE:-$ROOT/target/run-tomcat}")"
WAR="$(realpath -m "${WAR:-$ROOT/target/jwt-verifier.war}")"
PID_FILE="$BASE/jwt-verifier.pid"
START_TIMEOUT="${START_TIMEOUT:-120}"
STOP_TIMEOUT="${STOP_TIMEOUT:-30}"
HEALTH="http://127.0.0.1:${HTTP_PORT}/jwt-verifier/health"

# The PID of the instance running on this base, or nothing. A PID file whose process is gone, or is not this
# base's Tomcat (a PID reused by the system), names no instance.
running_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 0
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -F -e "-Dcatalina.base=$BASE " -e "$BASE/bin/catalina.sh" -e "run.sh"; then
    echo "$pid"
  fi
}

# The HTTP status of /health, or 000 when nothing answers.
health_status() {
  curl -s -o /dev/null -m 5 -w '%{http_code}' "$HEALTH" 2>/dev/null || true
}

stop() {
  local pid waited=0
  pid="$(running_pid)"
  if [ -z "$pid" ]; then
    rm -f "$PID_FILE"
    say "not running (base $BASE)"
    return 0
  fi
  say "stopping PID $pid (SIGTERM; SIGKILL after ${STOP_TIMEOUT} s)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$STOP_TIMEOUT" ]; do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "PID $pid still running after ${STOP_TIMEOUT} s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE"
  say "stopped"
}

status() {
  local pid
  pid="$(running_pid)"
  if [ -z "$pid" ]; then
    say "not running (base $BASE)"
    exit 3
  fi
  say "running, PID $pid, base $BASE; $HEALTH answers $(health_status)"
  exit 0
}

case "$COMMAND" in
  stop) stop; exit 0 ;;
  status) status ;;
esac

# run, start and prepare: refuse while an instance runs on this base, before building or touching anything.
pid="$(running_pid)"
if [ -n "$pid" ]; then
  die "refused: jwt-verifier already runs on this base as PID $pid ($BASE); 'tomcat/run.sh stop' stops it, or set TOMCAT_BASE, HTTP_PORT and JMX_PORT for a second one"
fi

CONFIG="$(realpath -m "${JWT_VERIFIER_YAML:-$ROOT/webapp-config/demo.yaml}")"
[ -f "$CONFIG" ] || die "no configuration file $CONFIG"

if [ "$BUILD" = true ]; then
  say "building target/jwt-verifier.war ..."
  mvn -B -q package -DskipTests
  if [ "$BASE" = "$ROOT/target/run-tomcat" ] && [ ! -x "$BASE/bin/catalina.sh" ]; then
    say "unpacking Tomcat into $BASE ..."
    mvn -B -q dependency:unpack@unpack-run-tomcat
  fi
fi
[ -f "$WAR" ] || die "no WAR at $WAR: build it (mvn -B package -DskipTests) or run without --no-build"

if [ ! -x "$BASE/bin/catalina.sh" ]; then
  # Without Maven: the distribution that Maven fetched before, from the local repository.
  version="$(sed -n 's|.*<tomcat.version>\(.*\)</tomcat.version>.*|\1|p' pom.xml | head -n 1)"
  tarball="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}/org/apache/tomcat/tomcat/$version/tomcat-$version.tar.gz"
  [ -f "$tarball" ] || die "no Tomcat in $BASE and no $tarball: run once without --no-build"
  say "unpacking Tomcat $version into $BASE ..."
  mkdir -p "$BASE"
  tar -xzf "$tarball" -C "$BASE" --strip-components=1 --exclude='*/webapps/*'
fi

mkdir -p "$BASE/webapps" "$BASE/logs" "$BASE/temp" "$BASE/work" "$BASE/conf/Catalina/localhost"
install -m 644 tomcat/conf/server.xml "$BASE/conf/server.xml"
install -m 644 tomcat/conf/logging.properties "$BASE/conf/logging.properties"
install -m 755 tomcat/setenv.sh "$BASE/bin/setenv.sh"
install -m 644 tomcat/conf/native-crypto.security "$BASE/conf/native-crypto.security"
install -m 600 jmx/jmxremote.password "$BASE/conf/jmxremote.password"
install -m 600 jmx/jmxremote.access "$BASE/conf/jmxremote.access"

# Native signature verification: the provider's jar where setenv.sh looks for it, or nothing there.
rm -rf "$BASE/lib/native-crypto"
if [ "${NATIVE_CRYPTO:-on}" = off ]; then
  say "NATIVE_CRYPTO=off: the JDK's providers verify"
elif [ "$(uname -m)" != x86_64 ] || ldd --version 2>&1 | grep -qi musl; then
  say "native crypto: the provider's build is for x86-64 Linux with glibc, not $(uname -m)$(ldd --version 2>&1 | grep -qi musl && echo ' musl'): the JDK's providers verify"
else
  accp_version="$(sed -n 's|.*<accp.version>\(.*\)</accp.version>.*|\1|p' pom.xml | head -n 1)"
  accp_classifier="$(sed -n 's|.*<accp.classifier>\(.*\)</accp.classifier>.*|\1|p' pom.xml | head -n 1)"
  accp_jar="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}/software/amazon/cryptools/AmazonCorrettoCryptoProvider/$accp_version/AmazonCorrettoCryptoProvider-$accp_version-$accp_classifier.jar"
  if [ -f "$accp_jar" ]; then
    mkdir -p "$BASE/lib/native-crypto"
    install -m 644 "$accp_jar" "$BASE/lib/native-crypto/"
    say "native crypto: $(basename "$accp_jar") installed as the first security provider"
  else
    say "native crypto: no $accp_jar (run once without --no-build): the JDK's providers verify"
  fi
fi

xml_escape() {
  printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/"/\&quot;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
}
cat > "$BASE/conf/Catalina/localhost/jwt-verifier.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by tomcat/run.sh: the context /jwt-verifier, configured by the file below. -->
<Context>
  <Parameter name="jwt-verifier.config" value="$(xml_escape "$CONFIG")" override="false"/>
</Context>
XML

rm -rf "$BASE/webapps/jwt-verifier" "$BASE/webapps/jwt-verifier.war"
cp "$WAR" "$BASE/webapps/jwt-verifier.war"

export CATALINA_HOME="$BASE"
export CATALINA_BASE="$BASE"
# catalina.sh's own PID file handling is for "catalina.sh start"; this script keeps its own.
unset CATALINA_PID
if [ "$COMMAND" = prepare ]; then
  say "laid out $BASE: CATALINA_HOME=CATALINA_BASE=$BASE $BASE/bin/catalina.sh run (HTTP_PORT, JMX_PORT) runs it"
  exit 0
fi

cat <<INFO
jwt-verifier on Tomcat: http://127.0.0.1:${HTTP_PORT}/jwt-verifier/verify   (config: $CONFIG)
  health:  curl -i $HEALTH
  token:   TOKEN=\$(webapp-config/demo/mint-token.sh --sub alice --email alice@example.com)
  verify:  curl -i -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:${HTTP_PORT}/jwt-verifier/verify
  JMX:     127.0.0.1:${JMX_PORT} (monitor/monitor-demo read-only, admin/admin-demo read-write)
INFO

if [ "$COMMAND" = run ]; then
  echo "Ctrl-C stops Tomcat."
  # exec keeps this PID: the PID file names the JVM.
  echo "$$" >"$PID_FILE"
  exec "$BASE/bin/catalina.sh" run
fi

# start: catalina.sh run in the background; it execs the JVM, so $! is Tomcat's PID. nohup: a closed terminal
# does not stop it (the JVM keeps an ignored SIGHUP ignored); console into logs/console.log.
nohup "$BASE/bin/catalina.sh" run </dev/null >>"$BASE/logs/console.log" 2>&1 &
pid=$!
echo "$pid" >"$PID_FILE"
say "started PID $pid (console: $BASE/logs/console.log); waiting up to ${START_TIMEOUT} s for $HEALTH"
waited=0
code=000
while [ "$waited" -lt "$START_TIMEOUT" ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$PID_FILE"
    tail -n 20 "$BASE/logs/console.log" | sed 's/^/    /' >&2
    die "start failed: Tomcat exited (see $BASE/logs/console.log)"
  fi
  code="$(health_status)"
  # Tomcat opens its HTTP port only once it has deployed: any answer is final, and a 404 means the webapp is
  # not there, its deployment failed.
  [ "$code" = 000 ] || break
  sleep 1
  waited=$((waited + 1))
done
if [ "$code" != 200 ]; then
  grep -h -E 'SEVERE|Exception' "$BASE"/logs/catalina.*.log "$BASE/logs/console.log" 2>/dev/null | head -n 5 | sed 's/^/    /' >&2 || true
  stop >&2
  if [ "$code" = 000 ]; then
    die "start failed: $HEALTH did not answer within ${START_TIMEOUT} s; Tomcat stopped (see $BASE/logs/)"
  fi
  die "start failed: $HEALTH answers $code: the deployment failed; Tomcat stopped (see $BASE/logs/)"
fi
say "up: $HEALTH answers 200"
