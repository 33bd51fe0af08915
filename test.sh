#!/usr/bin/env bash
# The test command: sets up what a fresh Debian machine lacks, then runs every test (mvn -B verify -Pslow).
#
#   ./test.sh                  set up, then mvn -B verify -Pslow (about 15 minutes on 2 cores)
#   ./test.sh --check          say what is there and what is missing; install nothing, run nothing
#   ./test.sh --setup-only     set up, then stop
#   ./test.sh [...] ARGS...    extra Maven arguments, appended to mvn -B verify -Pslow
#
# The tests need JDK 17 and Maven, and from Debian's packages caddy, nginx and prometheus (promtool) for the
# end-to-end and exposition tests, shellcheck and systemd (systemd-analyze) for the tests of the scripts and of
# the systemd unit. What is missing is installed with apt-get, as root or through sudo -n, without starting any
# service a package would start (policy-rc.d).
# Tomcat 11 runs on JDK 25 where /usr/lib/jvm/temurin-25-jdk-amd64 holds one (pom.xml, profile
# tomcat11-on-jdk25), else on the build's JDK: no Debian 12 package provides JDK 25, so this script reports
# which one it will be and installs none.
#
# Every step is announced with the seconds since the start. Where the set-up cannot go on (no root and no sudo,
# no network, a broken JDK) the last line says why and the exit code is 1; a failed test run ends with the
# failing tests and their messages, and the fuzz inputs that made a target fail. Exit codes: 0 passed (or set up),
# 1 set-up failed or something is missing (--check), 2 usage, else Maven's.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
MODE="test"
usage() {
  # The comment block at the top, up to the first line of code.
  awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --check) MODE=check; shift ;;
    --setup-only) MODE=setup; shift ;;
    -h|--help) usage ;;
    --) shift; break ;;
    -*) [ "$MODE" = test ] || usage; break ;;   # Maven's own options
    *) usage ;;
  esac
