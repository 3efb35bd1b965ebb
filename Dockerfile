# Neurona's images, from one Dockerfile: `--build-arg DEVICE=cpu` (the default: PyTorch's CPU build, a small image
# for laptops and CPU servers) or `--build-arg DEVICE=cuda` (PyPI's PyTorch, which carries CUDA; the host needs the
# NVIDIA Container Toolkit). Stage 1 builds the web page; stage 2 is the Python runtime that serves it and trains.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
# Vite writes into ../backend/neurona/static
RUN mkdir -p ../backend/neurona/static && npm run build

FROM python:3.11-slim AS runtime
ARG DEVICE=cpu
# The project's extras in the image: `export,postgres,ray` for the Ray cluster's images (docker-compose.ray.yml).
ARG EXTRAS=export,postgres
ENV PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1
WORKDIR /app
# PyTorch first, from the index that matches DEVICE; the project's own pin (torch==2.13.0) then finds it installed.
RUN if [ "$DEVICE" = "cpu" ]; then \
        pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.13.0; \
    elif [ "$DEVICE" = "cuda" ]; then \
        pip install --no-cache-dir torch==2.13.0; \
    else \
        echo "DEVICE must be cpu or cuda, not '$DEVICE'" >&2; exit 1; \
    fi
COPY pyproject.toml README.md ./
COPY backend ./backend
COPY --from=frontend /src/backend/neurona/static ./backend/neurona/static
# The project itself, whose dependencies pyproject.toml pins (hadolint cannot see that for a local path), with
# the PostgreSQL driver for NEURONA_DATABASE_URL=postgresql://... (and Ray, where EXTRAS names it)
# hadolint ignore=DL3013
RUN pip install --no-cache-dir ".[${EXTRAS}]"
# Training runs as an unprivileged user that owns only the data volume.
RUN useradd --create-home --uid 10001 neurona && mkdir /data && chown neurona:neurona /data
USER 10001
ENV NEURONA_HOST=0.0.0.0 NEURONA_PORT=8000 NEURONA_DATA_DIR=/data
VOLUME /data
EXPOSE 8000
# Healthy once the API is ready: /healthz says "starting" while the server still imports PyTorch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD ["python", "-c", "import json, sys, urllib.request as u; sys.exit(json.load(u.urlopen('http://127.0.0.1:8000/healthz'))['status'] != 'ok')"]
CMD ["neurona", "serve"]
