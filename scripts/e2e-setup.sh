#!/usr/bin/env bash
# Installs what the end-to-end tests in test/e2e need, idempotently, and prints the versions:
#   - code-server 4.100.3 (VS Code 1.100.3) from npm, into a cache folder outside node_modules
#     ($SCHEMAGUARD_E2E_CACHE, default ~/.cache/schemaguard-e2e; test/e2e/lib/paths.ts reads the same);
#   - Debian's chromium, neovim and ripgrep, and the headers code-server's native modules build against.
# Nothing is downloaded from outside the npm registry and the Debian mirror: @vscode/ripgrep's
# GitHub download is pre-seeded with Debian's rg. Quick (about a second) when everything is there.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# @vscode/ripgrep 1.15.11 (a code-server 4.100.3 dependency) looks for this file before downloading.
RIPGREP_CACHE_FILE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
APT_PACKAGES=(chromium neovim ripgrep fonts-dejavu-core libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config g++ make python3)

cache="${SCHEMAGUARD_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/schemaguard-e2e}"
prefix="$cache/code-server-$CODE_SERVER_VERSION"
code_server="$prefix/node_modules/.bin/code-server"

log() { printf 'e2e-setup: %s\n' "$*" >&2; }

install_debian_packages() {
  local missing=()
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  # python3 and g++ may come from elsewhere (pyenv, a toolchain image): only the command matters.
  local needed=()
  for package in "${missing[@]}"; do
    case "$package" in
      python3 | g++ | make) command -v "$package" >/dev/null || needed+=("$package") ;;
      *) needed+=("$package") ;;
    esac
  done
  [ ${#needed[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to apt-get install: ${needed[*]}"; exit 1; }
    sudo=(sudo)
  fi
  log "apt-get install ${needed[*]}"
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q)
  if ! "${apt[@]}" install -y --no-install-recommends "${needed[@]}" >/dev/null; then
    "${apt[@]}" update >/dev/null
    "${apt[@]}" install -y --no-install-recommends "${needed[@]}" >/dev/null
  fi
}

install_code_server() {
  if [ -x "$code_server" ] && "$code_server" --version >/dev/null 2>&1; then return 0; fi
  log "npm install code-server@$CODE_SERVER_VERSION into $prefix"
  mkdir -p "$(dirname "$RIPGREP_CACHE_FILE")" "$prefix"
  if [ ! -s "$RIPGREP_CACHE_FILE" ]; then
    tar -czf "$RIPGREP_CACHE_FILE" -C "$(dirname "$(command -v rg)")" rg
  fi
  [ -f "$prefix/package.json" ] || printf '{ "name": "schemaguard-e2e-code-server", "private": true }\n' >"$prefix/package.json"
  # node-pty runs `npx node-gyp` (yes=true answers its prompt); nodedir=/usr uses the local Node
  # headers instead of downloading them; argon2's prebuilt download fails and it builds from source.
  (
    cd "$prefix"
    npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >"$prefix/install.log" 2>&1
  ) || { tail -40 "$prefix/install.log" >&2; log "code-server install failed (full log: $prefix/install.log)"; exit 1; }
  "$code_server" --version >/dev/null 2>&1 || { log "code-server installed but does not run: see $prefix/install.log"; exit 1; }
}

# code-server 4.100.3's install script refuses any Node.js major but 20.
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || { log "code-server $CODE_SERVER_VERSION needs Node.js 20; this is $(node --version)"; exit 1; }

install_debian_packages
install_code_server

printf 'code-server %s (%s)\n' "$("$code_server" --version | head -1)" "$code_server"
printf '%s\n' "$(chromium --version 2>/dev/null | head -1)"
printf '%s\n' "$(nvim --version | head -1)"
printf '%s\n' "$(rg --version | head -1)"
printf 'node %s, npm %s\n' "$(node --version)" "$(npm --version)"
