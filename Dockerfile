# The Vigie application image: API (uvicorn), Celery worker and beat, CLI.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /srv/vigie
COPY pyproject.toml README.md ./
COPY scoring ./scoring
COPY nlu ./nlu
COPY core ./core
COPY bots ./bots
COPY webhooks ./webhooks
COPY campaigns ./campaigns
COPY review ./review
COPY reports ./reports
COPY app ./app
COPY sandbox ./sandbox
COPY migrations ./migrations
COPY examples ./examples
RUN pip install --no-cache-dir . \
    && useradd --system --home /srv/vigie vigie
USER vigie

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["vigie", "serve", "--host", "0.0.0.0", "--port", "8000"]
