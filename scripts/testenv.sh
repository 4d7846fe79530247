#!/usr/bin/env bash
# The real test environment: a Docker Engine, two Distribution registries (one with htpasswd auth),
# an OpenSSH server and a local base image, all on loopback.
#
#   scripts/testenv.sh up     install what is missing, start what is not running, write the endpoints
#   scripts/testenv.sh down   stop what `up` started
#   scripts/testenv.sh status print the endpoints file
#
# The endpoints go to one documented place, $DD_TESTENV_DIR/testenv.properties
# (default /tmp/docker-delivery-testenv/testenv.properties); tests read it through TestEnvironment.
# Everything lives in that directory, which is outside target/ so `mvn clean` cannot pull the
# ground from under a running daemon.
set -euo pipefail

ENV_DIR=${DD_TESTENV_DIR:-/tmp/docker-delivery-testenv}
PROPS=$ENV_DIR/testenv.properties
DOCKER_SOCK=${DD_DOCKER_SOCK:-/var/run/docker.sock}
BASE_IMAGE=local/busybox:latest
TEST_USER=ddtest
# A fixed, test-only password for the registry user and the SSH password user. It protects nothing:
# both servers listen on 127.0.0.1 only and exist for the length of a test run.
TEST_PASSWORD=dd-test-Pa55
PACKAGES=(docker.io docker-registry openssh-server apache2-utils busybox-static socat)

