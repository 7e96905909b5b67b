#!/usr/bin/env bash
# The Debian packages `make test` and `make run` need beyond Python's, installed when missing.
#
#   devstack/system-packages.sh test   # chromium, clamd, fonts-liberation, node and npm: all needed
#   devstack/system-packages.sh run    # node and npm needed; clamd and fonts-liberation wanted
#
# Missing packages are installed with apt-get when this runs as root, or with `sudo -n` when
# sudo works without a password. Otherwise (or with SEND_NO_INSTALL=1) it stops at once and
# prints the one command to run. For `run`, a missing clamd that cannot be installed is only
# reported: the system runs, and uploads wait in "awaiting scan" until clamd is there.
# `make test`, `make run` and `.ci/run` all call this script.
set -euo pipefail

mode="${1:-test}"
case "$mode" in test | run) ;; *) echo "usage: $0 test|run" >&2; exit 2 ;; esac

need=()    # without these the command cannot work
wanted=()  # `make run` works without these, with less
have() { command -v "$1" >/dev/null 2>&1; }
has_clamd() { have clamd || [ -x /usr/sbin/clamd ] || [ -x /usr/local/sbin/clamd ]; }
has_liberation() { have fc-list && fc-list 2>/dev/null | grep -qi "Liberation Sans"; }

{ have node && have npm; } || need+=(nodejs npm)
if [ "$mode" = test ]; then
  have chromium || need+=(chromium)
  has_clamd || need+=(clamav-daemon clamav)
  # Letters and plans are set in Liberation Sans (Arial's metrics); a test checks the PDFs embed it.
  has_liberation || need+=(fonts-liberation)
else
  has_clamd || wanted+=(clamav-daemon clamav)
  has_liberation || wanted+=(fonts-liberation)
fi

missing=("${need[@]}" "${wanted[@]}")
[ ${#missing[@]} -eq 0 ] && exit 0

command_line="sudo apt-get install -y --no-install-recommends ${missing[*]}"
as_root=""
if [ "${SEND_NO_INSTALL:-}" = 1 ] || ! have apt-get; then
  as_root="no"
elif [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif have sudo && sudo -n true 2>/dev/null; then
  as_root="sudo -n"
else
  as_root="no"
fi

if [ "$as_root" != no ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if $as_root apt-get update -qq && $as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    exit 0
  fi
  echo "apt-get could not install them." >&2
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "Missing system packages: ${need[*]}${wanted:+ (and wanted: ${wanted[*]})}" >&2
  echo "Run this once, then try again:" >&2
  echo "  $command_line" >&2
  exit 1
fi
echo "Not installed: ${wanted[*]}. The system runs, but uploads wait in 'awaiting scan' without clamd" >&2
echo "and letters use a fallback font without fonts-liberation. To install them:" >&2
echo "  $command_line" >&2
exit 0
