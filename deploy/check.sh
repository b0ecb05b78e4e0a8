#!/usr/bin/env bash
# Check the deployment files as a server would read them: the systemd units with
# `systemd-analyze verify` and the nginx server block with `nginx -t`. The files name
# /srv/intranet and the trust's certificate; the check reads copies that name this
# checkout and a throwaway self-signed certificate instead.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
venv="${VENV:-$repo/.venv}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/units"
for unit in deploy/systemd/*.service; do
    sed -e "s#/srv/intranet/.venv#$venv#g" -e "s#/srv/intranet#$repo#g" \
        -e "s#^User=intranet#User=root#" -e "s#^Group=intranet#Group=root#" \
        "$unit" > "$work/units/$(basename "$unit")"
done
touch "$repo/.env.check-placeholder"
sed -i "s#EnvironmentFile=$repo/.env#EnvironmentFile=$repo/.env.check-placeholder#" "$work/units/"*.service
trap 'rm -rf "$work" "$repo/.env.check-placeholder"' EXIT
systemd-analyze verify "$work"/units/*.service
echo "systemd units: OK"

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=intranet.example.sch.uk" \
    -keyout "$work/tls.key" -out "$work/tls.pem" 2>/dev/null
sed -e "s#/etc/ssl/certs/intranet.example.sch.uk.pem#$work/tls.pem#" \
    -e "s#/etc/ssl/private/intranet.example.sch.uk.key#$work/tls.key#" \
    -e "s#/srv/intranet#$repo#g" deploy/nginx/intranet.conf > "$work/intranet.conf"
cat > "$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    include $work/intranet.conf;
}
CONF
nginx -t -q -c "$work/nginx.conf" -g "daemon off;"
echo "nginx server block: OK"
