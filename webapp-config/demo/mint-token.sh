#!/usr/bin/env bash
# Prints an RS256 demo token (iss https://demo.jwt-verifier.local, aud demo-api, 1 h) signed with the
# DEMO ONLY key beside this script. JDK only: runs MintDemoToken.java with the source launcher.
#   webapp-config/demo/mint-token.sh --sub alice --email alice@example.com
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec java "$DIR/MintDemoToken.java" --key "$DIR/demo-private-key.pem" "$@"
