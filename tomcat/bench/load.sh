#!/usr/bin/env bash
# Load benchmark of /verify on a real Tomcat, against ceilings, a naive baseline and two peers, all on 127.0.0.1.
#
#   tomcat/bench/load.sh             # warm-up passes of 8 s per row until steady, 3 interleaved rounds of 10 s
#                                    # per row, then the 1M-token cache-bound check (about 45 minutes once
#                                    # Tomcat, the tokens and jose are in target/loadbench)
#   tomcat/bench/load.sh --quick     # warm-up passes of 4 s, 3 rounds of 5 s, 100k tokens for the cache-bound check
#   options: --rounds N  --duration S  --warmup S (per row and pass)  --connections C  --threads T (wrk's)
#            --warmup-passes N (2)  --max-warmup-passes N (12)  --steady PCT (5): the warm-up repeats its passes
#                            over every row, at least N and at most the maximum, until no row ran more than PCT
#                            percent faster than in its best pass before (a JVM on 2 busy cores compiles for
#                            minutes); the summary says after how many passes, or which rows never got steady
#            --jersey        add rows isolating Jersey's per-request cost: @Context fields per request and in a
#                            singleton, @Context method parameters per request and in a singleton, and Jersey's
#                            switches (auto-discovery, META-INF services, JSON, ...)
#            --profile       record JFR on Tomcat while the empty JAX-RS resource and /verify run, print hot methods
#            --skip-heap     skip the cache-bound check     --skip-peers   skip Apache and Node
#            --only a,b      measure only the named rows of the default set (plain-servlet, empty-jaxrs, ...)
#            --tuned         also start a second Tomcat with the benchmark's tuned tomcat/bench/server.xml and a
#                            fixed heap, and measure its verify-nocache as the row verify-nocache-tuned
#            --threads-study also start Tomcats whose connector differs from the shipped server.xml (maxThreads
#                            200) only in maxThreads 8, 32, 64 (rows ...@threads8, @threads32, @threads64) and in
#                            useVirtualThreads="true" (rows ...@virtual; Tomcat 10.1.59's connector attribute, on a
#                            JDK 21+: the main JDK if it is one, else the --compare-jdk one, found in /usr/lib/jvm
#                            when not given), each measuring verify-nocache and verify-nocache-es256 in its one
#                            context, reported over a control alike with the shipped server.xml (@threads200; for
#                            virtual threads on another JDK, @platform on that JDK)
#            --jdk PATH      run the Tomcats on the JDK at PATH (default: JAVA_HOME, else the java on PATH)
#            --compare-jdk PATH  also start a Tomcat on the JDK at PATH with the same four verifier contexts and
#                            measure every verifier row on it too, interleaved (rows ...@jdkNN, NN its version)
#            --full          everything in one run: the default rows, --threads-study and --compare-jdk with the
#                            newest JDK 21+ in /usr/lib/jvm; 3 rounds of 5 s, warm-up passes of 4 s (8 s for rows
#                            on a further Tomcat), 100k tokens for the cache-bound check: 59 rows, so 15 minutes of
#                            rounds and about 6 minutes a warm-up pass, plus the build, eight Tomcats starting and the
#                            cache-bound check; 3 minutes more when it mints the tokens (the first run of a day)
#            --help          this text
#   NATIVE_CRYPTO=off        the Tomcats without the native provider (as tomcat/run.sh with NATIVE_CRYPTO=off)
#
# What runs (every server bound to 127.0.0.1 and stopped by PID when the script exits):
#   Tomcat 10.1.59 from Maven Central, one JVM, set up as tomcat/run.sh sets it up: the shipped
#   tomcat/conf/server.xml and logging.properties, tomcat/setenv.sh as bin/setenv.sh (JMX on 127.0.0.1, the
#   native signature provider registered first from lib/native-crypto/), no heap setting. What differs from an
#   installation: eight contexts in the one JVM instead of one (six without the peers), the benchmark's system
#   properties -Dbench.* (read by /bench only), and the configurations below.
#     /bench                 benchmark-only WAR built here from tomcat/bench/webapp (never in the shipped WAR):
#                            /plain (servlet), /rs/empty (empty JAX-RS resource), /rs/naive (JJWT, fixed RSA key)
#     /jwt-verifier          target/jwt-verifier.war, token cache on
#     /jwt-verifier-nocache  the same WAR with the token cache off (same JVM, so rows can be interleaved)
#     /jwt-verifier-jdk      the same WAR with the token cache on and crypto.provider jdk
#     /jwt-verifier-nocache-jdk  the same with crypto.provider jdk: the JDK's providers verify (the native provider
#                            is still registered in that JVM, so keys are its key objects, which the JDK's
#                            providers translate; tomcat/bench/jmh.sh --native-crypto measures without it at all)
#     /jwt-verifier-nocache-revoked  /jwt-verifier-nocache holding 100,000 revocations of the issuer (80,000
#                            jti, 10,000 sub, 10,000 sid; none matching a token), from a journal written here into
#                            its revocation.directory; row verify-nocache-revoked, reported over the row
#                            verify-nocache-unrevoked of /jwt-verifier-nocache-unrevoked, the same configuration on
#                            an empty directory (both contexts warmed by their one row alike)
#     /jwt-verifier-introspect  (with the peers, which bring Node) opaque tokens introspected (RFC 7662) at a
#                            loopback Node endpoint (tomcat/bench/introspection-server.mjs) that knows 16384 of them:
#                            row verify-introspect-remembered cycles 1024 of them, so after the warm-up every answer
#                            is remembered; /jwt-verifier-introspect-called remembers one answer (maxEntries 1), so
#                            nearly every request calls the endpoint (row verify-introspect-called); both reported
#                            over verify-nocache, with the answers' hit ratio read from the context's /metrics
#   --tuned: a second Tomcat, tomcat/bench/server.xml (maxThreads 64 instead of 200, minSpareThreads 8,
#   acceptCount 256, keepAliveTimeout 120 s instead of 180 s, no GlobalResourcesLifecycleListener) and
#   -Xms512m -Xmx512m, otherwise the same setenv.sh; only /jwt-verifier-nocache
#   verify-cache-conn-close sends "Connection: close": a new TCP connection per request, what a proxy without
#   enough idle keep-alive connections costs the verifier
#   Apache 2.4 + mod_auth_openidc (OAuth 2.0 resource server, JWKS over https) and Node + jose, one process.
#   All verify the same tokens against the same JWKS (served by Apache over https with a self-signed
#   certificate that each of them trusts), issuer and audience. The one issuer signs with four keys, one per
#   algorithm (RSA-2048 for RS256 and for PS256, P-256, Ed25519), all four in that JWKS, and every verifier
#   context and Node accept all four; 16384 distinct tokens per algorithm (RS256 rows carry no suffix, the
#   others -ps256, -es256, -eddsa): verify-nocache* cycle them with the token cache off, verify-cache* send one
#   token with the cache on, *-jdk rows are the crypto.provider jdk contexts. mod_auth_openidc 2.4.12 verifies
#   RS256, PS256 and ES256 (cjose, OpenSSL) but not EdDSA (no OKP keys): no mod_auth_openidc-eddsa row. Neither
#   peer caches a verified JWT, so their rows are their rate for a repeated token too.
#   --threads-study and --compare-jdk: further Tomcats laid out alike, each with only the contexts it measures.
# Every row runs wrk with the same threads, connections and duration; rounds interleave the rows (A B C ... A B C)
# so that noise from other work on the machine spreads over all of them; figures are medians of the rounds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$ROOT/tomcat/bench"
WORK="$ROOT/target/loadbench"
cd "$ROOT"

