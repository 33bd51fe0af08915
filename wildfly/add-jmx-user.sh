#!/bin/sh
# Adds a WildFly management user: remote JMX (service:jmx:remote+http://HOST:9990, the management port) lets in
# management users only. Usage, with JBOSS_HOME set:
#   wildfly/add-jmx-user.sh USER PASSWORD [SERVER_CONFIG_DIR]
# SERVER_CONFIG_DIR defaults to $JBOSS_HOME/standalone/configuration (where mgmt-users.properties lives).
set -eu
: "${JBOSS_HOME:?set JBOSS_HOME to the WildFly installation}"
exec "$JBOSS_HOME/bin/add-user.sh" -s -u "$1" -p "$2" -sc "${3:-$JBOSS_HOME/standalone/configuration}"
