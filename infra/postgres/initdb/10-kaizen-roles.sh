#!/bin/sh
# PostgreSQL image init script (docker-entrypoint-initdb.d): runs once, on an empty data volume, as the
# superuser POSTGRES_USER. It creates the two roles the product needs and the database:
#
#   KAIZEN_DB_OWNER   owns the schema and runs the migrations (DATABASE_MIGRATION_URL). Not a superuser:
#                     CREATEROLE only, because the first migration creates the group role kaizen_app and
#                     migrating grants kaizen_app to the application login.
#   KAIZEN_DB_USER    the application login of the API and the worker (DATABASE_URL): no superuser, no
#                     BYPASSRLS, owns nothing, so row-level security binds it. It gets its table rights
#                     through kaizen_app, which the migrate service grants it.
#
# Passwords go into URLs as they are: use URL-safe ones (openssl rand -hex 24).
set -eu

: "${KAIZEN_DB_NAME:?KAIZEN_DB_NAME is required}"
: "${KAIZEN_DB_OWNER:?KAIZEN_DB_OWNER is required}"
: "${KAIZEN_DB_OWNER_PASSWORD:?KAIZEN_DB_OWNER_PASSWORD is required}"
: "${KAIZEN_DB_USER:?KAIZEN_DB_USER is required}"
: "${KAIZEN_DB_PASSWORD:?KAIZEN_DB_PASSWORD is required}"

psql --no-psqlrc -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v db="$KAIZEN_DB_NAME" \
  -v owner="$KAIZEN_DB_OWNER" -v owner_password="$KAIZEN_DB_OWNER_PASSWORD" \
  -v app="$KAIZEN_DB_USER" -v app_password="$KAIZEN_DB_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password' NOSUPERUSER NOBYPASSRLS NOCREATEDB CREATEROLE;
CREATE ROLE :"app" LOGIN PASSWORD :'app_password' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT;
CREATE DATABASE :"db" OWNER :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";
SQL
