#!/bin/sh
# Install the Debian 12 packages that building and testing tix need.
# Only packages that are missing are installed; run as root (or with sudo).
# Used by the README's two set-up commands and by .ci/run.
set -eu

packages="build-essential autoconf automake pkg-config xz-utils
	libncurses-dev libcurl4-openssl-dev libcjson-dev
	libcmocka-dev libmicrohttpd-dev
	tmux jq curl ca-certificates git
	python3 clang libclang-rt-dev"

missing=
for p in $packages; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case $status in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done

if [ -z "$missing" ]; then
	echo "setup-debian: all packages present"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "setup-debian: need root to install:$missing" >&2
	exit 1
fi

echo "setup-debian: installing:$missing"
$sudo apt-get update
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y --no-install-recommends $missing
