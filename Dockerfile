# The app's image: Streamlit on Python 3.11, Debian's Chromium for the dossier (charts and PDF,
# run offline), as a user that is not root. Configuration comes only from the environment and
# secrets (docs/deploy.md): DATABASE_URL, APP_LANGUAGE, APP_TIME_ZONE, and the login provider in
# /app/.streamlit/secrets.toml (mounted, never built in).
#
# Build: docker build -t ai-environmental-balance .   (docs/deploy.md gives every step)
FROM python:3.11-slim-bookworm

# Chromium draws the dossier's charts and prints its PDF; DejaVu is the dossier's font
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app
WORKDIR /app

COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=app:app . ./
# the default library (SQLite, one server only) lives in var/; several servers need DATABASE_URL;
# the public register is published into /srv/register (a volume the proxy serves, made with
# this owner when empty)
RUN mkdir -p var /srv/register && chown app:app var /srv/register
USER 10001

ENV APP_LANGUAGE=fr \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    PYTHONUNBUFFERED=1

EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2).read() != b'ok')"]

# exec form, and cli.serve execs streamlit: Streamlit itself receives the stop signal. cli.serve
# refuses to start when the login's secrets cannot be read, or when there is no login at all
# (every visitor would be administrator) unless APP_DEMO_NO_LOGIN=everyone-is-administrator
# declares a demonstration (docs/deploy.md)
CMD ["python", "-m", "cli.serve", "--server.port=8501", "--server.address=0.0.0.0"]
