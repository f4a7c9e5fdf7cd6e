#!/bin/bash
# ScanPath deb post-remove: drops the /usr/bin/scanpath launcher link. A running relay is
# stopped and disabled first (its unit file goes with the package); its queue, sign-in state
# and configuration stay in /var/lib/scanpath-relay and /etc/scanpath-relay.

# dpkg runs this on upgrade too ("$1" = upgrade): then the new version's post-install keeps
# the link and the relay stays as the administrator left it.
case "$1" in
    upgrade|failed-upgrade|abort-install|abort-upgrade|disappear) exit 0 ;;
esac

app='/opt/${sanitizedProductName}'

if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' "$app/bin/${executable}" >/dev/null 2>&1 || true
fi
if [ -L '/usr/bin/${executable}' ] && [ ! -e '/usr/bin/${executable}' ]; then
    rm -f '/usr/bin/${executable}'
fi

if [ -d /run/systemd/system ]; then
    systemctl disable --now scanpath-relay.service >/dev/null 2>&1 || true
    systemctl daemon-reload >/dev/null 2>&1 || true
fi