done
[ "$MODE" = test ] || [ $# -eq 0 ] || usage

started=$SECONDS
step() { printf '\n==> test [%4ss] %s\n' "$((SECONDS - started))" "$*"; }
# The one line that says why the run cannot go on.
die() {
  printf '\n==> test [%4ss] CANNOT GO ON: %s\n' "$((SECONDS - started))" "$*" >&2
  exit 1
}
failed() {   # the ERR trap: which command failed, and the chain of calls that led to it
  local rc=$1 line=$2 command=$3 i
  printf '\n==> test [%4ss] FAILED (exit %s) at test.sh line %s: %s' "$((SECONDS - started))" "$rc" "$line" "$command" >&2
  for ((i = 1; i < ${#FUNCNAME[@]} - 1; i++)); do
    printf ', in %s called at line %s' "${FUNCNAME[$i]}" "${BASH_LINENO[$i]}" >&2
  done
  printf '\n' >&2
}
trap 'failed $? $LINENO "$BASH_COMMAND"' ERR

# What to undo however the run ends: a policy-rc.d this script put in place, its temporary files.
added_policy=false
stamp=""
apt_log=""
cleanup() {
  if [ "$added_policy" = true ]; then
    as_root rm -f /usr/sbin/policy-rc.d
  fi
  rm -f "$stamp" "$apt_log"
}
trap cleanup EXIT

# Runs a command as root: directly when we are root, through sudo (never asking for a password) otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

# command -> Debian package, in the order they are checked. nginx lives in /usr/sbin, off a user's PATH.
TOOLS=(java javac mvn promtool caddy nginx shellcheck systemd-analyze)
declare -A PACKAGE=(
  [java]=openjdk-17-jdk-headless [javac]=openjdk-17-jdk-headless [mvn]=maven
  # promtool checks the /metrics exposition in MetricsExpositionIT (which fails, never skips, without it).
  [promtool]=prometheus
  # End-to-end tests run real proxies; they fail, never skip, when one is missing.
  [caddy]=caddy [nginx]=nginx
  # ShellScriptsTest runs it on the operator scripts; ServiceUnitTest verifies tomcat/jwt-verifier.service.
  [shellcheck]=shellcheck [systemd-analyze]=systemd
)
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

# The packages whose command is missing, each once, space-separated.
missing_packages() {
  local tool packages=" "
  for tool in "${TOOLS[@]}"; do
    if ! have "$tool" && [[ "$packages" != *" ${PACKAGE[$tool]} "* ]]; then
      packages+="${PACKAGE[$tool]} "
    fi
  done
  packages="${packages# }"
  printf '%s' "${packages% }"
}

# Runs apt-get quietly into a log; on failure shows the log's end and names the likely cause in one line.
apt_get() {
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 -q "$@" >>"$apt_log" 2>&1; then
    tail -n 8 "$apt_log" | sed 's/^/    /' >&2
    if grep -q -E 'Temporary failure resolving|Could not resolve|Failed to fetch|Unable to connect|Network is unreachable' "$apt_log"; then
      die "apt-get could not reach Debian's package mirrors (no network?); install by hand: apt-get install $(missing_packages)"
    fi
    die "apt-get $* failed (see above)"
  fi
}

install_packages() {
  local packages=$1
  if [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then
    die "missing Debian packages $packages, and this user ($(id -un)) is not root and has no password-less sudo: run 'sudo apt-get install $packages', or run this script as root"
  fi
  apt_log=$(mktemp)
  step "apt-get update"
  # --error-on=any: an unreachable mirror fails the update (by default apt warns and exits 0).
  apt_get --error-on=any update
  # nginx and prometheus start a service on all interfaces when installed; the tests start their own on
  # 127.0.0.1, so installs must not start anything (policy-rc.d exit 101: "action forbidden"); removed on exit.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod 755 /usr/sbin/policy-rc.d
    added_policy=true
  fi
  step "apt-get install $packages"
  # shellcheck disable=SC2086 # one word per package
  apt_get install -y --no-install-recommends $packages
}

# The major version of a java command (17, 25), as the JVM reports its specification version.
java_major() {
  local version
  version=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  printf '%s' "${version%%.*}"
}

# The first line a command prints about itself; never fails the run (it is only a report).
first_line() {
  local out
  out=$("$@" 2>&1) || out="($* exited with $?) $out"
  out=$(printf '%s' "$out" | sed 's/\x1b\[[0-9;]*m//g')   # Maven's colour codes, even with -B
  printf '    %s\n' "${out%%$'\n'*}"
}

step "packages"
missing=$(missing_packages)
for tool in "${TOOLS[@]}"; do
  if have "$tool"; then
    printf '    %-10s %s\n' "$tool" "$(command -v "$tool" || echo "/usr/sbin/$tool")"
  else
    printf '    %-10s MISSING (Debian package %s)\n' "$tool" "${PACKAGE[$tool]}"
  fi
done
if [ -n "$missing" ]; then
  if [ "$MODE" = check ]; then
    die "missing Debian packages: $missing (./test.sh --setup-only installs them)"
  fi
  install_packages "$missing"
  missing=$(missing_packages)
  [ -z "$missing" ] || die "still missing after apt-get install: $missing"
fi

step "JDKs"
major=$(java_major java)
[ "${major:-0}" -ge 17 ] 2>/dev/null \
  || die "the java on PATH ($(command -v java)) is Java ${major:-unknown}; the build needs 17 or later (set PATH or JAVA_HOME)"
first_line java -version
first_line mvn -B -v
if [ -e "$JDK25/bin/java" ]; then
  jdk25_major=$(java_major "$JDK25/bin/java")
  [ "$jdk25_major" = 25 ] \
    || die "$JDK25/bin/java is not a working JDK 25 (reports '${jdk25_major:-nothing}'): the build would run Tomcat 11 on it (profile tomcat11-on-jdk25); repair or remove it"
  printf '    Tomcat 11 runs on JDK 25: %s\n' "$JDK25"
  first_line "$JDK25/bin/java" -version
else
  printf '    Tomcat 11 runs on the build JDK (%s): no JDK 25 at %s (not a Debian 12 package; unpack Temurin 25 there to test on it)\n' \
    "$major" "$JDK25"
fi

step "tools"
first_line promtool --version
first_line caddy version
if command -v nginx >/dev/null 2>&1; then first_line nginx -v; else first_line /usr/sbin/nginx -v; fi
first_line shellcheck --version
first_line systemd-analyze --version
printf '    user %s, %s cores, %s free in %s\n' "$(id -un)" "$(nproc)" "$(df -h . | awk 'NR==2 {print $4}')" "$PWD"

if [ "$MODE" != test ]; then
  step "set up: every tool the tests need is here"
  exit 0
fi

# Unit tests and the fuzz targets' committed corpus (surefire), each fuzz target fuzzed for 45 s (profile
# slow), then in-container and end-to-end tests on real Tomcat 10.1 and 11 (failsafe).
step "mvn -B verify -Pslow $*"
trap - ERR
stamp=$(mktemp)
rc=0
mvn -B verify -Pslow "$@" || rc=$?
if [ "$rc" -eq 0 ]; then
  step "passed"
  exit 0
fi
step "FAILED: mvn -B verify -Pslow exited with $rc; failing tests:"
found=false
for report in target/surefire-reports/*.txt target/failsafe-reports*/*.txt; do
  # Only this run's reports: those newer than the stamp.
  [ -f "$report" ] && [ "$report" -nt "$stamp" ] || continue
  if grep -q -E '(FAILURE|ERROR)!' "$report"; then
    found=true
    printf '\n---- %s\n' "$report"
    head -n 60 "$report"
  fi
done
if [ "$found" = false ]; then
  echo "    no failing test reports: the build failed outside the tests (see the Maven output above)"
fi
# A fuzzing finding is also a file: the input that made the target fail (tomcat/README.md, "Fuzzing").
git status --short -- src/test/resources/org/jwtverifier/fuzz 2>/dev/null | sed 's/^/    new fuzz input: /' || true
exit "$rc"
