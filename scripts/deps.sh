#!/bin/sh
# Install what the build needs on a fresh Debian machine (gcc, make and
# cmake are assumed). Quiet when everything is already there.
set -e
need=""
command -v cmake >/dev/null 2>&1 || need="$need cmake"
command -v g++ >/dev/null 2>&1 || need="$need g++"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
echo "#include <sys/sdt.h>" | cc -E -x c - >/dev/null 2>&1 || need="$need systemtap-sdt-dev"
[ -z "$need" ] && exit 0
echo "kwork: installing$need" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
