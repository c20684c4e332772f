#!/usr/bin/env bash
# Builds the front end into static/build/ (git-ignored), from frontend/ and the
# npm packages pinned in package-lock.json. `make assets` runs it; so do
# `make run`, `make test` and the Dockerfile.
#
#   bash scripts/build_assets.sh           build if anything changed
#   bash scripts/build_assets.sh --force   build anyway
#
# - node_modules is (re)installed with `npm ci --ignore-scripts` when it is
#   missing or package-lock.json changed since the last install.
# - The build is skipped when static/build is newer than every input.
# - What ships: app.css and print.css (Sass), the GOV.UK Frontend and MoJ
#   Frontend scripts with their source maps, Chart.js (the dashboard's
#   charts), MoJ's icon-*.svg images, this
#   service's own scripts and favicon. Nothing from govuk-frontend's assets/
#   (GDS Transport fonts, crown favicons): this service is not on GOV.UK.
# - The build fails when app.css or print.css mentions GDS Transport, the
#   GOV.UK crest or any @font-face, or app.css refers to an image that was not
#   copied.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=static/build
STAMP="$OUT/.built"
LOCK_STAMP=node_modules/.conduct-package-lock.sha256
GOVUK=node_modules/govuk-frontend/dist/govuk
MOJ=node_modules/@ministryofjustice/frontend/moj
INPUTS=(frontend package.json package-lock.json scripts/build_assets.sh)

say() { printf '[assets] %s\n' "$*"; }
fail() { printf '[assets] FAILED: %s\n' "$*" >&2; exit 1; }

force=false
case "${1:-}" in
  --force) force=true ;;
  "") ;;
  *) fail "unknown argument: $1 (only --force)" ;;
esac

command -v node >/dev/null 2>&1 || fail "Node.js 20.19 or newer is needed for the asset build: node is not on PATH"
command -v npm >/dev/null 2>&1 || fail "npm is needed for the asset build: npm is not on PATH"
# Sass 1.108 needs Node.js 20.19 or newer.
node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
  process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)' \
  || fail "Node.js 20.19 or newer is needed for the asset build, found $(node --version)"

# 1. node_modules exactly as package-lock.json says.
lock_hash=$(sha256sum package-lock.json | cut -d ' ' -f 1)
if [ ! -f "$LOCK_STAMP" ] || [ "$(cat "$LOCK_STAMP")" != "$lock_hash" ]; then
  say "installing npm packages from package-lock.json"
  # --ignore-scripts: no package runs code at install time (sass's optional
  # native file watcher is not needed for one-off builds).
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  printf '%s\n' "$lock_hash" > "$LOCK_STAMP"
  force=true
fi

# 2. Nothing to do when the last build is newer than every input.
if ! $force && [ -f "$STAMP" ] && [ -z "$(find "${INPUTS[@]}" -newer "$STAMP" -print -quit)" ]; then
  say "static/build is up to date"
  exit 0
fi

# 3. Build into a fresh folder next to the old one, check it, then swap.
mkdir -p static
work=$(mktemp -d "static/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/images"

node_modules/.bin/sass --no-source-map --load-path=. --style=compressed \
  frontend/scss/app.scss "$work/app.css"
# The print stylesheet of the document pages (templates/documents/).
node_modules/.bin/sass --no-source-map --load-path=. --style=compressed \
  frontend/scss/print.scss "$work/print.css"

for css in app.css print.css; do
  if grep -qE 'GDS Transport|govuk-crest|@font-face' "$work/$css"; then
    grep -oE 'GDS Transport|govuk-crest|@font-face' "$work/$css" | sort | uniq -c >&2
    fail "$css refers to GOV.UK's font or crest; this service is not on GOV.UK"
  fi
done

cp "$GOVUK/govuk-frontend.min.js" "$GOVUK/govuk-frontend.min.js.map" "$work/"
cp "$MOJ/moj-frontend.min.js" "$MOJ/moj-frontend.min.js.map" "$work/"
cp "$MOJ"/assets/images/icon-*.svg "$work/images/"
# Chart.js for the dashboard's charts (its UMD build sets window.Chart).
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map "$work/"
cp frontend/js/*.js "$work/"
cp frontend/favicon.svg "$work/"

# Every url() in app.css must be a file of the build (collectstatic's manifest
# storage would fail on it later, in a slower place).
missing=""
while IFS= read -r url; do
  case "$url" in data:*|none) continue ;; esac
  [ -f "$work/$url" ] || missing="$missing $url"
done < <(grep -oE 'url\([^)]*\)' "$work/app.css" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' | sort -u)
[ -z "$missing" ] || fail "app.css refers to files the build does not ship:$missing"

chmod 755 "$work"
touch "$work/.built"
rm -rf "$OUT"
mv "$work" "$OUT"
trap - EXIT
say "built $OUT: $(find "$OUT" -type f ! -name .built | wc -l) files, app.css $(wc -c < "$OUT/app.css") bytes"
