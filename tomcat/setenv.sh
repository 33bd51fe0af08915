#!/usr/bin/env bash
# Tomcat's bin/setenv.sh for jwt-verifier (tomcat/run.sh installs it). catalina.sh sources it on start/run.
#
# Remote JMX on 127.0.0.1 only, on ONE port (registry and RMI objects share it, so a single forwarded port
# is enough: ssh -L 9010:127.0.0.1:9010 host, then connect to 127.0.0.1:9010).
# Authentication is on, with the files from jmx/ copied to $CATALINA_BASE/conf with mode 600
# (the JDK refuses a password file that others can read):
#   monitor / monitor-demo   read-only   (attributes, counters)
#   admin   / admin-demo     read-write  (operations: refreshNow, flush, revoke, reload, ...)
# These are DEMO passwords: change them in $CATALINA_BASE/conf/jmxremote.password for anything real.
# SSL is off: acceptable only because the port is bound to loopback. When JMX must cross a network, turn on
# com.sun.management.jmxremote.ssl (and registry.ssl) with a keystore, or tunnel it over SSH.
#
# CATALINA_OPTS (not JAVA_OPTS) so that "catalina.sh stop" and friends do not try to bind the JMX port too.
#
# org.apache.juli.logging.UserDataHelper.CONFIG=NONE: Tomcat never logs what a client sent when it refuses a
# request. By default (INFO_THEN_DEBUG) it logs the whole offending header line, request target or cookie header
# at INFO, once a day per request processor: a header holding a NUL next to "Authorization: Bearer ..." would
# put a replayable token into catalina.out. Tomcat reads the property whenever it creates a request processor,
# so it must be set before Tomcat starts. The in-container tests' Tomcats take this very line from this file
# (pom.xml, execution "shipped-tomcat-flags"); keep it on a line of its own.

# Native signature verification: where the Amazon Corretto Crypto Provider's jar is in
# $CATALINA_BASE/lib/native-crypto/ (tomcat/run.sh puts it there; NATIVE_CRYPTO=off leaves it out), the jar goes on
# the JVM's class path and conf/native-crypto.security registers it as the first security provider. It is a native
# library (AWS-LC, linux-x86_64 build): the JVM loads it once, from the system class loader, never from the WAR.
# --enable-native-access: JDK 24+ warns on (and a later JDK will refuse) a library's System.load without it.
# Without the jar nothing changes: the JDK's providers verify. The verifier logs at start which provider verifies
# each algorithm (see docs/performance.md, "Native signature verification").
NATIVE_CRYPTO_JAR=""
for jar in "${CATALINA_BASE}"/lib/native-crypto/AmazonCorrettoCryptoProvider-*.jar; do
  [ -f "$jar" ] && NATIVE_CRYPTO_JAR="$jar"
done
if [ -n "$NATIVE_CRYPTO_JAR" ] && [ "${NATIVE_CRYPTO:-on}" != off ] && [ -f "${CATALINA_BASE}/conf/native-crypto.security" ]; then
  CLASSPATH="${CLASSPATH:+$CLASSPATH:}$NATIVE_CRYPTO_JAR"
  export CLASSPATH
  CATALINA_OPTS="${CATALINA_OPTS:-} -Djava.security.properties=${CATALINA_BASE}/conf/native-crypto.security --enable-native-access=ALL-UNNAMED"
fi

HTTP_PORT="${HTTP_PORT:-8080}"
JMX_PORT="${JMX_PORT:-9010}"

CATALINA_OPTS="${CATALINA_OPTS:-} \
 -Djwtverifier.http.port=${HTTP_PORT} \
 -Dorg.apache.juli.logging.UserDataHelper.CONFIG=NONE \
 -Dcom.sun.management.jmxremote.port=${JMX_PORT} \
 -Dcom.sun.management.jmxremote.rmi.port=${JMX_PORT} \
 -Dcom.sun.management.jmxremote.host=127.0.0.1 \
 -Djava.rmi.server.hostname=127.0.0.1 \
 -Dcom.sun.management.jmxremote.authenticate=true \
 -Dcom.sun.management.jmxremote.password.file=${CATALINA_BASE}/conf/jmxremote.password \
 -Dcom.sun.management.jmxremote.access.file=${CATALINA_BASE}/conf/jmxremote.access \
 -Dcom.sun.management.jmxremote.ssl=false \
 -Dcom.sun.management.jmxremote.registry.ssl=false"
export CATALINA_OPTS
