#!/bin/sh
# Rebuild toolkit/portal/static/vendor/annotator.js (and its licence) from the npm packages pinned in
# tools/annotator/package-lock.json: @apache-annotator/dom, bundled with esbuild into one file that the
# review pages load from the portal itself (no CDN; the pages' Content-Security-Policy allows only 'self').
# The bundled file is committed: the portal never runs npm. Run this after changing the lock file.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
vendor="$root/toolkit/portal/static/vendor"
cd "$here/annotator"
npm ci --no-audit --no-fund --loglevel=error
mkdir -p "$vendor"
node_modules/.bin/esbuild entry.js --bundle --format=iife --global-name=ApacheAnnotator --target=es2019 \
  --minify --legal-comments=eof --charset=utf8 --outfile="$vendor/annotator.js"
for package in @apache-annotator/dom @apache-annotator/selector core-js-pure @babel/runtime-corejs3 optimal-select; do
  name=$(echo "$package" | tr '/' '-' | tr -d '@')
  for file in LICENSE LICENSE.md NOTICE; do
    if [ -f "node_modules/$package/$file" ]; then cp "node_modules/$package/$file" "$vendor/$name.$file"; fi
  done
done
version=$(node -p "require('./node_modules/@apache-annotator/dom/package.json').version")
printf '%s\n' "annotator.js: @apache-annotator/dom $version and @apache-annotator/selector (Apache-2.0) and what they bundle (core-js-pure, MIT;" \
  "@babel/runtime-corejs3, MIT; optimal-select, MIT), built by tools/build-annotator.sh from" \
  "tools/annotator/package-lock.json. The licences are the *.LICENSE* and *.NOTICE files beside it." > "$vendor/README"
echo "written: $vendor/annotator.js ($(wc -c < "$vendor/annotator.js") bytes)"
