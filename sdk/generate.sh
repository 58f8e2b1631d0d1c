#!/usr/bin/env bash
# Regenerates the SDKs' committed code from openapi/spec.yaml: sdk/typescript/src/generated (openapi-generator,
# typescript-fetch) and sdk/python/novai/models (python/codegen/generate_models.py over the normalised spec),
# exactly as the build generates it into sdk/target/generated-sdk, which GeneratedSdkTest compares against.
set -euo pipefail
cd "$(dirname "$0")/.."
./novai mvn -q test -pl sdk -Dtest=GeneratedSdkTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dnovai.sdk.update=true "$@"
echo "sdk/typescript/src/generated and sdk/python/novai/models generated from openapi/spec.yaml"
