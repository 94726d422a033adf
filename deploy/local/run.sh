#!/usr/bin/env bash
# The README's run command: builds the platform, then starts a real Kafka broker and the platform
# on this machine (no Docker). Ctrl-C stops everything; data stays in .local/ for the next run.
# Arguments go to the launcher: `deploy/local/run.sh kafka` starts the broker alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "building (mvn -B -q -DskipTests package) ..."
# Maven 3.8 with jansi 2 (Debian's, for one) writes colour resets (ESC[0m) to stdout and stderr even
# with -B -q; jansi.noreset keeps them out, so the launcher's first line starts clean.
MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -q -DskipTests package
exec java -jar deploy/local/target/local-stack.jar "$@"
