#!/usr/bin/env bash
# The Debian package (issue 19): built by CPack from the build under test, installed with
# dpkg into a throwaway root (its maintainer scripts run there, without chroot: DPKG_ROOT), and
# the server started as its systemd unit says (the unit's own command line and settings, as an
# unprivileged user with no new privileges; a container has no systemd to start it), then
# stopped with SIGTERM. Then removed and purged.
# Usage: package_test.sh BUILD_DIR (the build's citizenfocus is what gets packaged)
set -u
build="$1"
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
# shellcheck source=support/checks.sh
source "$(dirname "$0")/support/checks.sh"
if [ "$(id -u)" -ne 0 ]; then
  echo "package_test needs root (dpkg --root with a user made in the root); skipped"
  exit 77
fi

# Uncompressed: the test reads the package once (a sanitized executable takes xz a minute).
(cd "$build" && cpack -G DEB -D CPACK_DEBIAN_COMPRESSION_TYPE=none -B "$tmp/dist" >"$tmp/cpack.log" 2>&1)
check "cpack builds the package" "0" "$?"
deb=$(ls "$tmp"/dist/citizenfocus_*.deb 2>/dev/null | head -1)
check "one .deb" "yes" "$([ -f "$deb" ] && echo yes || echo "no: $(tail -5 "$tmp/cpack.log")")"
version=$("$build/citizenfocus" --version | awk '{print $2}')
check "the package's version is --version's" "$version" "$(dpkg-deb -f "$deb" Version)"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libsqlite3 libpq5 libsodium adduser; do contains "depends on $lib" "$lib" "$depends"; done
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/citizenfocus ./usr/lib/systemd/system/citizenfocus.service \
  ./usr/lib/systemd/system/citizenfocus-worker.service ./usr/lib/systemd/system/citizenfocus-purge.service \
  ./usr/lib/systemd/system/citizenfocus-purge.timer ./etc/citizenfocus/citizenfocus.toml \
  ./etc/citizenfocus/citizenfocus.env ./usr/share/doc/citizenfocus/operations.md; do
  contains "holds $f" "$f" "$contents"
done
dpkg-deb -e "$deb" "$tmp/control"
contains "settings are conffiles (an upgrade keeps a force's changes)" "/etc/citizenfocus/citizenfocus.env" "$(cat "$tmp/control/conffiles")"

# A throwaway root with an empty dpkg database and the accounts files useradd writes to.
root="$tmp/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers" "$root/etc"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
printf 'root:*:19000:0:99999:7:::\n' >"$root/etc/shadow"
printf 'root:*::\n' >"$root/etc/gshadow"
cp /etc/login.defs "$root/etc/" 2>/dev/null
dpkg --root="$root" --force-depends --force-script-chrootless --log=/dev/null -i "$deb" >"$tmp/dpkg.log" 2>&1
check "dpkg -i into the root" "0" "$?"
# (useradd finds no /usr/sbin/nologin in the bare root: that warning is the root's, not ours.)
check "dpkg said nothing of errors or warnings" "" "$(grep -i -E "error|warning" "$tmp/dpkg.log" | grep -v "missing or non-executable shell")"
contains "installed" "ii  citizenfocus" "$(dpkg --root="$root" -l citizenfocus 2>/dev/null)"
check "its user, a system account with no login" "yes" "$(grep -q '^citizenfocus:.*:/usr/sbin/nologin$' "$root/etc/passwd" && echo yes)"
uid=$(sed -n 's/^citizenfocus:[^:]*:\([0-9]*\):.*/\1/p' "$root/etc/passwd")
gid=$(sed -n 's/^citizenfocus:[^:]*:\([0-9]*\):.*/\1/p' "$root/etc/group")
check "the settings file readable by root and the service's group only" "640 0:$gid" "$(stat -c '%a %u:%g' "$root/etc/citizenfocus/citizenfocus.env")"
check "the state folder the service's own" "750 $uid:$gid" "$(stat -c '%a %u:%g' "$root/var/lib/citizenfocus")"

