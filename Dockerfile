FROM python:3.11-slim
WORKDIR /app
# Fonts the PDF export prints any script and emoji with (as CI installs them).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY requirements ./requirements
# The locked, hash-checked set first; then the project itself, resolving nothing.
RUN pip install --no-cache-dir --require-hashes -r requirements/base.lock
COPY factcheck ./factcheck
COPY claims ./claims
COPY manage.py ./
COPY seeds ./seeds
RUN pip install --no-cache-dir --no-deps .
EXPOSE 8000
