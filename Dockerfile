# touchaudit in a container: Debian slim, Chromium, and touchaudit as the entry point.
#
#   docker build -t touchaudit .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/out" touchaudit audit https://shop.example/ -o /out/report.html
#
# The package is installed from this checkout exactly as the README's `pip install .` does.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TOUCHAUDIT_CHROMIUM=/usr/bin/chromium

# Chromium for pages that only exist once a browser has run their scripts; fonts so it can draw them.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md /src/
COPY touchaudit /src/touchaudit
COPY checks /src/checks
COPY spiders /src/spiders
COPY reports /src/reports
RUN pip install /src && rm -rf /src

# Reports land in /out (mount a folder there); the audit runs as an ordinary user.
RUN useradd --create-home --uid 1000 touchaudit && mkdir /out && chown touchaudit /out
USER touchaudit
WORKDIR /out
ENTRYPOINT ["touchaudit"]
CMD ["--help"]