ROUNDS=3 DURATION=10 WARMUP=8 WARMUP_PASSES=2 MAX_WARMUP_PASSES=12 STEADY=5 CONNECTIONS=32 THREADS=2
RS_TOKENS=16384 HEAP_TOKENS=1000000 TOKEN_LIFETIME=86400
JERSEY=0 PROFILE=0 HEAP=1 PEERS=1 ONLY="" TUNED=0
THREADS_STUDY=0 JDK="" COMPARE_JDK="" FULL=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) DURATION=5 WARMUP=4 HEAP_TOKENS=100000 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --warmup-passes) WARMUP_PASSES="$2"; shift ;;
    --max-warmup-passes) MAX_WARMUP_PASSES="$2"; shift ;;
    --steady) STEADY="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --threads) THREADS="$2"; shift ;;
    --jersey) JERSEY=1 ;;
    --profile) PROFILE=1 ;;
    --skip-heap) HEAP=0 ;;
    --skip-peers) PEERS=0 ;;
    --only) ONLY="$2"; shift ;;
    --tuned) TUNED=1 ;;
    --threads-study) THREADS_STUDY=1 ;;
    --jdk) JDK="$2"; shift ;;
    --compare-jdk) COMPARE_JDK="$2"; shift ;;
    --full) FULL=1 THREADS_STUDY=1 ROUNDS=3 DURATION=5 WARMUP=4 WARMUP_PASSES=2 HEAP_TOKENS=100000 ;;
    --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

