#!/usr/bin/env bash
# jmxterm recipes for a running jwt-verifier (see docs/jmx.md).
#
#   jmx/jwt-verifier-jmx.sh [options] counters | keys | refresh ISSUER | flush ISSUER | cache | cache-flush
#                                     | reload | reset-counters | beans
#
# Options (or environment):
#   --url HOST:PORT      (JMX_URL, default 127.0.0.1:9010)
#   --user NAME          (JMX_USER, default admin)
#   --password SECRET    (JMX_PASSWORD, default admin-demo: the demo password of tomcat/run.sh)
#   --context PATH       (JMX_CONTEXT, default /jwt-verifier)
# jmxterm (org.cyclopsgroup:jmxterm:1.0.4, uber jar) is fetched from Maven Central on first use.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="${JMX_URL:-127.0.0.1:9010}"
USER_NAME="${JMX_USER:-admin}"
PASSWORD="${JMX_PASSWORD:-admin-demo}"
CONTEXT="${JMX_CONTEXT:-/jwt-verifier}"

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL="$2"; shift 2 ;;
    --user) USER_NAME="$2"; shift 2 ;;
    --password) PASSWORD="$2"; shift 2 ;;
    --context) CONTEXT="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage
COMMAND="$1"; shift

JMXTERM_VERSION=1.0.4
JMXTERM="$ROOT/target/tools/jmxterm-${JMXTERM_VERSION}-uber.jar"
if [ ! -f "$JMXTERM" ]; then
  mvn -B -q -f "$ROOT/pom.xml" dependency:copy \
    -Dartifact="org.cyclopsgroup:jmxterm:${JMXTERM_VERSION}:jar:uber" \
    -DoutputDirectory="$ROOT/target/tools" >&2
fi

jmxterm() {
  java -jar "$JMXTERM" -l "$URL" -u "$USER_NAME" -p "$PASSWORD" -n -v silent
}

bean() {
  echo "jwt-verifier:type=$1,context=$CONTEXT$2"
}

# ObjectName.quote: the issuer is a URL, so its value is quoted, with " and \ escaped.
issuer_bean() {
  local quoted
  quoted=$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\*/\\*/g' -e 's/?/\\?/g')
  bean KeyStore ",issuer=\"$quoted\""
}

case "$COMMAND" in
  counters)
    printf 'get -b %s AdmittedCount RejectedCount UnavailableCount DecisionsByReason DecisionsByIssuer LatencyP50Micros LatencyP99Micros\n' \
      "$(bean Verifier)" | jmxterm ;;
  keys)
    for name in $(printf 'beans -d jwt-verifier\n' | jmxterm | grep "type=KeyStore,context=$CONTEXT,"); do
      echo "# $name"
      printf 'get -b %s Issuer Keys KeySetAgeSeconds Usable Stale LastError FetchSuccessCount FetchFailureCount RateLimitedCount SkippedKeyCount\n' \
        "$name" | jmxterm
    done ;;
  refresh)
    [ $# -eq 1 ] || usage
    printf 'run -b %s refreshNow\n' "$(issuer_bean "$1")" | jmxterm ;;
  flush)
    [ $# -eq 1 ] || usage
    printf 'run -b %s flush\n' "$(issuer_bean "$1")" | jmxterm ;;
  cache)
    printf 'get -b %s Enabled Size Hits Misses HitRatio\n' "$(bean TokenCache)" | jmxterm ;;
  cache-flush)
    printf 'run -b %s flush\n' "$(bean TokenCache)" | jmxterm ;;
  reload)
    printf 'run -b %s reload\n' "$(bean Configuration)" | jmxterm ;;
  reset-counters)
    printf 'run -b %s resetCounters\n' "$(bean Verifier)" | jmxterm ;;
  beans)
    printf 'beans -d jwt-verifier\n' | jmxterm ;;
  *)
    usage ;;
esac
