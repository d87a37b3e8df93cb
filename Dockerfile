FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/claimdesk
COPY pyproject.toml README.md alembic.ini ./
COPY app app
COPY migrations migrations
COPY templates templates
COPY static static
COPY scripts scripts
RUN pip install --no-cache-dir . && bash scripts/fetch-htmx.sh
ENV CLAIMDESK_ENV=production
EXPOSE 8000
CMD ["claimdesk", "serve", "--host", "0.0.0.0", "--port", "8000", "--no-worker"]
