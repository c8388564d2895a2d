# disinfo-monitor as a background container.
#   docker build -t disinfo-monitor .
#   docker run -v $PWD/monitor.yaml:/config/monitor.yaml:ro -v dm-data:/data disinfo-monitor
# Without /config/monitor.yaml the container runs the embedded demo.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DISINFO_MONITOR_DATA_DIR=/data

WORKDIR /src
COPY pyproject.toml README.md ./
COPY monitor ./monitor
RUN pip install ".[postgres]" && rm -rf /src

RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin monitor \
    && mkdir -p /data /config && chown monitor:monitor /data
COPY config/monitor.yaml /config/monitor.example.yaml

USER monitor
WORKDIR /data
VOLUME ["/config", "/data"]

HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["disinfo-monitor", "healthcheck", "--max-age", "180"]

# Uses /config/monitor.yaml when it is mounted, else the embedded demo config.
CMD ["sh", "-c", "if [ -f /config/monitor.yaml ]; then exec disinfo-monitor run --config /config/monitor.yaml; else exec disinfo-monitor run; fi"]
