#!/bin/sh
# npm-ci-cached.sh DIR: `npm ci` in DIR unless node_modules was installed
# from exactly the committed package-lock.json (a stamp records it), so
# repeated test runs do not download the same packages again.
set -e
cd "$1"
stamp=node_modules/.flowzap-lock
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
	exit 0
fi
npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
cp package-lock.json "$stamp"
