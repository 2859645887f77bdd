#!/bin/sh
# Install the Debian/Ubuntu packages given as arguments, only those missing.
# Uses sudo when not root. Exits non-zero with a clear message when it cannot.
set -eu

missing=""
for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done

if [ -z "$missing" ]; then
    echo "system packages: all present ($*)"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "system packages missing:$missing" >&2
    echo "This machine has no apt-get; install them with your package manager." >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "system packages missing:$missing (run as root or install sudo)" >&2
    exit 1
fi

echo "installing system packages:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
