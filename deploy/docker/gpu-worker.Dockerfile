# syntax=docker/dockerfile:1
# The BLoRA GPU worker silo. CUDA libtorch comes one of two ways, chosen by the build argument LIBTORCH:
#   LIBTORCH=nuget   (default) the TorchSharp-cuda-linux package (libtorch 2.10.0 with CUDA 12.8 and its
#                    CUDA libraries), restored from nuget.org: `dotnet publish -p:BLoRATorchBackend=cuda`.
#   LIBTORCH=pytorch a PyTorch CUDA wheel installed in the image; the application ships no libtorch
#                    (`-p:BLoRATorchBackend=external`) and BLORA_LIBTORCH_DIR points at the wheel's torch/lib.
#                    TORCH_VERSION must be the libtorch TorchSharp was built against (2.10.x for 0.107).
# Build from the repository root (BuildKit builds only the chosen libtorch stage):
#   docker build -f deploy/docker/gpu-worker.Dockerfile -t blora/gpu-worker:dev .
#   docker build -f deploy/docker/gpu-worker.Dockerfile --build-arg LIBTORCH=pytorch -t blora/gpu-worker:dev .
# The host needs the NVIDIA driver and the NVIDIA Container Toolkit; the image needs no CUDA toolkit.
ARG LIBTORCH=nuget
ARG DOTNET_TAG=10.0-noble
ARG TORCH_VERSION=2.10.0
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cu128

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_TAG} AS build
ARG LIBTORCH
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
COPY silos/ silos/
RUN case "$LIBTORCH" in \
      nuget) backend=cuda ;; \
      pytorch) backend=external ;; \
      *) echo "LIBTORCH must be nuget or pytorch (got '$LIBTORCH')" >&2; exit 1 ;; \
    esac \
 && dotnet publish silos/BLoRA.Silo/BLoRA.Silo.csproj -c Release -o /app "-p:BLoRATorchBackend=$backend"

FROM node:22-bookworm-slim AS data
COPY scripts/fetch-data.sh /usr/local/bin/fetch-data.sh
RUN BLORA_DATA_DIR=/data bash /usr/local/bin/fetch-data.sh

# LIBTORCH=nuget: libtorch and its CUDA libraries are part of the published application.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_TAG} AS libtorch-nuget

# LIBTORCH=pytorch: the CUDA wheel (with its nvidia-* libraries) in a virtual environment.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_TAG} AS libtorch-pytorch
ARG TORCH_VERSION
ARG TORCH_INDEX_URL
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/* \
 && python3 -m venv /opt/pytorch \
 && /opt/pytorch/bin/pip install --no-cache-dir "torch==${TORCH_VERSION}" --index-url "${TORCH_INDEX_URL}" \
 && ln -s "$(/opt/pytorch/bin/python -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')" /opt/libtorch \
 && test -f /opt/libtorch/libtorch_cuda.so
ENV BLORA_LIBTORCH_DIR=/opt/libtorch

FROM libtorch-${LIBTORCH} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/blora/scratch \
 && chown -R "$APP_UID" /var/lib/blora
WORKDIR /app
COPY --from=build /app ./
COPY --from=data /data /opt/blora/data
ENV BLORA_DATA_DIR=/opt/blora/data \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    BLoRA__Cluster__Role=Worker \
    BLoRA__Cluster__Accelerator=gpu \
    BLoRA__Cluster__WorkerSlots=1 \
    BLoRA__Runner__Device=cuda \
    BLoRA__Runner__ScratchDirectory=/var/lib/blora/scratch
USER $APP_UID
EXPOSE 11111 30000 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${BLoRA__Silo__DashboardPort:-8080}/healthz" || exit 1
ENTRYPOINT ["dotnet", "BLoRA.Silo.dll"]
