# Shared settings and helpers for conformance/cluster, run and smoke. Source, do not execute.
#
# Layout of a running cluster (all under $STATE, outside the repository):
#   pki/                 kubeadm's /etc/kubernetes/pki layout (ca, apiserver, front-proxy, sa, etcd/)
#   *.conf               kubeadm's kubeconfigs (admin, super-admin, scheduler, controller-manager,
#                        kubelet) plus kube-proxy.conf and kwok.conf
#   run/<name>.pid       host pid of each started process (the holder and every nsenter)
#   logs/<name>.log      stdout+stderr of each process
#   node/                the real node's /run, /var/lib, /var/log and config files
#   config               the component choices of this cluster (sourced by status/run)

readonly KUBE_VERSION=v1.37.2
CONFORMANCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly CONFORMANCE_DIR
readonly REPO_DIR=${CONFORMANCE_DIR%/conformance}
readonly CACHE_DIR=${KUBECXX_CACHE:-${HOME}/.cache/kubecxx}
readonly STOCK_BIN=${KUBECXX_STOCK_BIN:-${CACHE_DIR}/stock/${KUBE_VERSION}/bin}
readonly IMAGES_DIR=${CACHE_DIR}/images/${KUBE_VERSION}
readonly KUBECXX_BUILD=${KUBECXX_BUILD:-${REPO_DIR}/build}
readonly STATE=${KUBECXX_STATE:-/tmp/kubecxx-cluster}
readonly PKI=${STATE}/pki

# Network. The whole cluster lives in one set of namespaces (pid, mount, net, uts) whose holder is
# tini; a veth pair joins it to the host: HOST_IP on the host side (kcx0), NODE_IP inside (eth0).
# A second cluster beside the first (conformance/smoke does this) needs its own KUBECXX_STATE,
# KUBECXX_NODE_NET, KUBECXX_HOST_VETH and KUBECXX_CGROUP_ROOT.
readonly NET_PREFIX=${KUBECXX_NODE_NET:-10.200.0}
readonly HOST_IP=${NET_PREFIX}.1 NODE_IP=${NET_PREFIX}.2
readonly HOST_VETH=${KUBECXX_HOST_VETH:-kcx0}
readonly NODE_NAME=kubecxx-node
readonly SERVICE_CIDR=10.96.0.0/12 SERVICE_IP=10.96.0.1 DNS_IP=10.96.0.10
readonly POD_CIDR=10.244.0.0/16
readonly APISERVER_PORT=6443
readonly APISERVER_URL=https://${NODE_IP}:${APISERVER_PORT}
readonly PAUSE_IMAGE=registry.k8s.io/pause:3.10.2

# Components the harness can swap: option name -> binary name.
readonly COMPONENTS=(apiserver scheduler controller-manager kubelet kube-proxy dns)
binary_name() {
  case $1 in
    apiserver) echo kube-apiserver ;;
    scheduler) echo kube-scheduler ;;
    controller-manager) echo kube-controller-manager ;;
    kubelet | kube-proxy) echo "$1" ;;
    dns) echo coredns ;;
    *) return 1 ;;
  esac
}

# go is only used to find pinned upstream files in the module cache (go list -m).
command -v go >/dev/null || PATH=/usr/local/go/bin:${PATH}

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }

# stock_bin NAME: path of a stock binary, or a clear failure telling how to get it.
stock_bin() {
  local path=${STOCK_BIN}/$1
  [[ -x ${path} ]] || die "stock $1 not found at ${path}; run conformance/build-stock $1"
  echo "${path}"
}

# component_bin COMPONENT stock|kubecxx: the binary to run for that choice.
component_bin() {
  local name path
  name=$(binary_name "$1") || die "unknown component $1"
  case $2 in
    stock) stock_bin "${name}" ;;
    kubecxx)
      path=${KUBECXX_BUILD}/components/${name}/${name}
      [[ -x ${path} ]] || die "kubecxx ${name} does not exist yet (no ${path})"
      echo "${path}"
      ;;
    *) die "--$1=$2: expected stock or kubecxx" ;;
  esac
}

# kubecxx_components: the components whose kubecxx binary exists, for the matrix.
kubecxx_components() {
  local c name
  for c in "${COMPONENTS[@]}"; do
    name=$(binary_name "${c}")
    if [[ -x ${KUBECXX_BUILD}/components/${name}/${name} ]]; then echo "${c}"; fi
  done
}

holder_pid() {
  local pid
  pid=$(cat "${STATE}/run/holder.pid" 2>/dev/null) || return 1
  kill -0 "${pid}" 2>/dev/null || return 1
  # The holder is unshare; its child (tini) is pid 1 of the cluster's namespaces.
  cat "/proc/${pid}/task/${pid}/children" 2>/dev/null | awk '{print $1}' | grep . || return 1
}

# in_cluster CMD...: run CMD inside the cluster's namespaces (net, mount, pid, uts).
in_cluster() {
  local pid
  pid=$(holder_pid) || die "no cluster running (state ${STATE}); run conformance/cluster up"
  nsenter -t "${pid}" -m -n -p -u -- "$@"
}

# in_cluster_net CMD...: run CMD on the host's filesystem but inside the cluster's network.
in_cluster_net() {
  local pid
  pid=$(holder_pid) || die "no cluster running (state ${STATE}); run conformance/cluster up"
  nsenter -t "${pid}" -n -- "$@"
}

kubectl_admin() {
  "${STOCK_BIN}/kubectl" --kubeconfig="${STATE}/admin.conf" "$@"
}

# wait_for SECONDS WHAT CMD...: poll CMD every half second until it succeeds.
wait_for() {
  local timeout=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout}s waiting for ${what}"
      return 1
    fi
    sleep 0.5
  done
}
