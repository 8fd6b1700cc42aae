#!/usr/bin/env bash
# The real tools of issue 9, after `npm ci` (.ci/run): checkov over every synthesized stack variant,
# terraform validate with the real hashicorp/aws provider, and plan/apply/destroy on moto with the notifier
# run against it. What they need is installed outside the repository, in ~/.cache/trailwatch (or
# $TRAILWATCH_CACHE) and kept across runs: terraform when absent (go install through the Go module proxy),
# a venv with the pinned checkov and moto (scripts/real-tools/requirements.txt). Each step is timed.
set -euo pipefail
cd "$(dirname "$0")/.."
step() {
  local started=$SECONDS
  echo "== $*"
  "$@"
  echo "== $* took $((SECONDS - started)) s"
}
step npx tsx scripts/real-tools/install.ts
step npm run --silent checkov
step npm run --silent terraform:validate
step npm run --silent terraform:moto
