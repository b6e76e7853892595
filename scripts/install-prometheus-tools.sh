#!/bin/sh
# Installs Debian's prometheus and prometheus-node-exporter for the monitoring tests (promtool, the server,
# node_exporter) without starting their services: a policy-rc.d that denies starts is in place only meanwhile.
set -eu
command -v apt-get >/dev/null 2>&1 || { echo "no apt-get here" >&2; exit 69; }
[ "$(id -u)" = 0 ] || { echo "not root: cannot apt-get install" >&2; exit 77; }
policy=/usr/sbin/policy-rc.d
ours=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# openclaw-shim tests: install without starting services\nexit 101\n' > "$policy"
  chmod 0755 "$policy"
  ours=1
fi
cleanup() { if [ -n "$ours" ]; then rm -f "$policy"; fi; }
trap cleanup EXIT
# The package lists only when apt has none yet, or when the install fails on stale ones.
install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus prometheus-node-exporter >/dev/null; }
install || { apt-get update -qq && install; }
