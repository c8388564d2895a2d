# disinfo-monitor as a background container (docs/deploy.md).
#   docker build -t disinfo-monitor .
#   docker run -d -v "$PWD/monitor.yaml:/config/monitor.yaml:ro" -v dm-data:/data disinfo-monitor
# With /config/monitor.yaml the container runs it (and every `docker exec ... disinfo-monitor`
# command reads it); without it the container runs the embedded demo on /data/demo.db, never
# on a configured database (the shipped example keeps its own in /data/monitor.db).
#
# The base image is pinned to a patch release; pin it by digest in your registry for
# byte-for-byte rebuilds (BASE_IMAGE=python:3.11.11-slim-bookworm@sha256:...). Any Debian-like
# image with python3 and python3-venv works: BASE_IMAGE=localhost/bookworm-python:base.
ARG BASE_IMAGE=python:3.11.11-slim-bookworm
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

# Locked, hash-checked dependencies first (a code change does not reinstall them), then the package.
WORKDIR /src
COPY requirements.lock ./
RUN python3 -m venv /opt/venv \
    && /opt/venv/bin/pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY monitor ./monitor
RUN /opt/venv/bin/pip install --no-deps . && rm -rf /src

COPY docker/entrypoint.sh /usr/local/bin/disinfo-monitor-entrypoint
RUN chmod 0755 /usr/local/bin/disinfo-monitor-entrypoint \
    && (useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin monitor \
        || adduser --system --uid 10001 --home /data --shell /usr/sbin/nologin monitor) \
    && mkdir -p /data /config && chown monitor /data
COPY config/monitor.yaml /config/monitor.example.yaml

# The production config and data; JSON logs; the operators' HTTP server on the container's port.
ENV DISINFO_MONITOR_CONFIG=/config/monitor.yaml \
    DISINFO_MONITOR_DATA_DIR=/data \
    DISINFO_MONITOR_HTTP__LISTEN=0.0.0.0:9464 \
    LOG_FORMAT=json

USER monitor
WORKDIR /data
# Only the data is a volume: /config is mounted by the operator (a file or a folder), and as a
# VOLUME it left an anonymous volume behind with every container compose or `docker run` removed.
VOLUME ["/data"]
EXPOSE 9464

# Healthy = ready: the database answers, the scheduler runs, a poll cycle completed recently
# (the same check as GET /readyz; it reads the daemon's health file in /data).
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
    CMD ["disinfo-monitor", "healthcheck"]

ENTRYPOINT ["disinfo-monitor-entrypoint"]
CMD ["run"]
