FROM python:3.11-slim
WORKDIR /app
# Fonts the PDF export prints any script and emoji with (as CI installs them).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY factcheck ./factcheck
COPY claims ./claims
COPY manage.py ./
COPY seeds ./seeds
RUN pip install --no-cache-dir .
EXPOSE 8000
