#!/bin/bash
# ScanPath deb post-install (electron-builder fills in the two template names).
# /usr/bin/scanpath is the command-line launcher (bin/scanpath), not the app's executable, so
# `scanpath diagnose` and `scanpath relay` run without a display. The relay's systemd unit is
# installed but neither enabled nor started.

app='/opt/${sanitizedProductName}'
launcher="$app/bin/${executable}"

if type update-alternatives >/dev/null 2>&1; then
    # An older ScanPath linked /usr/bin/scanpath to the app's executable: replace that link.
    if [ -L '/usr/bin/${executable}' ] && [ "$(readlink '/usr/bin/${executable}')" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --remove '${executable}' "$app/${executable}" >/dev/null 2>&1 || true
    update-alternatives --install '/usr/bin/${executable}' '${executable}' "$launcher" 100 \
        || ln -sf "$launcher" '/usr/bin/${executable}'
else
    ln -sf "$launcher" '/usr/bin/${executable}'
fi

# Electron's setuid sandbox helper is needed only where unprivileged user namespaces are off.
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
    chmod 0755 "$app/chrome-sandbox" || true
else
    chmod 4755 "$app/chrome-sandbox" || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi
if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# Make systemd see scanpath-relay.service; it stays disabled until the administrator enables it.
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || true
fi
