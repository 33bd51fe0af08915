#!/usr/bin/env bash
# JMH benchmarks of the verification core and the cache-hit path, with verifier/raw-JDK ratios at the end.
#
#   tomcat/bench/jmh.sh                    # all benchmarks (about 4 minutes)
#   tomcat/bench/jmh.sh --quick            # fewer, shorter iterations (about 1.5 minutes): a smoke run
#   tomcat/bench/jmh.sh -prof gc           # any JMH option is passed on (-prof stack, -p alg=RS256, a regex, ...)
#
# Builds with the Maven profile "bench" into target/jmh (src/jmh/java as a test source root: nothing reaches the WAR) and runs
# org.jwtverifier.bench.BenchmarkReport on the test class path. Results also go to target/jmh/jmh-result.json.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

ARGS=()
for a in "$@"; do
  if [[ "$a" == "--quick" ]]; then
    ARGS+=(-wi 2 -w 1s -i 3 -r 1s)
  else
    ARGS+=("$a")
  fi
done

mvn -B -q -Pbench -DskipTests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh/classpath.txt
CP="target/jmh/test-classes:target/jmh/classes:$(cat target/jmh/classpath.txt)"

echo "JDK: $(java -version 2>&1 | head -1); cores: $(nproc); $(date -u +%Y-%m-%dT%H:%MZ)"
exec java -cp "$CP" org.jwtverifier.bench.BenchmarkReport -rf json -rff target/jmh/jmh-result.json "${ARGS[@]}"
