# Neurona image: stage 1 builds the web page, stage 2 is the Python runtime that serves it and trains.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
# Vite writes into ../backend/neurona/static
RUN mkdir -p ../backend/neurona/static && npm run build

FROM python:3.11-slim AS runtime
# pip gets PyTorch's default build (CUDA-enabled on Linux; it also runs on CPU-only hosts). For a smaller
# CPU-only image, pass a CPU wheel index: --build-arg PIP_EXTRA_INDEX_URL=<index URL>.
ARG PIP_EXTRA_INDEX_URL=""
ENV PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY backend ./backend
COPY --from=frontend /src/backend/neurona/static ./backend/neurona/static
RUN pip install '.[postgres]'
ENV NEURONA_HOST=0.0.0.0 NEURONA_PORT=8000 NEURONA_DATA_DIR=/data
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["neurona", "serve"]