log() { printf 'testenv: %s\n' "$*" >&2; }
die() { printf 'testenv: error: %s\n' "$*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
    # without python: pick a random high port that nothing listens on
    while :; do p=$((20000 + RANDOM % 20000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

ensure_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return
  if [[ $(id -u) != 0 ]]; then
    die "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}"
  fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

docker_answers() { docker -H "unix://$DOCKER_SOCK" version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; }

start_docker() {
  if docker_answers; then
    log "Docker Engine already answers on $DOCKER_SOCK: reusing it"
    return
  fi
  # A daemon this script starts begins with empty storage: test runs build and leave many images and
  # build-cache layers (tens of GB over a day of runs), and the base image is imported again below anyway.
  rm -rf "$ENV_DIR/docker/data" 2>/dev/null || log "could not empty $ENV_DIR/docker/data (still mounted?): reusing what is left"
  mkdir -p "$ENV_DIR/docker"
  log "starting dockerd on $DOCKER_SOCK"
  # --iptables=false: no firewall rules are needed on loopback and the sandbox forbids them.
  setsid dockerd --iptables=false --ip-forward=false \
    --host "unix://$DOCKER_SOCK" \
    --data-root "$ENV_DIR/docker/data" --exec-root "$ENV_DIR/docker/exec" \
    --pidfile "$ENV_DIR/docker/dockerd.pid" >"$ENV_DIR/docker/dockerd.log" 2>&1 </dev/null &
  echo started >"$ENV_DIR/docker/started-by-testenv"
  wait_for 60 dockerd docker_answers || { tail -20 "$ENV_DIR/docker/dockerd.log" >&2; die "dockerd did not answer within 60 s (log above)"; }
}

start_registry() { # start_registry NAME AUTH(yes|no)
  local name=$1 auth=$2 dir=$ENV_DIR/$1 port
  mkdir -p "$dir/data"
  if [[ -f $dir/pid ]] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    log "registry $name already running"
    return
  fi
  port=$(free_port)
  {
    echo "version: 0.1"
    echo "log: {level: warn}"
    echo "storage: {filesystem: {rootdirectory: $dir/data}, delete: {enabled: true}}"
    echo "http: {addr: 127.0.0.1:$port, secret: testenv-$name}"
    if [[ $auth == yes ]]; then
      echo "auth: {htpasswd: {realm: docker-delivery-test, path: $dir/htpasswd}}"
    fi
  } >"$dir/config.yml"
  if [[ $auth == yes ]]; then
    htpasswd -Bbn "$TEST_USER" "$TEST_PASSWORD" >"$dir/htpasswd" 2>/dev/null
  fi
  log "starting registry $name on 127.0.0.1:$port"
  setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
  echo "$port" >"$dir/port"
  wait_for 20 "registry $name" curl -s -o /dev/null "http://127.0.0.1:$port/v2/" ||
    { tail -20 "$dir/registry.log" >&2; die "registry $name did not answer on 127.0.0.1:$port"; }
}

make_ssh_keys() {
  local k=$ENV_DIR/ssh/keys
  [[ -f $k/id_ed25519 ]] && return
  mkdir -p "$k"
  ssh-keygen -q -t ed25519 -N '' -C dd-ed25519 -f "$k/id_ed25519"
  ssh-keygen -q -t rsa -b 3072 -N '' -C dd-rsa -f "$k/id_rsa"
  ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -C dd-rsa-pem -f "$k/id_rsa_pem"
  ssh-keygen -q -t ecdsa -b 256 -N '' -C dd-ecdsa -f "$k/id_ecdsa"
  ssh-keygen -q -t ed25519 -N "$TEST_PASSWORD" -C dd-ed25519-passphrase -f "$k/id_ed25519_passphrase"
  ssh-keygen -q -t rsa -b 2048 -m PEM -N "$TEST_PASSWORD" -C dd-rsa-pem-passphrase -f "$k/id_rsa_pem_passphrase"
  cat "$k"/*.pub >"$ENV_DIR/ssh/authorized_keys"
  chmod 600 "$k"/id_*
  chmod 644 "$ENV_DIR/ssh/authorized_keys" # read by sshd as the logging-in user
}

ensure_test_user() {
  [[ $(id -u) == 0 ]] || return 0
  if ! id "$TEST_USER" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/sh "$TEST_USER"
  fi
  echo "$TEST_USER:$TEST_PASSWORD" | chpasswd
}

start_sshd() {
  local dir=$ENV_DIR/ssh port
  if [[ -f $dir/sshd.pid ]] && kill -0 "$(cat "$dir/sshd.pid")" 2>/dev/null; then
    log "sshd already running"
    return
  fi
  mkdir -p "$dir" /run/sshd
  make_ssh_keys
  ensure_test_user
  [[ -f $dir/ssh_host_ed25519_key ]] || {
    ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh_host_ed25519_key"
    ssh-keygen -q -t rsa -b 3072 -N '' -f "$dir/ssh_host_rsa_key"
    ssh-keygen -q -t ecdsa -N '' -f "$dir/ssh_host_ecdsa_key"
  }
  port=$(free_port)
  cat >"$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/ssh_host_ed25519_key
HostKey $dir/ssh_host_rsa_key
HostKey $dir/ssh_host_ecdsa_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $TEST_USER $(id -un)
PrintMotd no
ClientAliveInterval 5
MaxStartups 100:30:200
MaxSessions 50
Subsystem sftp internal-sftp
CONF
  log "starting sshd on 127.0.0.1:$port"
  "$(command -v sshd)" -f "$dir/sshd_config" -E "$dir/sshd.log"
  echo "$port" >"$dir/port"
  wait_for 20 sshd bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" || { cat "$dir/sshd.log" >&2; die "sshd did not listen on 127.0.0.1:$port"; }
  # known_hosts for the tests, as `ssh-keyscan` shows it to a user: plain and hashed forms.
  ssh-keyscan -p "$port" 127.0.0.1 2>/dev/null >"$dir/known_hosts"
  ssh-keyscan -H -p "$port" 127.0.0.1 2>/dev/null >"$dir/known_hosts_hashed"
  [[ -s $dir/known_hosts ]] || die "ssh-keyscan found no host key on 127.0.0.1:$port"
}

make_base_image() {
  if docker -H "unix://$DOCKER_SOCK" image inspect "$BASE_IMAGE" >/dev/null 2>&1; then return; fi
  local root=$ENV_DIR/busybox-rootfs
  rm -rf "$root"
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [[ $applet == busybox ]] || ln -sf busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  chmod 1777 "$root/tmp"
  log "importing $BASE_IMAGE from busybox-static"
  tar -C "$root" -c . | docker -H "unix://$DOCKER_SOCK" import \
    -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - "$BASE_IMAGE" >/dev/null
}

write_props() {
  local tmp=$PROPS.tmp
  cat >"$tmp" <<PROPS
# docker-delivery test environment: endpoints for the integration tests (written by scripts/testenv.sh up)
docker.host=unix://$DOCKER_SOCK
docker.baseImage=$BASE_IMAGE
registry.auth.address=127.0.0.1:$(cat "$ENV_DIR/registry-auth/port")
registry.auth.user=$TEST_USER
registry.auth.password=$TEST_PASSWORD
registry.auth.dir=$ENV_DIR/registry-auth
registry.noauth.address=127.0.0.1:$(cat "$ENV_DIR/registry-noauth/port")
registry.noauth.dir=$ENV_DIR/registry-noauth
ssh.host=127.0.0.1
ssh.port=$(cat "$ENV_DIR/ssh/port")
ssh.user=$TEST_USER
ssh.password=$TEST_PASSWORD
ssh.keyPassphrase=$TEST_PASSWORD
ssh.keysDir=$ENV_DIR/ssh/keys
ssh.knownHosts=$ENV_DIR/ssh/known_hosts
ssh.knownHostsHashed=$ENV_DIR/ssh/known_hosts_hashed
ssh.hostKeyDir=$ENV_DIR/ssh
ssh.pidFile=$ENV_DIR/ssh/sshd.pid
ssh.config=$ENV_DIR/ssh/sshd_config
PROPS
  mv "$tmp" "$PROPS"
}

stop_pidfile() { # stop_pidfile FILE NAME
  [[ -f $1 ]] || return 0
  local pid; pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $2 ($pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

up() {
  ensure_packages
  mkdir -p "$ENV_DIR"
  chmod 755 "$ENV_DIR"
  start_docker
  start_registry registry-auth yes
  start_registry registry-noauth no
  start_sshd
  make_base_image
  write_props
  log "ready: $PROPS"
}

down() {
  stop_pidfile "$ENV_DIR/ssh/sshd.pid" sshd
  stop_pidfile "$ENV_DIR/registry-auth/pid" registry-auth
  stop_pidfile "$ENV_DIR/registry-noauth/pid" registry-noauth
  if [[ -f $ENV_DIR/docker/started-by-testenv ]]; then
    stop_pidfile "$ENV_DIR/docker/dockerd.pid" dockerd
    rm -f "$ENV_DIR/docker/started-by-testenv"
  fi
  rm -f "$PROPS"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) [[ -f $PROPS ]] && cat "$PROPS" || { log "not running (no $PROPS)"; exit 1; } ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
