#!/bin/sh
# Creates Lianluo's Temporal namespace and registers the custom search attributes its workflows keep current.
#
# Run by the one-shot `temporal-namespace` service once the server is healthy; the api and worker wait for it. Safe on
# every start: an existing namespace is left as it is (retention included), and the server skips a search attribute
# that already exists with the same type. One that exists with a different type fails the job, and so `compose up`.
#
# The search attributes must match SEARCH_ATTRIBUTES in libs/contracts/src/search-attributes.ts (names and types);
# test/deploy/compose.spec.ts checks that they do.
set -eu

: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}" "${TEMPORAL_NAMESPACE_RETENTION:?}"

host=${TEMPORAL_ADDRESS%:*}
port=${TEMPORAL_ADDRESS##*:}
# Talk to the server by IPv4 address, as Temporal's compose sample does, to sidestep resolver differences.
ip=$(getent ahosts "$host" | awk '/STREAM/ { print $1; exit }')
address="${ip:-$host}:$port"

attempt=1
until temporal operator cluster health --address "$address" >/dev/null 2>&1; do
  if [ "$attempt" -ge 60 ]; then
    echo "Temporal at $address did not report healthy after $attempt attempts" >&2
    temporal operator cluster health --address "$address"
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

if temporal operator namespace describe --address "$address" --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  echo "Namespace $TEMPORAL_NAMESPACE exists"
else
  temporal operator namespace create --address "$address" --namespace "$TEMPORAL_NAMESPACE" \
    --retention "$TEMPORAL_NAMESPACE_RETENTION"
fi

# A new namespace reaches the server's namespace cache a few seconds after it is created; until then the search
# attribute calls answer "namespace not found", so retry for a while. A type clash will not heal: stop at once.
attempt=1
until output=$(temporal operator search-attribute create --address "$address" --namespace "$TEMPORAL_NAMESPACE" \
  --name LianluoStatus --type Keyword \
  --name LianluoEscalationLevel --type Int \
  --name LianluoDepartment --type Keyword \
  --name LianluoDueDate --type Datetime 2>&1); do
  case $output in *'different type'*) echo "$output" >&2 && exit 1 ;; esac
  if [ "$attempt" -ge 30 ]; then
    echo "$output" >&2
    echo "Could not register the search attributes after $attempt attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done
echo "$output"

echo "Namespace $TEMPORAL_NAMESPACE is ready"
