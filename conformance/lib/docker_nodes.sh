# Worker nodes as Docker containers: `conformance/cluster up --docker-nodes=N`. Source after
# node.sh. Plan and reasons: docs/conformance/multinode-docker.md.
#
# Node i (1..N) is the container kubecxx-node-<i> (image kubecxx/node:bookworm, built here from
# the debootstrap base: conformance/images/node) at ${DOCKER_NET_PREFIX}.(10+i) on the Docker
# network "kubecxx" (bridge kcxbr0, no masquerade). It runs its own containerd, kubelet and
# kube-proxy, started with `docker exec` so their flags and configs are the real node's
# (node.sh); the kubelet and kube-proxy binaries, configs and image archives are bind-mounted.
# The host routes between the Docker network, the cluster namespace's veth and every node's
# podCIDR, so pods on all nodes reach each other and the apiserver at ${APISERVER_URL}.
#
# What this VM allows (2026-12-01): `--privileged` fails (runc cannot apply capabilities the VM
# does not have: CAP_SYS_RESOURCE), so a node gets every other capability, unconfined seccomp,
# AppArmor and system paths (/proc/sys writable), the host's cgroup namespace and hierarchies;
# containerd's overlayfs snapshots need /var/lib/containerd on a volume (Docker's own storage is
# fuse-overlayfs). Each kubelet gets the cgroupRoot ${CGROUP_ROOT}/<node>, removed with the
# real node's.

readonly DOCKER_NODE_IMAGE=kubecxx/node:bookworm
readonly DOCKER_NET=kubecxx DOCKER_BRIDGE=kcxbr0
readonly DOCKER_NET_PREFIX=${KUBECXX_DOCKER_NET:-10.202.0}
readonly DOCKER_LABEL=kubecxx.cluster

dnode_name() { echo "kubecxx-node-$1"; }
dnode_ip() { echo "${DOCKER_NET_PREFIX}.$((10 + $1))"; }
dnode_dir() { echo "${STATE}/dnode-$1"; }

# dnode_exec I CMD...: run CMD in node container I.
dnode_exec() {
  local i=$1
  shift
  docker exec "$(dnode_name "${i}")" "$@"
}

# dnode_spawn I NAME CMD...: start CMD detached in node I, logging to logs/<node>-NAME.log.
dnode_spawn() {
  local i=$1 name=$2
  shift 2
  docker exec -d "$(dnode_name "${i}")" sh -c 'exec "$@" >>"$0" 2>&1' \
    "${STATE}/logs/$(dnode_name "${i}")-${name}.log" "$@"
}

# dnode_wait I NAME SECONDS WHAT CMD...: wait until CMD succeeds in node I; on timeout show NAME's log.
dnode_wait() {
  local i=$1 name=$2 timeout=$3 what=$4 log
  shift 4
  log=${STATE}/logs/$(dnode_name "${i}")-${name}.log
  if ! wait_for "${timeout}" "${what} on $(dnode_name "${i}")" dnode_exec "${i}" "$@"; then
    tail -n 25 "${log}" >&2 || true
    die "$(dnode_name "${i}"): no ${what} after ${timeout}s (log: ${log})"
  fi
}

# docker_node_image: kubecxx/node:bookworm, built once (needs the Debian base image and mirror).
docker_node_image() {
  command -v docker >/dev/null || die "docker not found (--docker-nodes needs the Docker Engine)"
  if docker image inspect "${DOCKER_NODE_IMAGE}" >/dev/null 2>&1; then return 0; fi
  if ! docker image inspect kubecxx/debian-base:bookworm >/dev/null 2>&1; then
    "${CONFORMANCE_DIR}/images/build" base >&2 || die "could not build kubecxx/debian-base:bookworm"
  fi
  log "docker build ${DOCKER_NODE_IMAGE} (Debian's containerd, runc, CNI plugins, iptables)"
  docker build -q -t "${DOCKER_NODE_IMAGE}" "${CONFORMANCE_DIR}/images/node" >/dev/null ||
    die "docker build of ${DOCKER_NODE_IMAGE} failed"
}

# forward_rule -I|-D IN OUT: Docker's FORWARD policy is DROP; let the two networks talk.
forward_rule() {
  if [[ $1 == -I ]]; then
    iptables -C DOCKER-USER -i "$2" -o "$3" -j ACCEPT 2>/dev/null ||
      iptables -I DOCKER-USER -i "$2" -o "$3" -j ACCEPT
  else
    while iptables -D DOCKER-USER -i "$2" -o "$3" -j ACCEPT 2>/dev/null; do :; done
  fi
}

docker_network_up() {
  if ! docker network inspect "${DOCKER_NET}" >/dev/null 2>&1; then
    docker network create --subnet "${DOCKER_NET_PREFIX}.0/24" --gateway "${DOCKER_NET_PREFIX}.1" \
      -o com.docker.network.bridge.name="${DOCKER_BRIDGE}" \
      -o com.docker.network.bridge.enable_ip_masquerade=false \
      --label "${DOCKER_LABEL}=${STATE}" "${DOCKER_NET}" >/dev/null ||
      die "could not create the Docker network ${DOCKER_NET} (${DOCKER_NET_PREFIX}.0/24)"
  fi
  forward_rule -I "${DOCKER_BRIDGE}" "${HOST_VETH}"
  forward_rule -I "${HOST_VETH}" "${DOCKER_BRIDGE}"
}

# route_pod_cidr NODE VIA DEV: the host's route to NODE's podCIDR.
route_pod_cidr() {
  local cidr
  cidr=$(node_pod_cidr "$1")
  ip route replace "${cidr}" via "$2" dev "$3" || die "could not route ${cidr} via $2"
  echo "${cidr}"
}

