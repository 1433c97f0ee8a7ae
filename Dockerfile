FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY saas ./saas
COPY policies ./policies
COPY migrations ./migrations
COPY documents ./documents
RUN pip install --no-cache-dir --no-deps --no-build-isolation -e .
EXPOSE 8000
CMD ["saas", "serve", "--migrate", "--host", "0.0.0.0"]