TOMCAT_PORT="${TOMCAT_PORT:-18180}"
APACHE_PORT="${APACHE_PORT:-18181}"
JWKS_PORT="${JWKS_PORT:-18443}"
NODE_PORT="${NODE_PORT:-18183}"
INTROSPECT_PORT="${INTROSPECT_PORT:-18187}"
TOMCAT_JMX_PORT="${TOMCAT_JMX_PORT:-18184}"
EXTRA_PORT="${EXTRA_PORT:-18190}"  # further Tomcats (--tuned, --threads-study, --compare-jdk): HTTP and JMX pairs
TOMCAT_VERSION=10.1.59
ISSUER=https://idp.bench.example
HS_ISSUER=https://hmac.bench.example
AUDIENCE=api
JWKS_URL="https://127.0.0.1:$JWKS_PORT/jwks.json"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- JDKs
java_feature() { # JDK home -> its feature release (17, 25, ...)
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk '$1 == "java.specification.version" { print $3 }'
}
java_name() { "$1/bin/java" -version 2>&1 | head -n 1; }
newest_jdk() { # the JDK home under /usr/lib/jvm with the highest feature release of at least 21, if any
  local dir best="" best_feature=20 feature
  for dir in /usr/lib/jvm/*/; do
    dir="${dir%/}"
    [[ -x "$dir/bin/java" && ! -L "$dir" ]] || continue
    feature="$(java_feature "$dir")"
    if ((feature > best_feature)); then best="$dir" best_feature="$feature"; fi
  done
  echo "$best"
}
MAIN_JDK="${JDK:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
[[ -x "$MAIN_JDK/bin/java" ]] || { echo "no JDK at $MAIN_JDK" >&2; exit 2; }
if [[ $FULL == 1 && -z "$COMPARE_JDK" ]]; then
  COMPARE_JDK="$(newest_jdk)"
  [[ "$COMPARE_JDK" != "$(readlink -f "$MAIN_JDK")" ]] || COMPARE_JDK=""  # the main JDK already is the newest
fi
VIRTUAL_JDK=""  # the JDK the virtual-thread connector runs on: 21+ is needed
if [[ $THREADS_STUDY == 1 ]]; then
  if (($(java_feature "$MAIN_JDK") >= 21)); then VIRTUAL_JDK="$MAIN_JDK"
  else VIRTUAL_JDK="${COMPARE_JDK:-$(newest_jdk)}"
  fi
  [[ -n "$VIRTUAL_JDK" ]] && (($(java_feature "$VIRTUAL_JDK") >= 21)) || VIRTUAL_JDK=""
fi
if [[ -n "$COMPARE_JDK" ]]; then
  [[ -x "$COMPARE_JDK/bin/java" ]] || { echo "no JDK at $COMPARE_JDK" >&2; exit 2; }
  COMPARE_TAG="jdk$(java_feature "$COMPARE_JDK")"
fi
[[ $THREADS_STUDY == 0 || -n "$VIRTUAL_JDK" ]] || log "no JDK 21+ found: --threads-study without the virtual-thread rows"

# ---------------------------------------------------------------- processes we start, stopped on exit
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # url expected-status seconds
  local deadline=$((SECONDS + $3)) status
  while ((SECONDS < deadline)); do
    status=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$WORK/tls/cert.pem" "$1" 2>/dev/null || true)
    [[ "$status" == "$2" ]] && return 0
    sleep 0.5
  done
  echo "timed out waiting for $1 to answer $2 (last: $status)" >&2
  return 1
}

# ---------------------------------------------------------------- tools
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[[ $PEERS == 0 ]] || { command -v apache2 >/dev/null || missing+=(apache2); }
[[ $PEERS == 0 || -e /usr/lib/apache2/modules/mod_auth_openidc.so ]] || missing+=(libapache2-mod-auth-openidc)
[[ $PEERS == 0 ]] || { command -v node >/dev/null || missing+=(nodejs); command -v npm >/dev/null || missing+=(npm); }
if ((${#missing[@]})); then
  log "installing ${missing[*]} (apt-get)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$WORK"/{tls,tokens,conf,logs,results,wars}
RESULTS="$WORK/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"

# ---------------------------------------------------------------- build
log "building target/jwt-verifier.war and the token minter"
mvn -B -q package -DskipTests
mvn -B -q -Pbench -DskipTests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh/classpath.txt
BENCH_CP="target/jmh/test-classes:target/jmh/classes:$(cat target/jmh/classpath.txt)"

TOMCAT_HOME="$WORK/apache-tomcat-$TOMCAT_VERSION"
if [[ ! -x "$TOMCAT_HOME/bin/catalina.sh" ]]; then
  log "fetching Tomcat $TOMCAT_VERSION from Maven Central"
  mvn -B -q dependency:copy -Dartifact="org.apache.tomcat:tomcat:$TOMCAT_VERSION:tar.gz" -DoutputDirectory="$WORK"
  tar -xzf "$WORK/tomcat-$TOMCAT_VERSION.tar.gz" -C "$WORK"
fi

# ---------------------------------------------------------------- tokens, keys, certificate
TOKENS="$WORK/tokens"
stamp="$RS_TOKENS $HEAP_TOKENS rs256,ps256,es256,eddsa"
if [[ ! -f "$TOKENS/minted" || "$(cut -d' ' -f2- "$TOKENS/minted")" != "$stamp" \
      || $(( $(date +%s) - $(cut -d' ' -f1 "$TOKENS/minted") )) -gt $((TOKEN_LIFETIME - 7200)) ]]; then
  log "minting $RS_TOKENS tokens each of RS256, PS256, ES256, EdDSA and $HEAP_TOKENS HS256 (kept for later runs while they are valid)"
  rm -f "$TOKENS/minted"
  java -cp "$BENCH_CP" org.jwtverifier.bench.MintTokens "$TOKENS" "$RS_TOKENS" "$HEAP_TOKENS" "$TOKEN_LIFETIME"
  echo "$(date +%s) $stamp" > "$TOKENS/minted"
fi

TLS="$WORK/tls"
if [[ ! -f "$TLS/truststore.p12" ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=127.0.0.1" \
      -addext "subjectAltName=IP:127.0.0.1" -keyout "$TLS/key.pem" -out "$TLS/cert.pem" 2>/dev/null
  keytool -importcert -noprompt -alias jwks -file "$TLS/cert.pem" -keystore "$TLS/truststore.p12" \
      -storetype PKCS12 -storepass changeit >/dev/null
fi
chmod 644 "$TLS/key.pem"  # read by Apache's worker user; a throwaway key for 127.0.0.1

# ---------------------------------------------------------------- Apache: JWKS over https, mod_auth_openidc
if [[ $PEERS == 1 ]]; then
  AP="$WORK/apache"
  rm -rf "$AP" && mkdir -p "$AP"/{htdocs/protected,run,logs}
  cp "$TOKENS/jwks.json" "$AP/htdocs/jwks.json"
  printf 'OK\n' > "$AP/htdocs/protected/ok.txt"
  M=/usr/lib/apache2/modules
  cat > "$AP/httpd.conf" <<CONF
ServerRoot "$AP"
ServerName 127.0.0.1
PidFile "$AP/run/httpd.pid"
DefaultRuntimeDir "$AP/run"
ErrorLog "$AP/logs/error.log"
LogLevel warn
User www-data
Group www-data
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule authn_core_module $M/mod_authn_core.so
LoadModule mime_module $M/mod_mime.so
LoadModule socache_shmcb_module $M/mod_socache_shmcb.so
LoadModule ssl_module $M/mod_ssl.so
LoadModule auth_openidc_module $M/mod_auth_openidc.so
TypesConfig /etc/mime.types
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 120
DocumentRoot "$AP/htdocs"
<Directory "$AP/htdocs">
  Require all granted
</Directory>

# The IdP's JWKS endpoint, https only as mod_auth_openidc requires.
Listen 127.0.0.1:$JWKS_PORT
<VirtualHost 127.0.0.1:$JWKS_PORT>
  SSLEngine on
  SSLCertificateFile "$TLS/cert.pem"
  SSLCertificateKeyFile "$TLS/key.pem"
</VirtualHost>

# The peer: an OAuth 2.0 resource server validating JWT access tokens against that JWKS (RS256, PS256, ES256:
# what mod_auth_openidc 2.4.12 verifies; it takes the algorithm from the token's header and the key by its kid).
Listen 127.0.0.1:$APACHE_PORT
OIDCCABundlePath "$TLS/cert.pem"
OIDCOAuthVerifyJwksUri $JWKS_URL
OIDCOAuthAcceptTokenAs header
OIDCOAuthRemoteUserClaim sub
<Location /protected>
  AuthType oauth20
  <RequireAll>
    Require claim iss:$ISSUER
    Require claim aud:$AUDIENCE
  </RequireAll>
</Location>
CONF
  log "starting Apache (mod_auth_openidc) on 127.0.0.1:$APACHE_PORT, JWKS on https://127.0.0.1:$JWKS_PORT"
  apache2 -f "$AP/httpd.conf" -DFOREGROUND > "$AP/logs/stdout.log" 2>&1 &
  PIDS+=($!)
  wait_for "$JWKS_URL" 200 20
else
  # Without Apache the verifier still needs the JWKS over https: a one-file server in the JDK.
  log "--skip-peers: no Apache, so the verifier reads the JWKS from a file (jwksFile)"
fi

# ---------------------------------------------------------------- verifier configurations
yaml_issuer() { # cache-enabled include-hmac-issuer crypto-provider
  local source
  if [[ $PEERS == 1 ]]; then
    source="jwksUri: $JWKS_URL
    trustStore: $TLS/truststore.p12
    trustStorePassword: changeit"
  else
    source="jwksFile: $TOKENS/jwks.json"
  fi
  cat <<YAML
# Written by tomcat/bench/load.sh.
issuers:
  - issuer: $ISSUER
    $source
    audiences: [$AUDIENCE]
    algorithms: [RS256, PS256, ES256, EdDSA]
YAML
  if [[ $2 == 1 ]]; then
    cat <<YAML
  # HS256 only for the cache-bound check: a million tokens mint and verify in minutes.
  - issuer: $HS_ISSUER
    sharedSecretFile: $TOKENS/hs256.secret
    audiences: [$AUDIENCE]
    algorithms: [HS256]
YAML
  fi
  cat <<YAML
tokenCache:
  enabled: $1
  maxEntries: 10000
  maxTtl: 5m
crypto:
  provider: $3
YAML
}
yaml_issuer true 1 auto > "$WORK/conf/verifier-cache.yaml"
yaml_issuer false 0 auto > "$WORK/conf/verifier-nocache.yaml"
yaml_issuer false 0 jdk > "$WORK/conf/verifier-nocache-jdk.yaml"
yaml_issuer true 1 jdk > "$WORK/conf/verifier-cache-jdk.yaml"
# 100,000 revocations held, none matching: the local store's journal (one "+ <revocation JSON>" a line), which it
# reads at start as after a restart.
REVOKED_DIR="$WORK/revocations-held"
rm -rf "$REVOKED_DIR" && mkdir -p "$REVOKED_DIR/journal"
awk -v issuer="$ISSUER" -v now="$(($(date +%s) * 1000))" 'BEGIN {
  for (i = 0; i < 100000; i++) {
    kind = (i < 80000) ? "TOKEN_ID" : (i < 90000) ? "SUBJECT" : "SESSION"
    extra = (kind == "SUBJECT") ? ",\"issuedAtOrBefore\":" now : ""
    printf "+ {\"kind\":\"%s\",\"issuer\":\"%s\",\"value\":\"held-%d\"%s,\"expiresAt\":%.0f,\"createdAt\":%.0f,\"createdBy\":\"load.sh\"}\n",
           kind, issuer, i, extra, now + 43200000, now
  }
}' > "$REVOKED_DIR/journal/revocations.journal"
# Its control: the same configuration on an empty directory, in a context warmed by the same one row, so the two
# differ only in the entries held (the contexts of one JVM compile their classes apart: a context warmed by fewer
# rows is slower for that alone).
UNREVOKED_DIR="$WORK/revocations-none"
rm -rf "$UNREVOKED_DIR"
for held in revoked unrevoked; do
  dir=$REVOKED_DIR; [[ $held == revoked ]] || dir=$UNREVOKED_DIR
  { yaml_issuer false 0 auto
    cat <<YAML
revocation:
  maxEntries: 100000
  maxTokenLifetime: 24h
  directory: $dir
YAML
  } > "$WORK/conf/verifier-nocache-$held.yaml"
done
# Opaque tokens and the two introspecting configurations (the issuer above, plus its introspection endpoint).
if [[ $PEERS == 1 ]]; then
  [[ -s "$TOKENS/opaque.tokens" ]] || head -c $((RS_TOKENS * 24)) /dev/urandom | od -An -tx1 -v | tr -d ' \n' \
      | fold -w 48 | sed 's/^/opaque-/' > "$TOKENS/opaque.tokens"
  # The remembered row's tokens: few enough that the warm-up pass leaves every answer remembered.
  head -n 1024 "$TOKENS/opaque.tokens" > "$TOKENS/opaque-remembered.tokens"
  echo "bench-introspection-secret" > "$WORK/conf/introspection.secret"
  # Introspection's defaults, as an installation gets them, but for maxEntries 1 on the row that calls every time.
  for remembered in default 1; do
    yaml_issuer false 0 auto | awk -v entries="$remembered" -v port="$INTROSPECT_PORT" -v secret="$WORK/conf/introspection.secret" '
      { print }
      /^    algorithms:/ && !done {
        print "    introspection:"
        print "      endpoint: http://127.0.0.1:" port "/introspect"
        print "      clientId: bench"
        print "      clientSecret: ${file:" secret "}"
        if (entries != "default") print "      maxEntries: " entries
        done = 1
      }' > "$WORK/conf/verifier-introspect-$remembered.yaml"
  done
fi

# ---------------------------------------------------------------- the benchmark-only WAR
log "building the benchmark WAR from tomcat/bench/webapp"
BW="$WORK/bench-war"
rm -rf "$BW" && mkdir -p "$BW/root/WEB-INF/classes" "$BW/root/WEB-INF/lib"
# The same Jersey, JJWT and Jackson jars as the verifier's WAR, so the ceilings share its stack.
(cd "$BW/root" && jar -xf "$ROOT/target/jwt-verifier.war" WEB-INF/lib)
mapfile -t BENCH_SOURCES < <(find "$BENCH/webapp/src" -name '*.java')
javac --release 17 -nowarn -d "$BW/root/WEB-INF/classes" \
    -cp "$TOMCAT_HOME/lib/servlet-api.jar:$BW/root/WEB-INF/lib/*" "${BENCH_SOURCES[@]}"
jar --create --file "$BW/bench.war" -C "$BW/root" .

# ---------------------------------------------------------------- Tomcat, laid out as tomcat/run.sh lays it out
ACCP_VERSION="$(sed -n 's|.*<accp.version>\(.*\)</accp.version>.*|\1|p' pom.xml | head -n 1)"
ACCP_CLASSIFIER="$(sed -n 's|.*<accp.classifier>\(.*\)</accp.classifier>.*|\1|p' pom.xml | head -n 1)"
ACCP_JAR="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}/software/amazon/cryptools/AmazonCorrettoCryptoProvider/$ACCP_VERSION/AmazonCorrettoCryptoProvider-$ACCP_VERSION-$ACCP_CLASSIFIER.jar"
lay_out_base() { # base server.xml
  local base="$1"
  rm -rf "$base" && mkdir -p "$base"/{conf/Catalina/localhost,webapps,logs,temp,work,bin}
  for f in web.xml catalina.properties context.xml; do cp "$TOMCAT_HOME/conf/$f" "$base/conf/"; done
  sed -e "s/@PORT@/\${jwtverifier.http.port}/" "$2" > "$base/conf/server.xml"
  install -m 644 tomcat/conf/logging.properties "$base/conf/logging.properties"
  install -m 755 tomcat/setenv.sh "$base/bin/setenv.sh"
  install -m 644 tomcat/conf/native-crypto.security "$base/conf/native-crypto.security"
  install -m 600 jmx/jmxremote.password "$base/conf/jmxremote.password"
  install -m 600 jmx/jmxremote.access "$base/conf/jmxremote.access"
  if [[ "${NATIVE_CRYPTO:-on}" != off ]]; then
    [[ -f "$ACCP_JAR" ]] || { echo "no $ACCP_JAR: the build resolves it (mvn -B package)" >&2; exit 1; }
    mkdir -p "$base/lib/native-crypto" && install -m 644 "$ACCP_JAR" "$base/lib/native-crypto/"
  fi
}
context() { # base context-name config-name
  cat > "$1/conf/Catalina/localhost/$2.xml" <<XML
<Context docBase="$WORK/wars/jwt-verifier.war">
  <Parameter name="jwt-verifier.config" value="$WORK/conf/$3.yaml" override="false"/>
</Context>
XML
}
CB="$WORK/tomcat-base"
lay_out_base "$CB" tomcat/conf/server.xml
cp "$BW/bench.war" "$CB/webapps/bench.war"
cp target/jwt-verifier.war "$WORK/wars/jwt-verifier.war"
context "$CB" jwt-verifier verifier-cache
context "$CB" jwt-verifier-nocache verifier-nocache
context "$CB" jwt-verifier-nocache-jdk verifier-nocache-jdk
context "$CB" jwt-verifier-nocache-revoked verifier-nocache-revoked
context "$CB" jwt-verifier-nocache-unrevoked verifier-nocache-unrevoked
context "$CB" jwt-verifier-jdk verifier-cache-jdk
if [[ $PEERS == 1 ]]; then
  context "$CB" jwt-verifier-introspect verifier-introspect-default
  context "$CB" jwt-verifier-introspect-called verifier-introspect-1
fi
start_tomcat() { # base http-port jmx-port jdk catalina-opts
  JAVA_HOME="$4" CATALINA_HOME="$TOMCAT_HOME" CATALINA_BASE="$1" CATALINA_PID="" HTTP_PORT="$2" JMX_PORT="$3" \
  CATALINA_OPTS="$5" "$TOMCAT_HOME/bin/catalina.sh" run > "$1/logs/stdout.log" 2>&1 &
  PIDS+=($!)
}
log "starting Tomcat $TOMCAT_VERSION as shipped on 127.0.0.1:$TOMCAT_PORT ($(java_name "$MAIN_JDK"), native crypto: ${NATIVE_CRYPTO:-on})"
start_tomcat "$CB" "$TOMCAT_PORT" "$TOMCAT_JMX_PORT" "$MAIN_JDK" \
  "-Dbench.rsaPublicKey=$TOKENS/rsa-public.pem -Dbench.issuer=$ISSUER -Dbench.audience=$AUDIENCE"
TOMCAT_PID=$!

# Further Tomcats, laid out the same way, each with only the contexts its rows need.
declare -A EXTRA_URL=()
EXTRA_NAMES=()
extra_tomcat() { # name server.xml jdk catalina-opts context=config...
  local name="$1" xml="$2" jdk="$3" opts="$4" base="$WORK/tomcat-base-$1" port c
  shift 4
  port=$((EXTRA_PORT + 2 * ${#EXTRA_URL[@]}))
  lay_out_base "$base" "$xml"
  for c in "$@"; do context "$base" "${c%%=*}" "${c#*=}"; done
  log "starting Tomcat $TOMCAT_VERSION '$name' ($(java_name "$jdk"), ${xml#"$ROOT"/}${opts:+, $opts}) on 127.0.0.1:$port"
  start_tomcat "$base" "$port" "$((port + 1))" "$jdk" "$opts"
  EXTRA_URL[$name]="http://127.0.0.1:$port"
  EXTRA_NAMES+=("$name")
}
connector_variant() { # name connector-attributes-replacing-maxThreads -> a copy of the shipped server.xml
  local file="$WORK/conf/server-$1.xml"
  sed "s/maxThreads=\"200\"/$2/" tomcat/conf/server.xml > "$file"
  grep -q "$2" "$file" || { echo "tomcat/conf/server.xml no longer has maxThreads=\"200\"" >&2; exit 1; }
  echo "$file"
}
NOCACHE=jwt-verifier-nocache=verifier-nocache
if [[ $TUNED == 1 ]]; then
  extra_tomcat tuned "$BENCH/server.xml" "$MAIN_JDK" "-Xms512m -Xmx512m" "$NOCACHE"
fi
# The thread study's Tomcats hold one context each, and so does its control, threads200 (the shipped server.xml):
# the variants are reported over it, not over the main Tomcat, which ran slower than every one of them on
# 2026-12-02 with the same server.xml (it holds several contexts). The virtual-thread Tomcat's control is one on the
# same JDK with platform threads: threads200 where that is the main JDK, else platform.
if [[ $THREADS_STUDY == 1 ]]; then
  for n in 8 32 64; do
    extra_tomcat "threads$n" "$(connector_variant "threads$n" "maxThreads=\"$n\"")" "$MAIN_JDK" "" "$NOCACHE"
  done
  extra_tomcat threads200 tomcat/conf/server.xml "$MAIN_JDK" "" "$NOCACHE"
  if [[ -n "$VIRTUAL_JDK" ]]; then
    extra_tomcat virtual "$(connector_variant virtual 'maxThreads="200" useVirtualThreads="true"')" "$VIRTUAL_JDK" "" "$NOCACHE"
    [[ "$VIRTUAL_JDK" == "$MAIN_JDK" ]] || extra_tomcat platform tomcat/conf/server.xml "$VIRTUAL_JDK" "" "$NOCACHE"
  fi
fi
if [[ -n "$COMPARE_JDK" ]]; then
  extra_tomcat "$COMPARE_TAG" tomcat/conf/server.xml "$COMPARE_JDK" "" jwt-verifier=verifier-cache \
    jwt-verifier-jdk=verifier-cache-jdk "$NOCACHE" jwt-verifier-nocache-jdk=verifier-nocache-jdk
fi

wait_for "http://127.0.0.1:$TOMCAT_PORT/bench/plain" 200 120
for ctx in jwt-verifier jwt-verifier-jdk jwt-verifier-nocache jwt-verifier-nocache-jdk; do
  wait_for "http://127.0.0.1:$TOMCAT_PORT/$ctx/health" 200 60
done
for name in "${EXTRA_NAMES[@]}"; do
  wait_for "${EXTRA_URL[$name]}/jwt-verifier-nocache/health" 200 120
  # Tomcat's digester only warns about a connector attribute it does not know (useVirtualThreads on an older one).
  if grep -h "failed to set property" "$WORK/tomcat-base-$name"/logs/catalina.*.log; then
    echo "Tomcat '$name' ignored an attribute of its server.xml" >&2; exit 1
  fi
done
wait_for "http://127.0.0.1:$TOMCAT_PORT/jwt-verifier-nocache-revoked/health" 200 60
for expected in revoked=100000 unrevoked=0; do
  ctx="jwt-verifier-nocache-${expected%%=*}"
  held=$(curl -s "http://127.0.0.1:$TOMCAT_PORT/$ctx/ready" | grep -o '"entries":[0-9]*' | head -1 | cut -d: -f2)
  [[ "$held" == "${expected#*=}" ]] || { echo "$ctx holds ${held:-no} revocations, not ${expected#*=}" >&2; exit 1; }
  log "$ctx holds $held revocations"
done
for ctx in jwt-verifier-nocache jwt-verifier-nocache-jdk; do
  log "$ctx verifies with: $(curl -s "http://127.0.0.1:$TOMCAT_PORT/$ctx/ready" \
    | grep -o -E '"(RS256|PS256|ES256|EdDSA)":"[^"]*"' | tr -d '"' | tr '\n' ' ')"
done

# ---------------------------------------------------------------- Node + jose
if [[ $PEERS == 1 ]]; then
  NODE_DIR="$WORK/node"
  mkdir -p "$NODE_DIR"
  if [[ ! -d "$NODE_DIR/node_modules/jose" ]]; then
    log "installing jose from npm into $NODE_DIR"
    (cd "$NODE_DIR" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund jose@6 >/dev/null)
  fi
  cp "$BENCH/jose-server.mjs" "$NODE_DIR/"
  log "starting Node $(node --version) + jose $(node -p "require('$NODE_DIR/node_modules/jose/package.json').version") on 127.0.0.1:$NODE_PORT"
  NODE_EXTRA_CA_CERTS="$TLS/cert.pem" JWKS_URL="$JWKS_URL" ISSUER="$ISSUER" AUDIENCE="$AUDIENCE" PORT="$NODE_PORT" \
  ALGORITHMS=RS256,PS256,ES256,EdDSA \
    node "$NODE_DIR/jose-server.mjs" > "$WORK/logs/node.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$NODE_PORT/" 401 20
  cp "$BENCH/introspection-server.mjs" "$NODE_DIR/"
  log "starting the introspection endpoint (Node) on 127.0.0.1:$INTROSPECT_PORT"
  TOKENS_FILE="$TOKENS/opaque.tokens" ISSUER="$ISSUER" AUDIENCE="$AUDIENCE" PORT="$INTROSPECT_PORT" \
    node "$NODE_DIR/introspection-server.mjs" > "$WORK/logs/introspection.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$INTROSPECT_PORT/introspect" 401 20
fi

# ---------------------------------------------------------------- rows
# name | url | wrk script arguments
T="http://127.0.0.1:$TOMCAT_PORT"
ROWS=(
  "plain-servlet|$T/bench/plain|"
  "empty-jaxrs|$T/bench/rs/empty|"
  "naive-jjwt|$T/bench/rs/naive|cycle $TOKENS/distinct.tokens"
  "verify-cache|$T/jwt-verifier/verify|one $TOKENS/one.token"
  "verify-nocache|$T/jwt-verifier-nocache/verify|cycle $TOKENS/distinct.tokens"
  "verify-nocache-jdk|$T/jwt-verifier-nocache-jdk/verify|cycle $TOKENS/distinct.tokens"
  "verify-nocache-revoked|$T/jwt-verifier-nocache-revoked/verify|cycle $TOKENS/distinct.tokens"
  "verify-nocache-unrevoked|$T/jwt-verifier-nocache-unrevoked/verify|cycle $TOKENS/distinct.tokens"
  "verify-cache-conn-close|$T/jwt-verifier/verify|one-close $TOKENS/one.token"
)
if [[ $PEERS == 1 ]]; then
  ROWS+=("mod_auth_openidc|http://127.0.0.1:$APACHE_PORT/protected/ok.txt|cycle $TOKENS/distinct.tokens"
         "node-jose|http://127.0.0.1:$NODE_PORT/|cycle $TOKENS/distinct.tokens")
fi
# The other algorithms: the rows above again, suffixed -ps256, -es256, -eddsa, on their own keys and tokens
# (mod_auth_openidc only where it verifies the algorithm); and the cached rows with crypto.provider jdk.
ROWS+=("verify-cache-jdk|$T/jwt-verifier-jdk/verify|one $TOKENS/one.token")
for alg in ps256 es256 eddsa; do
  ROWS+=("verify-cache-$alg|$T/jwt-verifier/verify|one $TOKENS/one-$alg.token"
         "verify-cache-$alg-jdk|$T/jwt-verifier-jdk/verify|one $TOKENS/one-$alg.token"
         "verify-nocache-$alg|$T/jwt-verifier-nocache/verify|cycle $TOKENS/$alg.tokens"
         "verify-nocache-$alg-jdk|$T/jwt-verifier-nocache-jdk/verify|cycle $TOKENS/$alg.tokens")
  if [[ $PEERS == 1 ]]; then
    [[ $alg == eddsa ]] || ROWS+=("mod_auth_openidc-$alg|http://127.0.0.1:$APACHE_PORT/protected/ok.txt|cycle $TOKENS/$alg.tokens")
    ROWS+=("node-jose-$alg|http://127.0.0.1:$NODE_PORT/|cycle $TOKENS/$alg.tokens")
  fi
done
if [[ $PEERS == 1 ]]; then
  ROWS+=("verify-introspect-remembered|$T/jwt-verifier-introspect/verify|cycle $TOKENS/opaque-remembered.tokens"
         "verify-introspect-called|$T/jwt-verifier-introspect-called/verify|cycle $TOKENS/opaque.tokens")
fi
if [[ $TUNED == 1 ]]; then
  ROWS+=("verify-nocache-tuned|${EXTRA_URL[tuned]}/jwt-verifier-nocache/verify|cycle $TOKENS/distinct.tokens")
fi
if [[ -n "$ONLY" ]]; then
  kept=()
  for row in "${ROWS[@]}"; do [[ ",$ONLY," == *",${row%%|*},"* ]] && kept+=("$row"); done
  ROWS=("${kept[@]}")
fi
# The further Tomcats measure rows of the main one again (of those --only kept), named row@tomcat: the thread
# study's RS256 and ES256 verify-nocache, the other JDK's every verify-cache* and verify-nocache* row (not the
# connection-per-request one, nor the one holding revocations).
for name in "${EXTRA_NAMES[@]}"; do
  [[ $name != tuned ]] || continue
  for row in "${ROWS[@]}"; do
    IFS='|' read -r row_name url args <<<"$row"
    case "$row_name" in
      verify-nocache|verify-nocache-es256) ;;
      verify-cache-conn-close|verify-nocache-revoked|verify-nocache-unrevoked|*@*) continue ;;
      verify-cache*|verify-nocache*) [[ $name == "${COMPARE_TAG:-}" ]] || continue ;;
      *) continue ;;
    esac
    ROWS+=("$row_name@$name|${EXTRA_URL[$name]}/${url#"$T"/}|$args")
  done
done
if [[ $JERSEY == 1 ]]; then
  ROWS+=("empty-injected|$T/bench/rs/empty-injected|one $TOKENS/one.token"
         "empty-injected-singleton|$T/bench/rs/empty-injected-singleton|one $TOKENS/one.token"
         "empty-params|$T/bench/rs/empty-params|one $TOKENS/one.token"
         "empty-params-singleton|$T/bench/rs/empty-params-singleton|one $TOKENS/one.token"
         "empty-tuned|$T/bench/rs-tuned/empty|")
fi

# Every row must answer 200 to a valid token, and every row that checks tokens 401 to one whose signature was
# altered, before anything is measured: a row that let everything through would look fast.
for row in "${ROWS[@]}"; do
  IFS='|' read -r name url args <<<"$row"
  file="${args#* }"
  [[ -n "$args" && -f "$file" ]] || file="$TOKENS/distinct.tokens"
  token=$(head -1 "$file")
  tampered="${token:0:${#token}-12}AAAAAAAAAAAA"
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
  [[ "$status" == 200 ]] || { echo "$name: $url answered $status to a valid token" >&2; exit 1; }
  if [[ -n "$args" && "$name" != empty-* ]]; then
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tampered" "$url")
    [[ "$status" == 401 ]] || { echo "$name: $url answered $status to a tampered token" >&2; exit 1; }
  fi
done
# mod_auth_openidc has no EdDSA row: say what it answers to a valid EdDSA token (its source says it cannot verify
# one), so the summary states it from this run.
APACHE_EDDSA=""
if [[ $PEERS == 1 ]]; then
  APACHE_EDDSA=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(head -1 "$TOKENS/eddsa.tokens")" \
                 "http://127.0.0.1:$APACHE_PORT/protected/ok.txt")
fi

run_wrk() { # name url seconds args... -> RESULT line
  local name="$1" url="$2" secs="$3"; shift 3
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 5s -s "$BENCH/tokens.lua" "$url" -- "$@" \
      > "$RESULTS/$name.last.txt" 2>&1 || true
  grep '^RESULT' "$RESULTS/$name.last.txt" || echo "RESULT requests=0 duration_us=1 status_errors=0 socket_errors=1 p50_us=0 p99_us=0 sent=0"
}

# Warm-up passes over all rows until every row is steady: on 2 busy cores the JIT's compiler threads compete with
# the request threads, and each verifier context compiles its own classes (its own class loader), so a context
# speeds up for minutes of load: uncached RS256 went from 3,500 to 12,000 req/s over its first two minutes of load
# on 2026-12-02. A row is steady once a pass ran it at most STEADY percent faster than its best pass before (the
# best, not the last: a pass that other work on the machine slowed down must not make the next one look faster).
log "warm-up: ${WARMUP}s per row and pass, at least $WARMUP_PASSES and at most $MAX_WARMUP_PASSES passes, until no row runs more than $STEADY % faster than in its best pass before (JIT), not measured"
declare -A WARM_BEST=()
WARMED="" pass=0
while :; do
  pass=$((pass + 1)) warming=()
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name url args <<<"$row"
    # A further Tomcat (row@tomcat) has only its own few rows to warm its JIT with: twice as long for those.
    secs="$WARMUP"; [[ $name != *@* ]] || secs=$((WARMUP * 2))
    # shellcheck disable=SC2086
    rate=$(run_wrk "$name" "$url" "$secs" $args | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                                                         printf "%.0f", v["requests"] / (v["duration_us"] / 1e6) }')
    if [[ -z "${WARM_BEST[$name]:-}" ]] \
        || awk -v now="$rate" -v best="${WARM_BEST[$name]}" -v pct="$STEADY" 'BEGIN { exit !(now > best * (1 + pct / 100)) }'; then
      warming+=("$name")
    fi
    (( rate <= ${WARM_BEST[$name]:-0} )) || WARM_BEST[$name]=$rate
  done
  log "warm-up pass $pass: ${#warming[@]} of ${#ROWS[@]} rows still speeding up${warming[*]:+ (${warming[*]})}"
  if (( pass >= WARMUP_PASSES && ${#warming[@]} == 0 )); then
    WARMED="steady after $pass warm-up passes of ${WARMUP}s per row (no row more than $STEADY % faster than in its best pass before)"
    break
  fi
  if (( pass >= MAX_WARMUP_PASSES )); then
    WARMED="NOT steady after $pass warm-up passes of ${WARMUP}s per row: ${warming[*]} still more than $STEADY % faster than in its best pass before"
    break
  fi
done
log "$WARMED"

log "measuring: $ROUNDS rounds x ${#ROWS[@]} rows x ${DURATION}s, wrk -t$THREADS -c$CONNECTIONS"
TSV="$RESULTS/rounds.tsv"
printf 'row\tround\treq_per_s\tp50_us\tp99_us\tstatus_errors\tsocket_errors\trequests\n' > "$TSV"
for round in $(seq 1 "$ROUNDS"); do
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name url args <<<"$row"
    # shellcheck disable=SC2086
    line=$(run_wrk "$name" "$url" "$DURATION" $args)
    echo "$line" | awk -v n="$name" -v r="$round" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "%s\t%d\t%.0f\t%d\t%d\t%d\t%d\t%d\n", n, r, v["requests"] / (v["duration_us"] / 1e6),
             v["p50_us"], v["p99_us"], v["status_errors"], v["socket_errors"], v["requests"] }' >> "$TSV"
    tail -1 "$TSV" | awk -F'\t' '{ printf "  round %s %-25s %8s req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d\n",
                                   $2, $1, $3, $4 / 1000, $5 / 1000, $6 + $7 }' >&2
  done
done

# ---------------------------------------------------------------- table
SUMMARY="$RESULTS/summary.txt"
{
  echo "jwt-verifier load benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, Tomcats on $(java_name "$MAIN_JDK")"
  [[ -z "$COMPARE_JDK" ]] || echo "rows @$COMPARE_TAG: a Tomcat alike on $(java_name "$COMPARE_JDK")"
  [[ -z "$VIRTUAL_JDK" ]] || echo "rows @virtual: useVirtualThreads=\"true\" on $(java_name "$VIRTUAL_JDK")"
  echo "Tomcat $TOMCAT_VERSION as shipped (tomcat/conf/server.xml, tomcat/setenv.sh; native crypto ${NATIVE_CRYPTO:-on}), wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s per row, $ROUNDS interleaved rounds, medians;"
  echo "JIT warm-up: $WARMED"
  echo "distinct-token rows cycle $RS_TOKENS tokens of their algorithm (no suffix: RS256); /apache and /node: over the peer's row"
  echo "of the same algorithm; errors = non-2xx + socket errors over all rounds"
  echo
  awk -F'\t' -v peers="$PEERS" -v apache_eddsa="$APACHE_EDDSA" -v compare="${COMPARE_TAG:-}" \
      -v virtual_base="$([[ "$VIRTUAL_JDK" == "$MAIN_JDK" ]] && echo "@threads200" || echo "@platform")" '
    NR == 1 { next }
    {
      if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
      k = $1; c[k]++; rps[k, c[k]] = $3; p50[k, c[k]] = $4; p99[k, c[k]] = $5; err[k] += $6 + $7
    }
    function median(arr, k, m,    i, j, t, v) {
      for (i = 1; i <= m; i++) v[i] = arr[k, i]
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
    }
    function ratio(a, b) { return (b > 0) ? sprintf("%.2f", a / b) : "-" }
    function target(a, b, goal,    r, m, q) {
      if (!(a in seen) || !(b in seen)) return
      m = (c[a] < c[b]) ? c[a] : c[b]
      for (r = 1; r <= m; r++) q[a, r] = rps[a, r] / rps[b, r]
      t = median(q, a, m)
      if (goal > 0) printf "  %-30s / %-30s = %.2f  (>= %.2f: %s)\n", a, b, t, goal, (t >= goal ? "met" : "MISSED")
      else printf "  %-30s / %-30s = %.2f\n", a, b, t
    }
    function tail(a, b, goal,    r, m, q) { # p99 of a over p99 of b, at most goal
      if (!(a in seen) || !(b in seen)) return
      m = (c[a] < c[b]) ? c[a] : c[b]
      for (r = 1; r <= m; r++) q[a, r] = (p99[b, r] > 0) ? p99[a, r] / p99[b, r] : 1e9
      t = median(q, a, m)
      printf "  %-30s / %-30s = %.2f  (<= %.2f: %s)\n", "p99 " a, "p99 " b, t, goal, (t <= goal ? "met" : "MISSED")
    }
    function best(a, b1, b2, goal,    r, m, q, top) { # a over the faster of b1 and b2 in each round
      if (!(a in seen) || !(b1 in seen)) return
      m = (c[a] < c[b1]) ? c[a] : c[b1]
      if (b2 in seen && c[b2] < m) m = c[b2]
      for (r = 1; r <= m; r++) {
        top = rps[b1, r]
        if (b2 in seen && rps[b2, r] > top) top = rps[b2, r]
        q[a, r] = rps[a, r] / top
      }
      t = median(q, a, m)
      printf "  %-30s / %-30s = %.2f  (>= %.2f: %s)\n", a, "best of " b1 ((b2 in seen) ? ", " b2 : ""), t, goal,
             (t >= goal ? "met" : "MISSED")
    }
    function added(a, b,    r, m, q) { # p50 of a minus p50 of b, median over rounds
      if (!(a in seen) || !(b in seen)) return
      m = (c[a] < c[b]) ? c[a] : c[b]
      for (r = 1; r <= m; r++) q[a, r] = p50[a, r] - p50[b, r]
      printf "  p50 %-26s - p50 %-26s = %+.2f ms\n", a, b, median(q, a, m) / 1000
    }
    function alg(k) { return match(k, /-(ps256|es256|eddsa)/) ? substr(k, RSTART, 6) : "" }
    function base(k) { return index(k, "@") ? substr(k, 1, index(k, "@") - 1) : k }
    END {
      for (i = 1; i <= n; i++) { k = order[i]; R[k] = median(rps, k, c[k]); P50[k] = median(p50, k, c[k]); P99[k] = median(p99, k, c[k]) }
      printf "%-32s %9s %9s %9s %7s %8s %8s %8s %8s %8s\n", "row", "req/s", "p50 ms", "p99 ms", "errors",
             "/plain", "/empty", "/naive", "/apache", "/node"
      for (i = 1; i <= n; i++) {
        k = order[i]; s = alg(k)
        printf "%-32s %9.0f %9.2f %9.2f %7d %8s %8s %8s %8s %8s\n", k, R[k], P50[k] / 1000, P99[k] / 1000, err[k],
               ratio(R[k], R["plain-servlet"]), ratio(R[k], R["empty-jaxrs"]),
               (s == "") ? ratio(R[k], R["naive-jjwt"]) : "-",
               ratio(R[k], R["mod_auth_openidc" s]), ratio(R[k], R["node-jose" s])
      }
      print ""
      print "targets (median over rounds of the ratio within each round, rows measured seconds apart):"
      target("verify-cache", "empty-jaxrs", 0.8)
      target("verify-cache", "plain-servlet", 0)
      target("verify-nocache", "naive-jjwt", 1.0)
      target("verify-nocache", "mod_auth_openidc", 1.5)
      target("verify-nocache", "node-jose", 2.0)
      print "native signature provider (crypto.provider auto) over the JDK providers (crypto.provider jdk), same JVM:"
      target("verify-nocache", "verify-nocache-jdk", 0)
      target("verify-nocache-ps256", "verify-nocache-ps256-jdk", 0)
      target("verify-nocache-es256", "verify-nocache-es256-jdk", 0)
      target("verify-nocache-eddsa", "verify-nocache-eddsa-jdk", 0)
      print "100,000 revocations of the issuer held (none matching) over none, the same uncached load, contexts alike:"
      target("verify-nocache-revoked", "verify-nocache-unrevoked", 0)
      if ("verify-introspect-called" in seen) {
        print "opaque tokens by introspection (RFC 7662, loopback endpoint) over RS256 JWTs verified uncached:"
        target("verify-introspect-remembered", "verify-nocache", 0)
        target("verify-introspect-called", "verify-nocache", 0)
        added("verify-introspect-remembered", "verify-nocache")
        added("verify-introspect-called", "verify-nocache")
      }
      split(",-ps256,-es256,-eddsa", suffix, ","); split("RS256,PS256,ES256,EdDSA", jws, ",")
      print "per algorithm, the verifier as shipped (native provider) against the peers on the same keys and tokens:"
      for (i = 1; i <= 4; i++) {
        s = suffix[i]
        if (!(("verify-nocache" s) in seen)) continue
        print " " jws[i] ":"
        target("verify-nocache" s, "node-jose" s, 1.2)
        target("verify-nocache" s, "mod_auth_openidc" s, 1.2)
        tail("verify-nocache" s, "node-jose" s, 2.0)
        best("verify-cache" s, "node-jose" s, "mod_auth_openidc" s, 3.0)
        if (s == "-eddsa" && apache_eddsa != "")
          printf "  mod_auth_openidc 2.4.12 does not verify %s (its cjose has no OKP keys): no row; it answered %s to a valid %s token\n", jws[i], apache_eddsa, jws[i]
      }
      for (i = 1; i <= n; i++) if (index(order[i], "@threads") || index(order[i], "@virtual")) study = 1
      if (study) print "thread study: connector variants over a Tomcat alike with the shipped server.xml (maxThreads 200, @threads200), one context each:"
      for (i = 1; i <= n; i++) {
        k = order[i]
        if (index(k, "@threads") && !index(k, "@threads200")) target(k, base(k) "@threads200", 0)
        if (index(k, "@virtual")) target(k, base(k) virtual_base, 0)
      }
      if (study) print " that Tomcat over the main one (the same server.xml; the main one holds more contexts):"
      for (i = 1; i <= n; i++) if (index(order[i], "@threads200")) target(order[i], base(order[i]), 0)
      if (compare != "") print "the Tomcat on the other JDK (@" compare ") over the main one, row by row:"
      for (i = 1; i <= n; i++) if (compare != "" && index(order[i], "@" compare)) target(order[i], base(order[i]), 0)
      print "the tuned Tomcat (tomcat/bench/server.xml, fixed heap) over the shipped one:"
      target("verify-nocache-tuned", "verify-nocache", 0)
      total = 0; for (i = 1; i <= n; i++) total += err[order[i]]
      printf "  errors under load: %d (%s)\n", total, (total == 0 ? "met" : "MISSED")
    }' "$TSV"
  if [[ $PEERS == 1 ]] && grep -q '^verify-introspect-' "$TSV"; then
    for ctx in jwt-verifier-introspect jwt-verifier-introspect-called; do
      curl -s "$T/$ctx/metrics" | awk -v ctx="$ctx" '
        /^jwt_verifier_introspection_cache_lookups_total\{result="hit"/ { hit = $NF }
        /^jwt_verifier_introspection_cache_lookups_total\{result="miss"/ { miss = $NF }
        /^jwt_verifier_introspection_calls_total\{result="answered"/ { calls = $NF }
        END { printf "  /%s: answers remembered %d, asked %d, hit ratio %.3f (warm-up included), endpoint calls %d\n",
                     ctx, hit, miss, (hit + miss > 0) ? hit / (hit + miss) : 0, calls }'
    done
  fi
} | tee "$SUMMARY"

# ---------------------------------------------------------------- crypto floors, one core each, nothing else running
{
  echo
  jdk_rate=$("$MAIN_JDK/bin/java" -cp "$BENCH_CP" org.jwtverifier.bench.RsaVerifyRate 3)
  ossl_rate=$(openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ { print int($NF) }')
  echo "RSA-2048 verifications per second on one core: JDK $(java_feature "$MAIN_JDK") SHA256withRSA $jdk_rate, OpenSSL $ossl_rate" \
       "(OpenSSL/JDK $(awk -v a="$ossl_rate" -v b="$jdk_rate" 'BEGIN { printf "%.2f", a / b }'))"
} > >(tee -a "$SUMMARY")

# ---------------------------------------------------------------- profile (optional)
if [[ $PROFILE == 1 ]]; then
  for row in "empty-jaxrs|$T/bench/rs/empty|" "verify-nocache|$T/jwt-verifier-nocache/verify|cycle $TOKENS/distinct.tokens" \
             "verify-cache|$T/jwt-verifier/verify|one $TOKENS/one.token"; do
    IFS='|' read -r name url args <<<"$row"
    jfr="$RESULTS/$name.jfr"
    jcmd "$TOMCAT_PID" JFR.start name="$name" settings=profile filename="$jfr" >/dev/null
    # shellcheck disable=SC2086
    run_wrk "$name-profiled" "$url" 15 $args >/dev/null
    jcmd "$TOMCAT_PID" JFR.stop name="$name" >/dev/null
    echo
    echo "JFR, $name: where the request threads' CPU samples fall ($jfr)"
    java -cp "$BENCH_CP" org.jwtverifier.bench.JfrHotMethods "$jfr" 25
  done | tee -a "$SUMMARY"
fi

# ---------------------------------------------------------------- cache bound: distinct tokens through the cached /verify
heap_used_after_gc() { # MiB of live objects: the class histogram runs a full GC first and counts what survives
  jcmd "$TOMCAT_PID" GC.class_histogram | awk '$1 == "Total" { printf "%.0f\n", $3 / 1048576 }'
}
cache_metric() { # name label-filter
  curl -s "$T/jwt-verifier/metrics" | awk -v m="$1" -v f="$2" 'index($0, m) == 1 && (f == "" || index($0, f)) { print $NF + 0; exit }'
}
if [[ $HEAP == 1 ]]; then
  {
    echo
    echo "cache bound: $HEAP_TOKENS distinct HS256 tokens, each sent once to /jwt-verifier/verify (cache on, maxEntries 10000), the JVM's default heap (setenv.sh sets none)"
    before=$(heap_used_after_gc)
    misses_before=$(cache_metric jwt_verifier_token_cache_lookups 'result="miss"')
    echo "  live heap (class histogram after full GC) before: ${before} MiB"
    samples=""
    wrk -t2 -c"$CONNECTIONS" -d600s --timeout 5s -s "$BENCH/tokens.lua" "$T/jwt-verifier/verify" -- \
        stream "$TOKENS/heap.%d.tokens" > "$RESULTS/heap-wrk.txt" 2>&1 &
    WRK_PID=$!
    PIDS+=("$WRK_PID")
    # wrk keeps its clock running after its threads run out of tokens: stop it (SIGINT makes it report) once the
    # cache misses stop growing, checking every 5 s; take a live-heap figure every 20 s meanwhile.
    ticks=0 last_misses=-1 started=$SECONDS
    while kill -0 "$WRK_PID" 2>/dev/null; do
      sleep 5
      ticks=$((ticks + 1))
      misses=$(cache_metric jwt_verifier_token_cache_lookups 'result="miss"')
      misses=${misses:-0}
      if (( ${misses%.*} == last_misses && ${misses%.*} > ${misses_before%.*} )); then
        kill -INT "$WRK_PID" 2>/dev/null || true
        break
      fi
      last_misses=${misses%.*}
      sending_seconds=$((SECONDS - started))
      if (( ticks % 4 == 0 )); then samples="$samples $(heap_used_after_gc)"; fi
    done
    wait "$WRK_PID" || true
    after=$(heap_used_after_gc)
    misses_after=$(cache_metric jwt_verifier_token_cache_lookups 'result="miss"')
    entries=$(cache_metric jwt_verifier_token_cache_entries '')
    grep '^RESULT' "$RESULTS/heap-wrk.txt" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "  sent %d tokens in %.0f s (%.0f req/s), non-2xx %d, socket errors %d, p99 %.2f ms\n", v["sent"],
             v["duration_us"] / 1e6, v["requests"] / (v["duration_us"] / 1e6), v["status_errors"], v["socket_errors"], v["p99_us"] / 1000 }'
    echo "  tokens ran out after about ${sending_seconds} s"
    echo "  live heap every 20 s during the run (MiB):$samples"
    echo "  live heap after: ${after} MiB (before: ${before} MiB)"
    echo "  cache misses during the run: $(( ${misses_after%.*} - ${misses_before%.*} )); entries now: ${entries%.*} (bound 10000)"
  } > >(tee -a "$SUMMARY")
fi

echo
echo "summary: $SUMMARY"
echo "raw results: $RESULTS"
