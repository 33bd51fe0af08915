#!/usr/bin/env bash
# Builds jwt-verifier and runs it on a real Tomcat 10.1 in the foreground; Ctrl-C stops it.
#
#   tomcat/run.sh                                   # demo config, http://127.0.0.1:8080/jwt-verifier/
#   HTTP_PORT=8081 JMX_PORT=9011 tomcat/run.sh      # other ports
#   JWT_VERIFIER_YAML=/etc/jwt-verifier.yaml tomcat/run.sh   # another configuration file
#
# Tomcat (org.apache.tomcat:tomcat:<tomcat.version>:tar.gz from Maven Central) is unpacked by Maven into
# target/run-tomcat, which gets:
#   conf/server.xml                          <- tomcat/conf/server.xml (127.0.0.1, keep-alive friendly)
#   bin/setenv.sh                            <- tomcat/setenv.sh (JMX on 127.0.0.1:$JMX_PORT, authenticated)
#   conf/jmxremote.password, .access (600)   <- jmx/ templates (demo passwords: monitor-demo, admin-demo)
#   conf/Catalina/localhost/jwt-verifier.xml <- context file whose parameter names the config file
#   webapps/jwt-verifier.war                 <- target/jwt-verifier.war
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export HTTP_PORT="${HTTP_PORT:-8080}"
export JMX_PORT="${JMX_PORT:-9010}"
CONFIG="$(realpath "${JWT_VERIFIER_YAML:-$ROOT/webapp-config/demo.yaml}")"
BASE="$ROOT/target/run-tomcat"

echo "Building target/jwt-verifier.war ..."
mvn -B -q package -DskipTests

echo "Unpacking Tomcat into target/run-tomcat ..."
mvn -B -q dependency:unpack@unpack-run-tomcat

mkdir -p "$BASE/webapps" "$BASE/logs" "$BASE/temp" "$BASE/work" "$BASE/conf/Catalina/localhost"
install -m 644 tomcat/conf/server.xml "$BASE/conf/server.xml"
install -m 755 tomcat/setenv.sh "$BASE/bin/setenv.sh"
install -m 600 jmx/jmxremote.password "$BASE/conf/jmxremote.password"
install -m 600 jmx/jmxremote.access "$BASE/conf/jmxremote.access"

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
cp target/jwt-verifier.war "$BASE/webapps/jwt-verifier.war"

export CATALINA_HOME="$BASE"
export CATALINA_BASE="$BASE"
cat <<INFO
jwt-verifier on Tomcat: http://127.0.0.1:${HTTP_PORT}/jwt-verifier/verify   (config: $CONFIG)
  health:  curl -i http://127.0.0.1:${HTTP_PORT}/jwt-verifier/health
  token:   TOKEN=\$(webapp-config/demo/mint-token.sh --sub alice --email alice@example.com)
  verify:  curl -i -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:${HTTP_PORT}/jwt-verifier/verify
  JMX:     127.0.0.1:${JMX_PORT} (monitor/monitor-demo read-only, admin/admin-demo read-write)
Ctrl-C stops Tomcat.
INFO
exec "$BASE/bin/catalina.sh" run
