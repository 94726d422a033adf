#!/usr/bin/env bash
# Makes a JRE base image as a docker-save tarball from Debian packages, for building the service
# images with Jib where no container registry is reachable (Jib then reads it as tar:///path).
# Needs root, mmdebstrap (apt-get install mmdebstrap) and access to a Debian mirror.
#
#   deploy/images/offline-base-image.sh /tmp/clay-base/base.tar
#   mvn -B package jib:buildTar -pl webhook-receiver,enrichment-service -am -DskipTests \
#       -Dimage.base=tar:///tmp/clay-base/base.tar
#
# Keep the tarball out of git: it is about 350 MB.
set -euo pipefail

out=${1:?usage: $0 <output base.tar>}
suite=${SUITE:-bookworm}
jre=${JRE_PACKAGE:-openjdk-17-jre-headless}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Man pages and docs are left out; the JRE's post-install script still needs the man1 folder.
mmdebstrap --variant=apt --include="$jre,ca-certificates" \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' --customize-hook='mkdir -p "$1/usr/share/man/man1"' \
  "$suite" "$work/layer.tar"

diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]}}
JSON
cat > "$work/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["clay-enrichment/base-$suite-jre:local"],"Layers":["layer.tar"]}]
JSON
mkdir -p "$(dirname "$out")"
tar -C "$work" -cf "$out" manifest.json config.json layer.tar
echo "base image: $out ($(du -h "$out" | cut -f1), layer sha256:$diff_id)"
