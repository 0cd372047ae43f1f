# The multi-user server (docs/server.md, "Docker"): Anklet on Python 3.11, as a user without
# privileges, serving with accounts on port 8000. compose.yaml runs it next to PostgreSQL.
FROM python:3.11-slim

# The PDF reports are laid out by WeasyPrint, which needs pango, HarfBuzz's subsetting
# library (fonts are subset into each PDF) and one font family.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
RUN pip install . && rm -rf /app/src

# Nothing runs as root: the server only needs its data folder (the database is PostgreSQL).
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin anklet
USER anklet
WORKDIR /home/anklet
ENV ANKLET_DATA_DIR=/home/anklet/data \
    ANKLET_ACCOUNTS=1

EXPOSE 8000
# Answers once the workers serve (no curl in the slim image: Python's own client).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/login', timeout=4)"]
CMD ["anklet", "serve", "--accounts", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
