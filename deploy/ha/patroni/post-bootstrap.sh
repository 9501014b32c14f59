#!/bin/sh
# Run once by Patroni on the member that initialises the cluster, with a
# connection URL for the superuser: makes the application's database, as the
# official image does for POSTGRES_DB.
set -eu
db=${POSTGRES_DB:-nutrinube}
user=${POSTGRES_USER:-nutrinube}
if [ "$db" != postgres ]; then
    psql -v ON_ERROR_STOP=1 -d "$1" -q -c "CREATE DATABASE \"$db\" OWNER \"$user\";"
fi
