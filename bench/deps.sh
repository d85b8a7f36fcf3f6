#!/bin/sh
# Install what the bench needs on a fresh Debian machine: the peers'
# development packages, gnuplot for the plot, valgrind for instructions per
# submit, python3 for the runner. Quiet when everything is already there.
set -e
need=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
have_pc glib-2.0 || need="$need libglib2.0-dev"
have_pc libuv || need="$need libuv1-dev"
have_pc tbb || need="$need libtbb-dev"
[ -f /usr/share/cthreadpool/thpool.c ] || need="$need cthreadpool-dev"
command -v gnuplot >/dev/null 2>&1 || need="$need gnuplot-nox"
command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
command -v python3 >/dev/null 2>&1 || need="$need python3"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
[ -z "$need" ] && exit 0
echo "kwork bench: installing$need" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
