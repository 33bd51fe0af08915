#!/usr/bin/env bash
# Prints an RS256 demo token (iss https://demo.jwt-verifier.local, aud demo-api, 1 h) signed with the
# DEMO ONLY key beside this script. JDK only: compiles MintDemoToken.java once (per content of the file) into
# ${XDG_CACHE_HOME:-~/.cache}/jwt-verifier/mint-token/ and runs it from there.
#   webapp-config/demo/mint-token.sh --sub alice --email alice@example.com
#   webapp-config/demo/mint-token.sh --aud other-api --scope "read write" --claim groups='["ops"]' --exp -5m
#   webapp-config/demo/mint-token.sh --new-key /tmp/rotation    # a second key, for a rotation rehearsal
# --help lists every option. Exit codes: 0 done, 1 failed, 2 a bad option or value (one line on stderr).
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SOURCE="$DIR/MintDemoToken.java"
CLASSES="${XDG_CACHE_HOME:-$HOME/.cache}/jwt-verifier/mint-token/$(sha256sum "$SOURCE" | cut -c 1-16)"
if [ ! -f "$CLASSES/MintDemoToken.class" ]; then
  # Compiled aside and renamed into place, so that a concurrent run never sees half the classes.
  mkdir -p "$(dirname "$CLASSES")"
  fresh="$(mktemp -d "$CLASSES.XXXXXX")"
  javac -nowarn -d "$fresh" "$SOURCE"
  mv -T "$fresh" "$CLASSES" 2>/dev/null || rm -rf "$fresh"
fi
exec java -cp "$CLASSES" MintDemoToken --key "$DIR/demo-private-key.pem" "$@"
