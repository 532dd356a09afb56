#!/bin/sh
# Creates, or brings up to date, the login roles and databases that Lianluo and Temporal use on the shared PostgreSQL.
#
# Run by the one-shot `postgresql-init` service as the superuser, on every `docker compose up`. Unlike a script in
# /docker-entrypoint-initdb.d, which runs only when the data volume is first created, this one also applies a password
# changed later in .env, and repairs a volume that was initialised by hand.
#
# Each application gets its own role that owns its own databases and nothing else: no superuser, no CREATEDB, and
# CONNECT revoked from PUBLIC, so Lianluo cannot read Temporal's tables and Temporal cannot read Lianluo's.
set -eu

: "${LIANLUO_DB_USER:?}" "${LIANLUO_DB_PASSWORD:?}" "${LIANLUO_DB_NAME:?}"
: "${TEMPORAL_DB_USER:?}" "${TEMPORAL_DB_PASSWORD:?}" "${TEMPORAL_DB_NAME:?}" "${TEMPORAL_VISIBILITY_DB_NAME:?}"

# Connection settings (PGHOST, PGUSER, PGPASSWORD, PGDATABASE) come from the environment. Passwords travel as psql
# variables, never on a command line that `ps` could show.
psql --no-psqlrc --quiet --set ON_ERROR_STOP=1 \
  --set lianluo_user="$LIANLUO_DB_USER" --set lianluo_password="$LIANLUO_DB_PASSWORD" \
  --set lianluo_db="$LIANLUO_DB_NAME" \
  --set temporal_user="$TEMPORAL_DB_USER" --set temporal_password="$TEMPORAL_DB_PASSWORD" \
  --set temporal_db="$TEMPORAL_DB_NAME" --set temporal_visibility_db="$TEMPORAL_VISIBILITY_DB_NAME" <<'SQL'
SELECT format('CREATE ROLE %I', :'lianluo_user')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'lianluo_user') \gexec
ALTER ROLE :"lianluo_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'lianluo_password';

SELECT format('CREATE ROLE %I', :'temporal_user')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'temporal_user') \gexec
ALTER ROLE :"temporal_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'temporal_password';

-- CREATE DATABASE cannot run inside a DO block, hence \gexec. UTF8 because the data is Chinese text.
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', db, owner, 'UTF8')
  FROM (VALUES (:'lianluo_db', :'lianluo_user'),
               (:'temporal_db', :'temporal_user'),
               (:'temporal_visibility_db', :'temporal_user')) AS wanted(db, owner)
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = db) \gexec

ALTER DATABASE :"lianluo_db" OWNER TO :"lianluo_user";
ALTER DATABASE :"temporal_db" OWNER TO :"temporal_user";
ALTER DATABASE :"temporal_visibility_db" OWNER TO :"temporal_user";
REVOKE ALL ON DATABASE :"lianluo_db", :"temporal_db", :"temporal_visibility_db" FROM PUBLIC;

-- Temporal's visibility schema needs btree_gin. It is a trusted extension the owner could create itself; creating it
-- here as the superuser keeps that working even if a future PostgreSQL tightens the rule.
\connect :temporal_visibility_db
CREATE EXTENSION IF NOT EXISTS btree_gin;
SQL

echo "PostgreSQL roles and databases are ready: $LIANLUO_DB_NAME, $TEMPORAL_DB_NAME, $TEMPORAL_VISIBILITY_DB_NAME"
