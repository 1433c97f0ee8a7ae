#!/bin/sh
# Runs once when the postgres container initialises its data directory.
# The application gets its own role: not a superuser, no BYPASSRLS, so the
# row-level security policies created by the migrations apply to it.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE saas_app LOGIN PASSWORD '${SAAS_DB_PASSWORD}' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE DATABASE saas OWNER saas_app;
SQL
