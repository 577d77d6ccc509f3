# Database settings from an exccstakepool.conf / stakepoold.conf, for the backup scripts: sourced.
# dbconf_load FILE sets DBCONF_NAME, DBCONF_USER and DBCONF_FILE (a 0600 client option file holding the
# password, removed at exit) so that no password appears on a command line.
# shellcheck shell=bash

# `key = value` from a go-flags INI file (comments with ; or #, optional section headers); the last wins.
conf_value() {
  sed -nE "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*(.*[^[:space:]])?[[:space:]]*$/\1/p" "$2" | tail -n 1
}

dbconf_load() {
  local config=$1
  [ -r "$config" ] || die "cannot read config $config"
  DBCONF_HOST=$(conf_value dbhost "$config"); DBCONF_HOST=${DBCONF_HOST:-localhost}
  DBCONF_PORT=$(conf_value dbport "$config"); DBCONF_PORT=${DBCONF_PORT:-3306}
  DBCONF_USER=$(conf_value dbuser "$config"); DBCONF_USER=${DBCONF_USER:-stakepool}
  DBCONF_NAME=$(conf_value dbname "$config"); DBCONF_NAME=${DBCONF_NAME:-stakepool}
  DBCONF_SOCKET=$(conf_value dbsocket "$config")
  local password; password=$(conf_value dbpassword "$config")
  [ -n "$password" ] || die "dbpassword is not set in $config"
  [[ "$DBCONF_NAME" =~ ^[A-Za-z0-9_]+$ ]] || die "dbname '$DBCONF_NAME' must be letters, digits and _"
  DBCONF_FILE=$(mktemp /tmp/exccsp-dbconf.XXXXXX)
  chmod 600 "$DBCONF_FILE"
  trap 'rm -f "$DBCONF_FILE"' EXIT
  {
    echo "[client]"
    echo "user=$DBCONF_USER"
    printf 'password="%s"\n' "$(printf '%s' "$password" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
    # As in the pool (and libmariadb): "localhost" means the unix socket, anything else TCP.
    if [ "$DBCONF_HOST" = localhost ]; then
      echo "host=localhost"
      [ -n "$DBCONF_SOCKET" ] && echo "socket=$DBCONF_SOCKET"
    else
      echo "host=$DBCONF_HOST"
      echo "port=$DBCONF_PORT"
      echo "protocol=TCP"
    fi
  } >"$DBCONF_FILE"
}

dbconf_where() {
  if [ "$DBCONF_HOST" = localhost ]; then echo "socket ${DBCONF_SOCKET:-default}, user $DBCONF_USER"
  else echo "$DBCONF_HOST:$DBCONF_PORT, user $DBCONF_USER"; fi
}
