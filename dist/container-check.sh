#!/usr/bin/env bash
# CI step: build the container image from the distribution and check that it runs as non-root and turns
# healthy. Where no container engine runs (docker or podman), it says so and skips (exit 0).
set -uo pipefail
cd "$(dirname "$0")"
engine=
for e in docker podman; do
  if command -v "$e" >/dev/null 2>&1 && "$e" info >/dev/null 2>&1; then engine=$e; break; fi
done
if [ -z "$engine" ]; then
  echo "container image: SKIPPED (no container engine: neither docker nor podman runs here)"
  exit 0
fi
archive=$(ls target/gw-*.tar.gz 2>/dev/null | head -1)
if [ -z "$archive" ]; then
  echo "container image: no distribution archive in dist/target (run mvn package first)"; exit 1
fi
version=$(basename "$archive" .tar.gz); version=${version#gw-}
tag=gwkit/gw:ci-$$
"$engine" build -q --build-arg VERSION="$version" -t "$tag" . || exit 1
name=gw-ci-$$
"$engine" run -d --name "$name" "$tag" >/dev/null || exit 1
trap '"$engine" rm -f "$name" >/dev/null 2>&1; "$engine" rmi "$tag" >/dev/null 2>&1' EXIT
user=$("$engine" exec "$name" id -u)
if [ "$user" = 0 ]; then echo "container image: runs as root"; exit 1; fi
for _ in $(seq 1 60); do
  status=$("$engine" inspect --format '{{.State.Health.Status}}' "$name" 2>/dev/null)
  if [ "$status" = healthy ]; then echo "container image: built, runs as uid $user, healthy"; exit 0; fi
  sleep 2
done
echo "container image: not healthy after 120 s (status: ${status:-?})"; "$engine" logs "$name" | tail -20
exit 1