# start_docker_node I KUBELET KUBE_PROXY ARCHIVE...: node container I, its containerd (with the
# archives imported), kubelet, CNI config and kube-proxy.
start_docker_node() {
  local i=$1 kubelet=$2 proxy=$3 name ip dir cidr archive
  shift 3
  name=$(dnode_name "${i}") ip=$(dnode_ip "${i}") dir=$(dnode_dir "${i}")
  mkdir -p "${dir}/cni" "${dir}/opt" "${dir}/volume-plugins"
  _kubeconfig "${dir}/kubelet.conf" "system:node:${name}" system:nodes
  containerd_config "${dir}" /usr/lib/cni >"${dir}/containerd.toml"
  kubelet_config "${CGROUP_ROOT}/${name}" "${dir}/volume-plugins" >"${dir}/kubelet.yaml"
  kube_proxy_config "${STATE}/kube-proxy.conf" "${name}" >"${dir}/kube-proxy.yaml"
  cgroups_prepare "${CGROUP_ROOT}/${name}"

  docker run -d --name "${name}" --hostname "${name}" --label "${DOCKER_LABEL}=${STATE}" \
    --network "${DOCKER_NET}" --ip "${ip}" \
    --cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined \
    --security-opt apparmor=unconfined --security-opt systempaths=unconfined \
    --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw -v /lib/modules:/lib/modules:ro \
    --tmpfs /run --tmpfs /tmp -v /var/lib/containerd -v /var/lib/kubelet -v /var/log \
    -v "${STATE}:${STATE}:ro" -v "${dir}:${dir}" -v "${STATE}/logs:${STATE}/logs" \
    -v "${IMAGES_DIR}:${IMAGES_DIR}:ro" \
    -v "${kubelet}:/usr/local/bin/kubelet:ro" -v "${proxy}:/usr/local/bin/kube-proxy:ro" \
    "${DOCKER_NODE_IMAGE}" >/dev/null || die "docker run ${name} failed"
  wait_for 20 "${name} to start" sh -c "docker logs '${name}' 2>&1 | grep -q 'node-init: ready'" ||
    die "${name} did not start: $(docker logs "${name}" 2>&1 | tail -n 5)"

  dnode_spawn "${i}" containerd containerd --config "${dir}/containerd.toml"
  dnode_wait "${i}" containerd 30 "containerd's socket" ctr -a "${CONTAINERD_SOCK}" version
  for archive; do
    dnode_exec "${i}" ctr -a "${CONTAINERD_SOCK}" -n k8s.io images import \
      "${IMAGES_DIR}/${archive}.tar" >/dev/null || die "${name}: ctr could not import ${archive}.tar"
  done
  dnode_spawn "${i}" kubelet /usr/local/bin/kubelet --config="${dir}/kubelet.yaml" \
    --kubeconfig="${dir}/kubelet.conf" --node-ip="${ip}"
  dnode_wait "${i}" kubelet 60 "kubelet /healthz" curl -sf http://127.0.0.1:10248/healthz
  wait_for 60 "node ${name}" kubectl_admin get node "${name}" ||
    die "node ${name} did not register (${STATE}/logs/${name}-kubelet.log)"
  cidr=$(route_pod_cidr "${name}" "${ip}" "${DOCKER_BRIDGE}")
  cni_conflist "${cidr}" >"${dir}/cni/10-kubecxx.conflist"
  dnode_spawn "${i}" kube-proxy /usr/local/bin/kube-proxy --config="${dir}/kube-proxy.yaml"
  dnode_wait "${i}" kube-proxy 60 "kube-proxy /healthz" curl -sf http://127.0.0.1:10256/healthz
  log "node ${name} (${ip}): pod network ${cidr}"
}

# start_docker_nodes N KUBELET KUBE_PROXY ARCHIVE...: N node containers, each Ready.
start_docker_nodes() {
  local n=$1 kubelet=$2 proxy=$3 i names=()
  shift 3
  docker_node_image
  docker_network_up
  # The real node's pods are reached through the namespace's veth.
  if kubectl_admin get node "${NODE_NAME}" >/dev/null 2>&1; then
    route_pod_cidr "${NODE_NAME}" "${NODE_IP}" "${HOST_VETH}" >/dev/null
  fi
  for i in $(seq 1 "${n}"); do
    start_docker_node "${i}" "${kubelet}" "${proxy}" "$@"
    names+=("node/$(dnode_name "${i}")")
  done
  wait_for 180 "${n} Docker node(s) Ready" kubectl_admin wait --for=condition=Ready "${names[@]}" \
    --timeout=5s || die "Docker nodes not Ready (${STATE}/logs/kubecxx-node-*-kubelet.log)"
}

# docker_nodes_teardown: remove every node container of this cluster (a crashed run's too), its
# volumes, the network and the forwarding rules. Safe when there are none.
docker_nodes_teardown() {
  command -v docker >/dev/null || return 0
  local ids
  ids=$(docker ps -aq --filter "label=${DOCKER_LABEL}=${STATE}" 2>/dev/null || true)
  if [[ -n ${ids} ]]; then
    # shellcheck disable=SC2086
    docker rm -f -v ${ids} >/dev/null 2>&1 || true
  fi
  # The network (and its rules) only if this cluster made it: other instances (the smoke) use
  # their own state, veth and label.
  [[ $(docker network inspect -f "{{index .Labels \"${DOCKER_LABEL}\"}}" "${DOCKER_NET}" \
    2>/dev/null) == "${STATE}" ]] || return 0
  docker network rm "${DOCKER_NET}" >/dev/null 2>&1 || true
  forward_rule -D "${DOCKER_BRIDGE}" "${HOST_VETH}"
  forward_rule -D "${HOST_VETH}" "${DOCKER_BRIDGE}"
}
