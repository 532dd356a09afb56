#!/bin/sh
# Brings Temporal's two PostgreSQL databases to the schema version that this admin-tools image ships.
#
# Run by the one-shot `temporal-schema` service before the server starts, as Temporal's own compose sample does now
# that the auto-setup image is deprecated. Safe on every start: setup-schema skips a database that already has a
# schema, and update-schema applies only the versions it is missing. The databases themselves are created by
# deploy/postgresql/init-databases.sh, so the temporal role needs no CREATEDB right.
#
# Upgrading: move temporalio/server and temporalio/admin-tools together, one minor version at a time.
set -eu

: "${TEMPORAL_DB_HOST:?}" "${TEMPORAL_DB_PORT:?}" "${TEMPORAL_DB_USER:?}" "${SQL_PASSWORD:?}"
: "${TEMPORAL_DB_NAME:?}" "${TEMPORAL_VISIBILITY_DB_NAME:?}"

schemas=/etc/temporal/schema/postgresql/v12

# temporal-sql-tool reads the password from SQL_PASSWORD.
sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$TEMPORAL_DB_HOST" -p "$TEMPORAL_DB_PORT" -u "$TEMPORAL_DB_USER" "$@"
}

setup() {
  database=$1
  versioned=$2
  echo "Temporal schema: $database"
  sql_tool --db "$database" setup-schema -v 0.0
  sql_tool --db "$database" update-schema -d "$versioned"
}

setup "$TEMPORAL_DB_NAME" "$schemas/temporal/versioned"
setup "$TEMPORAL_VISIBILITY_DB_NAME" "$schemas/visibility/versioned"
echo 'Temporal schema is up to date'
