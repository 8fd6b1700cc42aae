#!/usr/bin/env bash
# `npm run consumer`: what another team does with trailwatch. Packs this checkout, installs the tarball into a
# copy of this example with cdktf / constructs / @cdktf/provider-aws at versions other than trailwatch's own
# (inside its peer ranges), builds it with plain tsc and synthesizes with plain node. Then checks that the
# deployed notifier zip is the packed one byte for byte and that nothing was written into node_modules.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/trailwatch-consumer-XXXXXX")"
trap 'rm -rf "$work"' EXIT

cd "$root"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "consumer: packed $tarball ($(du -k "$work/$tarball" | cut -f1) KiB, $(tar tzf "$work/$tarball" | wc -l) files)"
mv "$work/$tarball" "$work/trailwatch.tgz"
mkdir "$work/app"
cp "$here/package.json" "$here/tsconfig.json" "$here/main.ts" "$here/accounts.json" "$work/app/"
cd "$work/app"
npm install --no-audit --no-fund --loglevel=error
for tool in esbuild tsx; do
  if [ -e "node_modules/$tool" ]; then echo "consumer: $tool was installed, but a consumer must not need it" >&2; exit 1; fi
done
node -e 'for (const p of ["cdktf","constructs","@cdktf/provider-aws"]) console.log(`consumer: ${p} ${require(p + "/package.json").version}`)'

before="$(find node_modules/trailwatch -type f -exec sha256sum {} + | sort)"
npx tsc
node dist/main.js out > synth.log
after="$(find node_modules/trailwatch -type f -exec sha256sum {} + | sort)"
[ "$before" = "$after" ] || { echo "consumer: synth changed files under node_modules/trailwatch" >&2; diff <(echo "$before") <(echo "$after") >&2; exit 1; }

shipped="$(sha256sum node_modules/trailwatch/dist/notifier.zip | cut -d' ' -f1)"
ours="$(sha256sum "$root/dist/notifier.zip" | cut -d' ' -f1)"
[ "$shipped" = "$ours" ] || { echo "consumer: the installed notifier.zip differs from the packed one" >&2; exit 1; }
for stack in trailwatch-payments security-baseline; do
  json="out/stacks/$stack/cdk.tf.json"
  [ -f "$json" ] || { echo "consumer: $json was not written" >&2; exit 1; }
  node -e '
    const [json, dir, want] = process.argv.slice(1);
    const stack = require(require("path").resolve(json));
    const fn = Object.values(stack.resource.aws_lambda_function)[0];
    const zip = require("fs").readFileSync(require("path").join(dir, fn.filename));
    const got = require("crypto").createHash("sha256").update(zip).digest("hex");
    if (got !== want) throw new Error(`${json}: deploys a zip with sha256 ${got}, not the packed ${want}`);
    const filters = Object.values(stack.resource.aws_cloudwatch_log_metric_filter);
    console.log(`consumer: ${json}: ${filters.length} metric filters, notifier zip sha256 ${got.slice(0, 12)}…`);
  ' "$json" "out/stacks/$stack" "$ours"
done
node -e '
  const stack = require(require("path").resolve("out/stacks/security-baseline/cdk.tf.json"));
  if (stack.terraform.backend.s3.key !== "security-baseline.tfstate") throw new Error("the team backend was replaced");
  if (stack.provider.aws.length !== 1) throw new Error("a second provider was added");
  const groups = new Set(Object.values(stack.resource.aws_cloudwatch_log_metric_filter).map((f) => f.log_group_name));
  if (groups.size !== 1 || !groups.has("aws-controltower/CloudTrailLogs")) throw new Error(`filters on ${[...groups]}`);
  if (!stack.resource.aws_s3_bucket) throw new Error("the team resource is gone");
  console.log("consumer: security-baseline keeps its provider, backend and resources; filters on aws-controltower/CloudTrailLogs");
'
# The CLI as installed: patterns from the team's file, and hunt reaching for CloudWatch Logs (a closed port here),
# which proves its SDK resolves from the installed package.
npx trailwatch patterns --config accounts.json --account payments --json | node -e 'const p = JSON.parse(require("fs").readFileSync(0, "utf8")); if (!p.ConsoleSignInFailure) throw new Error("no patterns"); console.log(`consumer: trailwatch patterns: ${Object.keys(p).length} detections`)'
# replay on worker threads: their script ships beside the CLI bundle (else replay would quietly use one thread).
[ -f node_modules/trailwatch/dist/replay-worker.js ] || { echo "consumer: dist/replay-worker.js is not in the package" >&2; exit 1; }
npx trailwatch replay --json --jobs 2 - < "$root/__tests__/fixtures/replay/cloudwatch-export-000000.txt" \
  | node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8")); if (r.events !== 11) throw new Error(`replayed ${r.events} events, not 11`); console.log("consumer: trailwatch replay --jobs 2: 11 events")'
set +e
hunt="$(AWS_REGION=ap-northeast-2 AWS_ACCESS_KEY_ID=AKIAEXAMPLE AWS_SECRET_ACCESS_KEY=example AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=http://127.0.0.1:9 \
  npx trailwatch hunt --config accounts.json --account payments --since 1h --detection ConsoleSignInFailure 2>&1)"
set -e
case "$hunt" in
  *ECONNREFUSED*) echo "consumer: trailwatch hunt reaches for CloudWatch Logs with the installed SDK" ;;
  *) echo "consumer: trailwatch hunt did not get as far as CloudWatch Logs: $hunt" >&2; exit 1 ;;
esac
echo "consumer: ok"
