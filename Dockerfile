# The production image: the runtime dependencies only (requirements.lock, hash
# checked; no test or lint tools), run as a user without privileges. Its CMD
# serves without migrating: run `saas migrate` once per deploy as the owner
# role (docker-compose.yml's `migrate` service); concurrent runs wait for each
# other on an advisory lock.

# Build: a virtual environment with the locked dependencies and the app.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY saas ./saas
# Editable: the app reads its policies and migrations beside the package.
RUN pip install --no-deps --no-build-isolation -e .

# Run: the environment and the code, read-only to the user that runs them.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH
RUN groupadd --system --gid 10001 saas \
  && useradd --system --no-log-init --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin saas
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
COPY policies ./policies
COPY migrations ./migrations
COPY documents ./documents
# Numeric, so that runtimes can check it is not root (runAsNonRoot).
USER 10001:10001
EXPOSE 8000
# The API's readiness (the database answers); the worker's service in
# docker-compose.yml checks its own port instead.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"]
CMD ["saas", "serve", "--host", "0.0.0.0", "--port", "8000"]
