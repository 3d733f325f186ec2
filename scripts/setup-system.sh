#!/usr/bin/env bash
# System packages the tests use besides Node: Alembic (and asyncpg) for the Alembic snippet tests.
# PyPI is not reachable here, so they come from Debian. Installs only what is missing, only where
# apt-get can run (as root, or with passwordless sudo); otherwise says what to do and goes on.
set -uo pipefail

have() { /usr/bin/python3 -c 'import alembic, sqlalchemy, asyncpg' >/dev/null 2>&1; }

if have; then
  echo "setup-system: Alembic and asyncpg are installed ($(/usr/bin/python3 -c 'import alembic; print("alembic", alembic.__version__)'))."
  exit 0
fi

packages="python3-alembic python3-asyncpg"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: no apt-get; install Alembic and asyncpg for /usr/bin/python3 yourself, or set SCHEMAGUARD_SKIP_ALEMBIC=1 to skip the Alembic snippet tests."
  exit 0
fi
if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "setup-system: cannot run apt-get (not root, no passwordless sudo); run: sudo apt-get install -y $packages, or set SCHEMAGUARD_SKIP_ALEMBIC=1."
  exit 0
fi
echo "setup-system: apt-get install $packages"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq $packages >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq $packages; } || {
  echo "setup-system: apt-get failed; the Alembic snippet tests will say what is missing."
  exit 0
}
have && echo "setup-system: installed."
exit 0