unit="$root/usr/lib/systemd/system/citizenfocus.service"
for hardening in "User=citizenfocus" "ProtectSystem=strict" "NoNewPrivileges=true" "PrivateTmp=true" "StateDirectory=citizenfocus"; do
  contains "the server's unit: $hardening" "$hardening" "$(cat "$unit")"
done
contains "the worker's unit runs the worker" "worker" "$(grep '^ExecStart=' "$root/usr/lib/systemd/system/citizenfocus-worker.service")"
# Every key known and every value valid; the executable is in the root, not on this machine.
contains "the purge's unit applies the retention rules" "purge --by" "$(grep '^ExecStart=' "$root/usr/lib/systemd/system/citizenfocus-purge.service")"
for hardening in "User=citizenfocus" "ProtectSystem=strict" "NoNewPrivileges=true"; do
  contains "the purge's unit: $hardening" "$hardening" "$(cat "$root/usr/lib/systemd/system/citizenfocus-purge.service")"
done
verify=$(systemd-analyze verify "$unit" "$root/usr/lib/systemd/system/citizenfocus-worker.service" \
  "$root/usr/lib/systemd/system/citizenfocus-purge.service" "$root/usr/lib/systemd/system/citizenfocus-purge.timer" 2>&1 |
  grep -v "Command /usr/bin/citizenfocus is not executable" || true)
check "systemd-analyze finds nothing wrong with the units" "" "$verify"

# The unit's command, as systemd would run it: its Environment= defaults, then the env file,
# expanded into ExecStart, as the unprivileged user (here nobody, owning a copy of the state
# folder) with no new privileges.
port=$(free_port)
cmdline=$(sed -n 's/^ExecStart=//p' "$unit")
declare -A env
while IFS='=' read -r k v; do env[$k]=$v; done < <(sed -n 's/^Environment=//p' "$unit")
state="$tmp/state"
mkdir -p "$state"
chown 65534:65534 "$state"
env[CF_DB]="$state/force.db"
env[CF_LISTEN]="127.0.0.1:$port"
env[CF_PUBLIC_LISTEN]="127.0.0.1:$((port + 1))"
for k in "${!env[@]}"; do cmdline=${cmdline//\$\{$k\}/${env[$k]}}; done
cmdline=${cmdline//\/usr\/bin\/citizenfocus/$root\/usr\/bin\/citizenfocus}
cmdline=${cmdline//\/etc\/citizenfocus/$root\/etc\/citizenfocus}
chmod o+rx "$tmp" "$root" "$root/etc/citizenfocus"
chmod o+r "$root/etc/citizenfocus/citizenfocus.toml"
# shellcheck disable=SC2086
setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs $cmdline >"$tmp/serve.out" 2>&1 &
pid=$!
for _ in $(seq 150); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
check "the installed server, started as its unit says, is ready" "200" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")"
check "and its portal too" "200" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((port + 1))/readyz")"
contains "it logs JSON, as the unit asks" '"level":"info"' "$(head -1 "$tmp/serve.out")"
check "/metrics" "200" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics")"
check "its store made by its own user" "65534" "$(stat -c '%u' "$state/force.db")"
kill -TERM "$pid"; wait "$pid"; rc=$?; pid=""
check "SIGTERM stops it cleanly (systemd's KillSignal)" "0" "$rc"

dpkg --root="$root" --force-script-chrootless --log=/dev/null --purge citizenfocus >"$tmp/purge.log" 2>&1
check "dpkg --purge" "0" "$?"
check "the executable is gone" "no" "$([ -e "$root/usr/bin/citizenfocus" ] && echo yes || echo no)"
check "the settings are gone" "no" "$([ -e "$root/etc/citizenfocus/citizenfocus.env" ] && echo yes || echo no)"
# (The bare root's /etc keeps the accounts files: dpkg leaves it, and says so.)
check "dpkg said nothing of errors or warnings on purge" "" "$(grep -i -E "error|warning" "$tmp/purge.log" | grep -v "directory '/etc' not empty")"
check "the force's records are kept" "yes" "$([ -d "$root/var/lib/citizenfocus" ] && echo yes || echo no)"

finish package_test
