#!/usr/bin/env bash
# Administers a running jwt-verifier over remote JMX with jmxterm (see docs/jmx.md).
#
#   jmx/jwt-verifier-jmx.sh [options] COMMAND [ARGUMENT]
#
# Commands (reads print attributes as "Name = value;", operations print one line):
#   counters           decision counters and latency
#   keys               the keys held per issuer, their age and fetch counters
#   cache              the verified-token cache: size, hits, misses
#   beans              the jwt-verifier MBeans of every context
#   refresh ISSUER     fetch the issuer's keys now             -> refreshed: N key(s) [kid, ...]
#   flush ISSUER       drop the issuer's keys and fetch anew   -> refreshed: N key(s) [kid, ...]
#   cache-flush        forget every cached verification       -> cache flushed: it held N token(s)
#   reset-counters     set the decision counters to zero       -> counters reset: ... before
#   reload             re-read the configuration file          -> reloaded: N issuer(s) from FILE
#   revoke-token ISSUER JTI [UNTIL]  revoke one token (UNTIL: ISO-8601 instant, default the max token lifetime)
#   revoke-subject ISSUER SUB        revoke every token of SUB issued until now
#   revoke-session ISSUER SID        revoke every token of the session SID   -> revoked: ...
#   revocations [MAX]  the revocation counts and store state, and up to MAX (20) revocations, one per line
#
# Options (or environment):
#   --url HOST:PORT      (JMX_URL, default 127.0.0.1:9010)
#   --user NAME          (JMX_USER, default admin; an empty name connects without credentials)
#   --password SECRET    (JMX_PASSWORD, default admin-demo: the demo password of tomcat/run.sh)
#   --context PATH       (JMX_CONTEXT, default /jwt-verifier)
#
# Exit codes: 0 done; 1 refused or failed (a rejected reload, a failed refresh, a read-only user, wrong
# credentials, no JMX server, no verifier at that context), with one line saying why on stderr; 2 usage.
# jmxterm (org.cyclopsgroup:jmxterm:1.0.4, uber jar) is kept in ${XDG_CACHE_HOME:-~/.cache}/jwt-verifier/:
# copied from the local Maven repository, or fetched from Maven Central by Maven once (announced on stderr).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="${JMX_URL:-127.0.0.1:9010}"
USER_NAME="${JMX_USER-admin}"
PASSWORD="${JMX_PASSWORD-admin-demo}"
CONTEXT="${JMX_CONTEXT:-/jwt-verifier}"
ME="jwt-verifier-jmx.sh"

help_text() {
  awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"
}
usage() {
  [ $# -eq 0 ] || echo "$ME: $*" >&2
  help_text >&2
  exit 2
}
# The one line that says why, then exit 1.
fail() {
  echo "$ME: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    --url|--user|--password|--context)
      [ $# -ge 2 ] || usage "$1 needs a value"
      case "$1" in
        --url) URL="$2" ;;
        --user) USER_NAME="$2" ;;
        --password) PASSWORD="$2" ;;
        --context) CONTEXT="$2" ;;
      esac
      shift 2 ;;
    -h|--help) help_text; exit 0 ;;
    -*) usage "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage
COMMAND="$1"; shift
WHERE="$URL${USER_NAME:+ as $USER_NAME}"

# ---- jmxterm ------------------------------------------------------------------------------------------------
JMXTERM_VERSION=1.0.4
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/jwt-verifier"
JMXTERM="$CACHE/jmxterm-${JMXTERM_VERSION}-uber.jar"
if [ ! -f "$JMXTERM" ]; then
  m2="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}/org/cyclopsgroup/jmxterm/$JMXTERM_VERSION/jmxterm-$JMXTERM_VERSION-uber.jar"
  mkdir -p "$CACHE"
  if [ -f "$m2" ]; then
    echo "$ME: jmxterm $JMXTERM_VERSION: copying it from the local Maven repository to $CACHE (once)" >&2
    cp "$m2" "$JMXTERM.tmp"
  else
    echo "$ME: jmxterm $JMXTERM_VERSION: fetching it from Maven Central into $CACHE (once, about 10 s)" >&2
    mvn -B -q -f "$ROOT/pom.xml" dependency:copy -Dartifact="org.cyclopsgroup:jmxterm:$JMXTERM_VERSION:jar:uber" \
      -DoutputDirectory="$CACHE" -Dmdep.overWriteReleases=true >&2 \
      || fail "could not fetch jmxterm $JMXTERM_VERSION with Maven (no network to Maven Central?)"
    mv "$CACHE/jmxterm-$JMXTERM_VERSION-uber.jar" "$JMXTERM.tmp"
  fi
  mv "$JMXTERM.tmp" "$JMXTERM"   # whole or not at all: an interrupted copy leaves no half jar behind
