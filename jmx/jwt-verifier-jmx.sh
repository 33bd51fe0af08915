#!/usr/bin/env bash
# jmxterm recipes for a running jwt-verifier (see docs/jmx.md).
#
#   jmx/jwt-verifier-jmx.sh [options] counters | keys | refresh ISSUER | flush ISSUER | cache | cache-flush
#                                     | reload | reset-counters | beans
#   jmx/jwt-verifier-jmx.sh [options] revoke-token ISSUER JTI [UNTIL] | revoke-subject ISSUER SUB
#                                     | revoke-session ISSUER SID | revocations [MAX]
#
# Options (or environment):
#   --url HOST:PORT      (JMX_URL, default 127.0.0.1:9010)
#   --user NAME          (JMX_USER, default admin; an empty name connects without credentials)
#   --password SECRET    (JMX_PASSWORD, default admin-demo: the demo password of tomcat/run.sh)
#   --context PATH       (JMX_CONTEXT, default /jwt-verifier)
# Exits non-zero when jmxterm cannot connect, a bean is missing or an operation is refused (for example to the
# read-only user monitor), with jmxterm's error on stderr.
# jmxterm (org.cyclopsgroup:jmxterm:1.0.4, uber jar) is fetched from Maven Central on first use.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="${JMX_URL:-127.0.0.1:9010}"
USER_NAME="${JMX_USER-admin}"
PASSWORD="${JMX_PASSWORD-admin-demo}"
CONTEXT="${JMX_CONTEXT:-/jwt-verifier}"

usage() {
  sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
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

# Runs the jmxterm commands read from stdin. "-v brief -e": results on stdout, jmxterm's own chatter and errors
# on stderr, and a non-zero exit on the first failure ("-v silent" would hide errors and exit 0).
jmxterm() {
  local auth=() err rc=0
  if [ -n "$USER_NAME" ]; then
    auth=(-u "$USER_NAME" -p "$PASSWORD")
  fi
  err="$(mktemp)"
  java -jar "$JMXTERM" -l "$URL" "${auth[@]}" -n -v brief -e 2>"$err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    grep -v -e '^Welcome to JMX terminal' -e '^#calling operation' -e '^#mbean = ' -e '^[[:space:]]*at ' "$err" \
      | head -n 5 >&2 || true
    echo "jwt-verifier-jmx.sh: jmxterm failed (exit $rc) on $URL${USER_NAME:+ as $USER_NAME}" >&2
  fi
  rm -f "$err"
  return "$rc"
}

bean() {
  echo "jwt-verifier:type=$1,context=$CONTEXT${2:-}"
}

# The KeyStore beans of this context, one name per line, as the MBean server spells them (its canonical form
# sorts the keys: context=...,issuer=...,type=KeyStore).
keystore_beans() {
  local names
  names="$(printf 'beans -d jwt-verifier\n' | jmxterm)"
  printf '%s\n' "$names" | grep -E '(^jwt-verifier:|,)type=KeyStore(,|$)' \
    | grep -F -e ":context=$CONTEXT," -e ",context=$CONTEXT," || true
}

# ObjectName.quote: the issuer is a URL, so its value is quoted, with " and \ escaped.
issuer_bean() {
  local quoted
  quoted=$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\*/\\*/g' -e 's/?/\\?/g')
  bean KeyStore ",issuer=\"$quoted\""
}

# Fails with a clear message unless the issuer has a KeyStore bean in this context.
require_issuer() {
  local quoted names
  quoted="$(issuer_bean "$1")"
  quoted="issuer=${quoted#*,issuer=}"
  names="$(keystore_beans)"
  if ! printf '%s\n' "$names" | grep -qF -e ",$quoted," -e ",$quoted" ; then
    echo "jwt-verifier-jmx.sh: no KeyStore bean for issuer $1 in context $CONTEXT on $URL; configured:" >&2
    printf '%s\n' "$names" | sed 's/^/  /' >&2
    exit 1
  fi
}

case "$COMMAND" in
  counters)
    printf 'get -b %s AdmittedCount RejectedCount UnavailableCount DecisionsByReason DecisionsByIssuer LatencyP50Micros LatencyP99Micros\n' \
      "$(bean Verifier)" | jmxterm ;;
  keys)
    names="$(keystore_beans)"
    if [ -z "$names" ]; then
      echo "jwt-verifier-jmx.sh: no KeyStore bean for context $CONTEXT on $URL" >&2
      exit 1
    fi
    while IFS= read -r name; do
      echo "# $name"
      printf 'get -b %s Issuer Keys KeySetAgeSeconds Usable Stale LastError FetchSuccessCount FetchFailureCount RateLimitedCount SkippedKeyCount\n' \
        "$name" | jmxterm
    done <<<"$names" ;;
  refresh)
    [ $# -eq 1 ] || usage
    require_issuer "$1"
    printf 'run -b %s refreshNow\n' "$(issuer_bean "$1")" | jmxterm ;;
  flush)
    [ $# -eq 1 ] || usage
    require_issuer "$1"
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
  revoke-token|revoke-subject|revoke-session)
    # UNTIL: an ISO-8601 instant; without it (jmxterm's null) the revocation lasts revocation.maxTokenLifetime.
    # The answer starts with "revoked: " or "refused: " (the latter exits 1); values must not contain spaces.
    case "$COMMAND" in
      revoke-token) { [ $# -eq 2 ] || [ $# -eq 3 ]; } || usage; op="revokeTokenId $1 $2 ${3:-null}" ;;
      revoke-subject) [ $# -eq 2 ] || usage; op="revokeSubject $1 $2" ;;
      *) [ $# -eq 2 ] || usage; op="revokeSession $1 $2" ;;
    esac
    out="$(printf 'run -b %s %s\n' "$(bean Revocations)" "$op" | jmxterm)"
    printf '%s\n' "$out"
    case "$out" in refused*) exit 1 ;; esac ;;
  revocations)
    printf 'get -b %s TokenIdCount SubjectCount SessionCount MaxEntries StoreDetail\nrun -b %s list %s\n' \
      "$(bean Revocations)" "$(bean Revocations)" "${1:-20}" | jmxterm ;;
  *)
    usage ;;
esac
