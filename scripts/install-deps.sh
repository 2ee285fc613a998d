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
  # real peers the integration tests start on 127.0.0.1
  kamailio kamailio-tls-modules postfix nginx-core dnsmasq-base
  # reference verifiers the differential test compares the browser profile with (certtool)
  gnutls-bin
  # an independent property-list parser (plistlib) the mobileconfig test reads profiles back with
  python3
  # promtool: the scan and check tests validate --format prometheus with Prometheus' own parser
  prometheus
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
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
echo "install-deps: done"