fi

# ---- one jmxterm session ------------------------------------------------------------------------------------
# session COMMANDS [BEAN]: runs "beans -d jwt-verifier" and then the jmxterm commands given (one per line) in one
# JVM. Sets BEANS (the jwt-verifier MBeans, one canonical name a line) and RESULT (what the commands printed).
# When jmxterm failed, or BEAN is not among BEANS, it says why in one line and exits 1. "-v brief -e": results
# on stdout, errors on stderr, and a non-zero exit on the first failure.
BEANS=""
RESULT=""
session() {
  local auth=() out err tmp rc=0
  if [ -n "$USER_NAME" ]; then
    auth=(-u "$USER_NAME" -p "$PASSWORD")
  fi
  tmp="$(mktemp)"
  out="$(printf 'beans -d jwt-verifier\n%s\n' "$1" \
    | java -jar "$JMXTERM" -l "$URL" "${auth[@]}" -n -v brief -e 2>"$tmp")" || rc=$?
  err="$(cat "$tmp")"
  rm -f "$tmp"
  BEANS="$(printf '%s\n' "$out" | grep -E '^jwt-verifier:' || true)"
  RESULT="$(printf '%s\n' "$out" | grep -v -E '^jwt-verifier:' | sed '/^$/d' || true)"
  if [ "$rc" -ne 0 ]; then
    explain_failure "$err" "${2:-}"
  elif [ -n "${2:-}" ]; then
    require_bean "$2"
  fi
}

deployed_contexts() {
  printf '%s\n' "$BEANS" | sed -n 's/^jwt-verifier:context=\([^,]*\),.*/\1/p' | sort -u | paste -s -d ' '
}

explain_failure() {
  local err=$1 expected=$2 contexts
  if grep -q -e 'Authentication failed' -e 'Credentials required' -e 'Invalid username or password' <<<"$err"; then
    fail "authentication failed on $WHERE: wrong user or password (--user, --password)"
  elif grep -q -e 'Connection refused' -e 'Failed to retrieve RMIServer stub' -e 'UnknownHost' \
      -e 'Connection timed out' -e 'No route to host' <<<"$err"; then
    fail "no JMX server answers at $URL (is Tomcat running, with JMX on that port? tomcat/run.sh uses JMX_PORT, default 9010)"
  elif grep -q "Domain jwt-verifier doesn't exist" <<<"$err"; then
    fail "jwt-verifier is not deployed on $URL: the server has no jwt-verifier MBeans (did the deployment fail? see Tomcat's logs)"
  elif ! printf '%s\n' "$BEANS" | grep -q -F ":context=$CONTEXT,"; then
    contexts="$(deployed_contexts)"
    fail "jwt-verifier is not deployed at context $CONTEXT on $URL (deployed at: ${contexts:-none}; --context)"
  elif [ -n "$expected" ]; then
    require_bean "$expected"
  fi
  if grep -q 'Access denied' <<<"$err"; then
    fail "refused: $USER_NAME may not do that on $URL (a read-only user; operations need a readwrite one such as admin)"
  fi
  # Anything else: jmxterm's own words, without its banner, progress lines and stack frames.
  grep -v -e '^Welcome to JMX terminal' -e '^#calling operation' -e '^#mbean = ' -e '^#domain = ' \
    -e '^[[:space:]]*at ' -e '^#operation returns' <<<"$err" | head -n 5 >&2 || true
  fail "jmxterm failed on $WHERE"
}

# ---- names --------------------------------------------------------------------------------------------------
# ObjectNames in the canonical form the MBean server lists them (keys sorted), so that they compare as text.
bean() {
  echo "jwt-verifier:context=$CONTEXT,type=$1"
}
# ObjectName.quote: the issuer is a URL, so its value is quoted, with " \ * ? and newlines escaped.
issuer_bean() {
  local quoted
  quoted=$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\*/\\*/g' -e 's/?/\\?/g')
  echo "jwt-verifier:context=$CONTEXT,issuer=\"$quoted\",type=KeyStore"
}
keystore_beans() {
  printf '%s\n' "$BEANS" | grep -F ":context=$CONTEXT," | grep -E ',type=KeyStore$' || true
}
# Fails with a clear message unless the session found BEAN.
require_bean() {
  if ! printf '%s\n' "$BEANS" | grep -q -x -F "$1"; then
    if [[ "$1" == *",type=KeyStore" ]]; then
      fail "no KeyStore bean for issuer $ARGUMENT in context $CONTEXT on $URL; configured: $(keystore_beans \
        | sed -n 's/.*,issuer="\(.*\)",type=KeyStore$/\1/p' | paste -s -d ' ')"
    fi
    fail "no MBean $1 on $URL"
  fi
}
# The value of attribute NAME in RESULT ("Name = value;").
attribute() {
  printf '%s\n' "$RESULT" | sed -n "s/^$1 = \\(.*\\);\$/\\1/p" | head -n 1
}

