#!/bin/sh
# Runs once when the postgres container initialises its data directory.
# Two roles, neither a superuser nor BYPASSRLS: saas_owner owns the database
# and runs the migrations; saas_app is the application's and owns nothing, so
# it can neither change the schema nor switch row-level security off.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE saas_owner LOGIN PASSWORD '${SAAS_OWNER_PASSWORD}' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE ROLE saas_app LOGIN PASSWORD '${SAAS_DB_PASSWORD}' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE DATABASE saas OWNER saas_owner;
SQL
