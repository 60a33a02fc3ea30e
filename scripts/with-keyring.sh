#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so keytar talks to a real
# Secret Service without touching the user's own keyring. Used by `npm test` on Linux and by CI.
# The keyring's files go to a throwaway XDG_DATA_HOME that is removed afterwards.
set -eu
if [ "${STRATUS_KEYRING_READY:-}" = "1" ]; then exec "$@"; fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring: dbus-run-session and gnome-keyring-daemon are needed (apt-get install dbus gnome-keyring libsecret-1-dev)" >&2
  exit 1
fi
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export XDG_DATA_HOME="$data" STRATUS_KEYRING_READY=1
dbus-run-session -- sh -c '
  # The password only unlocks this throwaway keyring; it protects nothing.
  printf "%s" "stratus-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"
' with-keyring "$@"
