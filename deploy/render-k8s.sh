#!/usr/bin/env bash
# Renders k8s/novai.yaml from the Helm chart (helm/novai, default values) with the Helm that the test
# suite bundles (helm-java), so that no helm binary is needed and the output is exactly what the
# K8sManifestsTest compares against.
set -euo pipefail
cd "$(dirname "$0")/.."
./novai mvn -q verify -pl deploy -am -Dtest=K8sManifestsTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dnovai.k8s.update=true "$@"
echo "k8s/novai.yaml rendered from helm/novai"
