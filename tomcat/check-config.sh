#!/usr/bin/env bash
# Checks a jwt-verifier configuration file before it is deployed, with the parser of the WAR itself.
#
#   tomcat/check-config.sh FILE            every problem of FILE, each naming its key
#   tomcat/check-config.sh FILE --fetch    and fetch each issuer's keys once (its URL, trust store, timeouts)
#
# Exit status: 0 usable, 1 problems (or, with --fetch, an issuer whose keys could not be had), 2 usage.
# Which WAR's code runs, first match wins:
#   --webapp DIR or $JWT_VERIFIER_WEBAPP   an unpacked web application, e.g. $CATALINA_BASE/webapps/jwt-verifier
#   --war FILE or $JWT_VERIFIER_WAR        a WAR file (unpacked into a temporary folder, removed on exit)
#   target/jwt-verifier/, then target/jwt-verifier.war of this project (mvn -B package -DskipTests builds both)
# Java: $JAVA_HOME/bin/java, else java on the PATH (17 or later).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEBAPP="${JWT_VERIFIER_WEBAPP:-}"
WAR="${JWT_VERIFIER_WAR:-}"
ARGS=()
usage() { echo "usage: check-config.sh FILE [--fetch] [--webapp DIR | --war FILE]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --webapp) [ $# -ge 2 ] || usage; WEBAPP="$2"; shift 2 ;;
    --war) [ $# -ge 2 ] || usage; WAR="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
[ ${#ARGS[@]} -gt 0 ] || usage

if [ -z "$WEBAPP" ] && [ -z "$WAR" ]; then
  if [ -d "$ROOT/target/jwt-verifier/WEB-INF/classes" ]; then
    WEBAPP="$ROOT/target/jwt-verifier"
  elif [ -f "$ROOT/target/jwt-verifier.war" ]; then
    WAR="$ROOT/target/jwt-verifier.war"
  else
    echo "check-config: no WAR to run: build it (mvn -B package -DskipTests) or give --webapp DIR / --war FILE" >&2
    exit 2
  fi
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ -z "$WEBAPP" ]; then
  [ -f "$WAR" ] || { echo "check-config: no WAR at $WAR" >&2; exit 2; }
  WEBAPP="$(mktemp -d "${TMPDIR:-/tmp}/jwt-verifier-check.XXXXXX")"
  trap 'rm -rf "$WEBAPP"' EXIT
  WAR="$(realpath "$WAR")"
  if command -v unzip >/dev/null; then
    unzip -q "$WAR" 'WEB-INF/*' -d "$WEBAPP"
  else
    (cd "$WEBAPP" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" xf "$WAR" WEB-INF)
  fi
fi
[ -d "$WEBAPP/WEB-INF/classes" ] || { echo "check-config: $WEBAPP is not an unpacked jwt-verifier (no WEB-INF/classes)" >&2; exit 2; }

# Not exec: the trap removes the unpacked WAR once Java has finished.
set +e
"$JAVA" -cp "$WEBAPP/WEB-INF/classes:$WEBAPP/WEB-INF/lib/*" org.jwtverifier.check.ConfigCheck "${ARGS[@]}"
STATUS=$?
set -e
exit $STATUS
