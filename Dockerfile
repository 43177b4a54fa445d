FROM python:3.11-slim
# chromium renders PNG chart images (kaleido) and runs nothing else in production.
WORKDIR /app
# Noto Sans Devanagari: Hindi chart pictures (lang=hi) are drawn with the system's fonts.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
RUN pip install --no-cache-dir .
ENV DATABASE_URL=sqlite:///./sharetrack.db
EXPOSE 8000
# Migrations run on start; the sample data is loaded once (seeding is idempotent).
CMD ["sh", "-c", "python -m app migrate && python -m app seed && uvicorn app.main:app --host 0.0.0.0 --port 8000 --proxy-headers --workers ${WEB_CONCURRENCY:-2}"]
