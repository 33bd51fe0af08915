#!/usr/bin/env bash
# JMH benchmarks of the verification core and the cache-hit path, with verifier/raw-JDK ratios at the end.
#
#   tomcat/bench/jmh.sh                 # 3 rounds of the whole set, medians and ratios (about 6 minutes)
#   tomcat/bench/jmh.sh --quick         # 1 round (about 2 minutes): a smoke run, noisier
#   tomcat/bench/jmh.sh -prof gc        # JMH options replace the defaults (-wi 2 -w 1s -i 4 -r 1s --rounds 3);
#   tomcat/bench/jmh.sh -prof stack 'VerificationBenchmark.verifier' -p alg=RS256   # a regex runs just that
#   tomcat/bench/jmh.sh --native-crypto [--quick]   # the JDK's providers against the Amazon Corretto Crypto
#                                       Provider, RS256, ES256, EdDSA, in turns (about 9 minutes; --quick 3)
#
# Builds with the Maven profile "bench" into target/jmh (src/jmh/java as a test source root: nothing reaches the
# WAR) and runs org.jwtverifier.bench.BenchmarkReport on the test class path. Within a round, each algorithm's
# raw JDK check, JJWT alone and the verifier run back to back, so the ratios compare neighbours in time.
# JMH's own results also go to target/jmh/jmh-result.json (the last run).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

REPORT=org.jwtverifier.bench.BenchmarkReport
if [[ "${1:-}" == "--native-crypto" ]]; then
  REPORT=org.jwtverifier.bench.NativeCryptoReport
  shift
fi
ARGS=(-wi 2 -w 1s -i 4 -r 1s --rounds 3)
if [[ "${1:-}" == "--quick" ]]; then
  ARGS=(-wi 2 -w 1s -i 3 -r 1s --rounds 1)
elif [[ $# -gt 0 ]]; then
  ARGS=("$@")
fi

mvn -B -q -Pbench -DskipTests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh/classpath.txt
CP="target/jmh/test-classes:target/jmh/classes:$(cat target/jmh/classpath.txt)"

echo "JDK: $(java -version 2>&1 | head -1); cores: $(nproc); $(date -u +%Y-%m-%dT%H:%MZ)"
exec java -cp "$CP" "$REPORT" -rf json -rff target/jmh/jmh-result.json "${ARGS[@]}"
