FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY factcheck ./factcheck
COPY claims ./claims
COPY manage.py ./
COPY seeds ./seeds
RUN pip install --no-cache-dir .
EXPOSE 8000
