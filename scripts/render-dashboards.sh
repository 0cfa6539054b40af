#!/usr/bin/env bash
# Renders the Grafana dashboards (deploy/grafana/dashboards) to docs/images/dashboard-*.png without Grafana:
# each panel is drawn from its own PromQL run on Prometheus 2.42 over an hour of synthetic telemetry
# (tests/BLoRA.Deploy.Tests: SyntheticTelemetry, PrometheusServer, DashboardRenderer). Needs the tools of
# scripts/deploy-tools.sh (fetched once) and a build of tests/BLoRA.Deploy.Tests.
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$repo"
# shellcheck source=scripts/torch-runtime.sh
source scripts/torch-runtime.sh
"$BLORA_DOTNET" build tests/BLoRA.Deploy.Tests -c Release -nologo -v q -clp:NoSummary
BLORA_DASHBOARD_PREVIEW_DIR="$repo/docs/images" "$BLORA_DOTNET" test tests/BLoRA.Deploy.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~DashboardPreviewTests"
ls -l docs/images/dashboard-*.png
