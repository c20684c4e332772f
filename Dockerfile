# The front end: GOV.UK Frontend and MoJ Frontend from npm (package-lock.json),
# compiled by the project's own build (make assets). Only static/build/ leaves
# this stage: neither Node.js nor node_modules is in the application image.
FROM node:22-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/build_assets.sh scripts/build_assets.sh
COPY frontend frontend
RUN bash scripts/build_assets.sh

# The application image: web (gunicorn), worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# libmagic1: python-magic reads uploaded evidence's type from its content.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends libmagic1 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system conduct && useradd --system --gid conduct --home /app conduct
WORKDIR /app

COPY pyproject.toml README.md ./
COPY requirements/constraints.txt requirements/constraints.txt
COPY conduct conduct
COPY referrals referrals
COPY hearings hearings
RUN python -m pip install -c requirements/constraints.txt .

COPY . .
# The front end built in the first stage replaces any copy in the build
# context. A bind mount from that stage does what COPY --from would; it keeps
# every COPY line naming a path of the repository, which
# tests/test_deployment_files.py checks.
RUN --mount=type=bind,from=assets,source=/src/static/build,target=/tmp/assets \
    rm -rf static/build && cp -R /tmp/assets static/build
# Static files are collected at build time with throwaway values: nothing here
# connects to a database or broker, and no real secret enters the image.
RUN DJANGO_SETTINGS_MODULE=conduct.settings.production \
    DJANGO_SECRET_KEY=build-only-not-a-secret-6f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6 \
    DJANGO_ALLOWED_HOSTS=build \
    DATABASE_URL=postgresql://build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/var/media \
 && chown -R conduct:conduct /app/var

USER conduct
EXPOSE 8000
CMD ["gunicorn", "--config", "python:conduct.gunicorn", "conduct.wsgi:application"]