# ---- what commands are made of ------------------------------------------------------------------------------
# read_attributes BEAN ATTRIBUTE...: prints them.
read_attributes() {
  local name=$1; shift
  session "get -b $name $*" "$name"
  printf '%s\n' "$RESULT"
}

# operation BEAN OPERATION [ARGUMENT...]: invokes an operation that answers with a one-line outcome, prints it,
# and exits 1 when the outcome says the operation was refused or failed (it starts with "rejected", "refused" or
# "failed", or says "... failed:").
operation() {
  local name=$1 op=$2; shift 2
  session "$(printf 'run -b %s %s' "$name" "$op"; [ $# -eq 0 ] || printf ' %s' "$@")" "$name"
  local outcome
  # On one line, whatever the MBean's text holds (a parser's message may span lines).
  outcome="$(printf '%s\n' "$RESULT" | tr -s '\n\t ' '   ' | sed 's/^ //; s/ $//')"
  if [ -z "$outcome" ] || [[ "$outcome" =~ ^(rejected|refused|failed)|^[a-z-]+\ failed: ]]; then
    fail "$COMMAND${ARGUMENT:+ $ARGUMENT}: ${outcome:-answered nothing}"
  fi
  echo "$outcome"
}

# need_args N: the command takes exactly N arguments.
need_args() {
  [ "$1" -eq "$ARGC" ] || usage "$COMMAND takes $1 argument(s)"
}
ARGC=$#
ARGUMENT="${1:-}"   # the command's argument (an issuer for refresh and flush), named in its messages

# ---- the commands: one case arm each, and one line in the usage above ---------------------------------------
case "$COMMAND" in
  counters)
    need_args 0
    read_attributes "$(bean Verifier)" AdmittedCount RejectedCount UnavailableCount DecisionsByReason \
      DecisionsByIssuer LatencyP50Micros LatencyP99Micros ;;
  keys)
    need_args 0
    session ""
    names="$(keystore_beans)"
    [ -n "$names" ] || fail "jwt-verifier is not deployed at context $CONTEXT on $URL (deployed at: $(deployed_contexts))"
    while IFS= read -r name; do
      echo "# $name"
      read_attributes "$name" Issuer Keys KeySetAgeSeconds Usable Stale LastError FetchSuccessCount \
        FetchFailureCount RateLimitedCount SkippedKeyCount
    done <<<"$names" ;;
  cache)
    need_args 0
    read_attributes "$(bean TokenCache)" Enabled Size Hits Misses HitRatio ;;
  beans)
    need_args 0
    session ""
    printf '%s\n' "$BEANS" ;;
  refresh)
    need_args 1
    operation "$(issuer_bean "$ARGUMENT")" refreshNow ;;
  flush)
    need_args 1
    operation "$(issuer_bean "$ARGUMENT")" flush ;;
  cache-flush)
    need_args 0
    # A void operation: jmxterm would print "null". The size read just before says what went.
    session "get -b $(bean TokenCache) Size
run -b $(bean TokenCache) flush" "$(bean TokenCache)"
    echo "cache flushed: it held $(attribute Size) token(s)" ;;
  reset-counters)
    need_args 0
    session "get -b $(bean Verifier) AdmittedCount RejectedCount UnavailableCount
run -b $(bean Verifier) resetCounters" "$(bean Verifier)"
    echo "counters reset: admitted $(attribute AdmittedCount), rejected $(attribute RejectedCount)," \
      "unavailable $(attribute UnavailableCount) before" ;;
  reload)
    need_args 0
    operation "$(bean Configuration)" reload ;;
  revoke-token)
    { [ "$ARGC" -eq 2 ] || [ "$ARGC" -eq 3 ]; } || usage "revoke-token takes 2 or 3 argument(s)"
    # Without UNTIL, jmxterm passes null: the revocation lasts revocation.maxTokenLifetime. No spaces in values.
    operation "$(bean Revocations)" revokeTokenId "$1" "$2" "${3:-null}" ;;
  revoke-subject)
    need_args 2
    operation "$(bean Revocations)" revokeSubject "$1" "$2" ;;
  revoke-session)
    need_args 2
    operation "$(bean Revocations)" revokeSession "$1" "$2" ;;
  revocations)
    [ "$ARGC" -le 1 ] || usage "revocations takes at most 1 argument"
    session "get -b $(bean Revocations) TokenIdCount SubjectCount SessionCount MaxEntries StoreDetail
run -b $(bean Revocations) list ${1:-20}" "$(bean Revocations)"
    printf '%s\n' "$RESULT" ;;
  *)
    usage "unknown command $COMMAND" ;;
esac
