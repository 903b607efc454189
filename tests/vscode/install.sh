#!/usr/bin/env bash
# Installs a real VS Code for the extension's end-to-end tests: code-server 4.96.4 and
# puppeteer-core (pinned in package-lock.json) into tests/vscode/node_modules (gitignored), driven
# in Debian's `chromium`. Called by scripts/setup, which installs chromium, ripgrep and libkrb5-dev.
# Idempotent: skipped when the stamp matches package-lock.json and this script.
#
# code-server's own postinstall (npm install in lib/vscode and lib/vscode/extensions) cannot run
# offline as shipped, so this script does its steps itself:
# - lib/vscode's npm-shrinkwrap.json takes @vscode/proxy-agent 0.27.0 from a GitHub commit; the
#   npm registry's 0.27.0 tarball has the identical integrity hash, so the lock points there instead
#   (npm still verifies the hash);
# - native modules are built from source against the system Node (nodedir /usr): their prebuilt
#   binaries would come from GitHub;
# - @vscode/ripgrep's postinstall downloads `rg` from GitHub: Debian's ripgrep is linked instead.
set -euo pipefail
cd "$(dirname "$0")"

stamp=node_modules/.axl-vscode-installed
want=$(cat package-lock.json install.sh | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then exit 0; fi

fail() { echo "setup: error: $*" >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" != 20 ]; then
  # Debian 12's own nodejs is 18: everything else works with it, so this is not an error; the
  # tests/vscode tests report themselves skipped with the same reason.
  echo "setup: warning: not installing code-server for tests/vscode: code-server 4.96.4 needs Node 20, this machine has $(node --version)" >&2
  exit 0
fi
for tool in chromium rg; do
  command -v "$tool" >/dev/null || fail "tests/vscode needs '$tool' (Debian packages chromium, ripgrep)"
done
[ -f /usr/include/krb5.h ] || fail "tests/vscode needs Debian's libkrb5-dev (kerberos, a native module of VS Code)"
if ! timeout 30 npm ping >/dev/null 2>&1; then # fail in seconds, not after npm's retries
  fail "the npm registry ($(npm config get registry)) is unreachable; needed for tests/vscode/"
fi

echo "setup: installing code-server 4.96.4 and puppeteer-core for the VS Code e2e tests (tests/vscode)"
rm -f "$stamp"
# No browser download: the tests drive Debian's chromium.
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund ||
  fail "npm ci failed in tests/vscode/ (see the npm output above)"

# Native modules from source: npm_config_build_from_source skips the prebuilt downloads
# (node-pre-gyp, prebuild-install), which would only time out offline.
build_native() {
  npm_config_nodedir=/usr npm_config_build_from_source=true npm rebuild --foreground-scripts "$@" >build-native.log 2>&1 ||
    { tail -40 build-native.log >&2; fail "building native modules failed in $PWD: $* (log: $PWD/build-native.log)"; }
}
build_native argon2

cd node_modules/code-server/lib/vscode
proxy_agent_git='git+ssh://git@github.com/microsoft/vscode-proxy-agent.git#0803e0a7d1249bcb64ae9d256d0ee732b7246ea5'
proxy_agent_npm='https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-0.27.0.tgz'
grep -q "\"$proxy_agent_git\"" npm-shrinkwrap.json ||
  fail "lib/vscode/npm-shrinkwrap.json no longer takes @vscode/proxy-agent from $proxy_agent_git; revisit tests/vscode/install.sh"
sed -i "s|\"$proxy_agent_git\"|\"$proxy_agent_npm\"|" npm-shrinkwrap.json
# npm install, not ci: the shrinkwrap as shipped lacks tslib (ci refuses it); npm adds it by range.
npm install --omit=dev --ignore-scripts --no-audit --no-fund || fail "npm install failed in $PWD"
build_native @parcel/watcher @vscode/deviceid @vscode/spdlog kerberos native-watchdog node-pty
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sfn "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg

# The rest of code-server's postinstall.sh: links, then the built-in extensions' dependencies.
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh
(cd extensions && npm ci --omit=dev --no-audit --no-fund) || fail "npm ci failed in $PWD/extensions"

cd - >/dev/null
echo "$want" >"$stamp"
echo "setup: code-server $(node -p 'require("./node_modules/code-server/package.json").version') installed in tests/vscode/node_modules"
