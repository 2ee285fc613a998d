#!/usr/bin/env bash
# Installs every Debian 12 package uccert needs to build, test, fuzz and benchmark.
# Idempotent: packages already present are skipped. Uses sudo only when not root.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config ccache
  # libraries (see docs/design.md: one well-kept library per job)
  libssl-dev openssl libasio-dev libc-ares-dev libcli11-dev nlohmann-json3-dev
  libtomlplusplus-dev libfmt-dev
  # Topology XML import: a small DOM with line offsets that never resolves DTDs or external entities
  libpugixml-dev
  # host names: IDNA2008 conversion, and the Public Suffix List (libpsl's built-in copy and the
  # newer file the publicsuffix package ships)
  libidn2-dev libpsl-dev publicsuffix
  # tests, benchmarks, fuzzing
  libgtest-dev libgmock-dev googletest libbenchmark-dev clang libclang-rt-14-dev time
  # the live-scan benchmark's reference scanner (bench/scan_live.sh compares uccert scan with it)
  sslscan
  # real peers the integration tests start on 127.0.0.1
  kamailio kamailio-tls-modules postfix nginx-core dnsmasq-base
  # reference verifiers the differential test compares the browser profile with (certtool), and
  # the generic TLS clients the lab's endpoints are checked with (gnutls-cli, curl)
  gnutls-bin curl
  # an independent property-list parser (plistlib) the mobileconfig test reads profiles back with
  python3
  # promtool: the scan and check tests validate --format prometheus with Prometheus' own parser
  prometheus
  # uccert serve's HTTP server (cpp-httplib); the HTML and SARIF checks (html5lib parses the
  # report as a browser would; jsonschema validates SARIF against the 2.1.0 schema)
  libcpp-httplib-dev python3-html5lib python3-jsonschema
  # the browser the end-to-end tests drive (tests/e2e: playwright-core from npm, no browser download)
  chromium
)

# Node.js runs the end-to-end tests; a machine that has one (Debian's, or another packaging of
# it with npm inside) keeps it.
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# playwright-core for the end-to-end tests (tests/e2e/package-lock.json), when npm is at hand
# (Debian's npm, or one that came with Node.js); never a browser of its own.
e2e_modules() {
  local here
  here="$(cd "$(dirname "$0")/.." && pwd)"
  if [ ! -d "$here/tests/e2e/node_modules/playwright-core" ]; then
    if command -v npm >/dev/null 2>&1; then
      echo "install-deps: npm ci in tests/e2e (playwright-core)"
      # Not fatal: without it the end-to-end tests are skipped (and say so), the rest still runs.
      (cd "$here/tests/e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent) ||
        echo "install-deps: npm ci in tests/e2e failed: the end-to-end tests will be skipped"
    else
      echo "install-deps: no npm: the end-to-end tests will be skipped (apt-get install npm)"
    fi
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  e2e_modules
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Postfix asks how to configure itself; the tests write their own configuration.
echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
# Services installed here (nginx, postfix, kamailio) must not start on the machine:
# the tests start their own instances on loopback ports.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  added_policy=1
fi
# An if, not `[ ] && rm`: as the last command of the EXIT trap, a false test would become the
# script's exit status and fail `make` after a successful install.
cleanup() { if [ "$added_policy" -eq 1 ]; then $sudo rm -f "$policy"; fi; }
trap cleanup EXIT

$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
e2e_modules
echo "install-deps: done"
