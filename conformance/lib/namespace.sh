# The cluster's namespaces and its processes. Source after common.sh.
#
# Everything the cluster runs (etcd, control plane, containerd, kubelet, kube-proxy, kwok and the
# containers) lives in one set of new pid, mount, net and uts namespaces. Their pid 1 is tini,
# started by `unshare --kill-child`, so killing that one unshare process kills every process of
# the cluster, and the kernel drops every mount made inside (containerd snapshots, kubelet
# volumes, our bind mounts) with the mount namespace. What outlives it and is cleaned by
# ns_teardown: the cgroups under /kubecxx, the host end of the veth (it dies with its peer) and
# $STATE.
#
# Inside, /run, /var/lib and /var/log are bind mounts of $STATE/node/*, so the kubelet's and
# containerd's fixed paths (/var/lib/kubelet, /run/containerd, /var/log/pods, /run/netns,
# /var/lib/cni) never touch the host's; the three global sysctls the kubelet writes
# (kernel.panic, kernel.panic_on_oops, vm.overcommit_memory) are bind-mounted files.

readonly CGROUP_ROOT=${KUBECXX_CGROUP_ROOT:-/kubecxx}
readonly KUBELET_SYSCTLS=(kernel/panic kernel/panic_on_oops vm/overcommit_memory)

ns_start() {
  mkdir -p "${STATE}"/{run,logs} "${STATE}"/node/{run,var-lib,var-log,sysctl}
  command -v tini >/dev/null || die "tini not found (apt-get install tini)"
  setsid unshare --pid --fork --mount-proc --mount --net --uts --propagation private \
    --kill-child tini -- sleep infinity >"${STATE}/logs/holder.log" 2>&1 </dev/null &
  echo $! >"${STATE}/run/holder.pid"
  wait_for 10 "the namespace holder" holder_pid || die "namespace holder did not start"
  local pid f
  pid=$(holder_pid)

  for f in "${KUBELET_SYSCTLS[@]}"; do cat "/proc/sys/${f}" >"${STATE}/node/sysctl/${f//\//.}"; done
  in_cluster sh -euc "
    hostname ${NODE_NAME}
    mount --bind '${STATE}/node/run' /run
    mount --bind '${STATE}/node/var-lib' /var/lib
    mount --bind '${STATE}/node/var-log' /var/log
    for f in ${KUBELET_SYSCTLS[*]}; do
      mount --bind '${STATE}/node/sysctl/'\$(echo \$f | tr / .) /proc/sys/\$f
    done
    ip link set lo up
  " || die "could not set up mounts in the cluster namespace"

  ip link add "${HOST_VETH}" type veth peer name eth0 netns "${pid}" ||
    die "could not create veth ${HOST_VETH} (is another cluster up? try conformance/cluster down)"
  ip addr add "${HOST_IP}/24" dev "${HOST_VETH}"
  ip link set "${HOST_VETH}" up
  in_cluster sh -euc "
    ip addr add ${NODE_IP}/24 dev eth0
    ip link set eth0 up
    ip route add default via ${HOST_IP}
    sysctl -qw net.ipv4.ip_forward=1
  " || die "could not configure the cluster network"
}

# ns_spawn NAME CMD...: start CMD inside the namespaces, detached, logging to logs/NAME.log.
# The pid file holds the host pid of nsenter, which lives exactly as long as CMD.
ns_spawn() {
  local name=$1 pid
  shift
  pid=$(holder_pid) || die "cluster namespace is gone"
  echo "$*" >"${STATE}/run/${name}.cmd"
  setsid nsenter -t "${pid}" -m -n -p -u -- "$@" >>"${STATE}/logs/${name}.log" 2>&1 </dev/null &
  echo $! >"${STATE}/run/${name}.pid"
}

# proc_alive NAME: the process started as NAME is running.
proc_alive() {
  local pid
  pid=$(cat "${STATE}/run/$1.pid" 2>/dev/null) && kill -0 "${pid}" 2>/dev/null
}

# wait_proc SECONDS NAME WHAT CMD...: like wait_for, but fails at once (showing NAME's log) if
# NAME exits.
wait_proc() {
  local timeout=$1 name=$2 what=$3 deadline
  shift 3
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ! proc_alive "${name}"; then
      tail -n 25 "${STATE}/logs/${name}.log" >&2 || true
      die "${name} exited while waiting for ${what} (log: ${STATE}/logs/${name}.log)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 25 "${STATE}/logs/${name}.log" >&2 || true
      die "timed out after ${timeout}s waiting for ${what} (log: ${STATE}/logs/${name}.log)"
    fi
    sleep 0.5
  done
}

# cgroups_prepare [ROOT]: ROOT (default /kubecxx) in every cgroup hierarchy (the kubelet's
# cgroupRoot must exist), with the cpuset of its parent.
cgroups_prepare() {
  local h root=${1:-${CGROUP_ROOT}}
  for h in /sys/fs/cgroup/*/; do
    mkdir -p "${h}${root#/}"
  done
  if [[ -f /sys/fs/cgroup/cpuset/cpuset.cpus ]]; then
    local dir=/sys/fs/cgroup/cpuset part
    for part in ${root//\// }; do
      cat "${dir}/cpuset.cpus" >"${dir}/${part}/cpuset.cpus"
      cat "${dir}/cpuset.mems" >"${dir}/${part}/cpuset.mems"
      dir=${dir}/${part}
    done
  fi
}

# cgroups_remove: rmdir every cgroup under /kubecxx, deepest first; retries while the killed
# processes are still being reaped.
cgroups_remove() {
  local try left
  for try in $(seq 1 20); do
    left=0
    while read -r dir; do
      rmdir "${dir}" 2>/dev/null || left=1
    done < <(find /sys/fs/cgroup/*/"${CGROUP_ROOT#/}" -depth -type d 2>/dev/null)
    [[ ${left} -eq 0 ]] && return 0
    sleep 0.5
  done
  log "warning: some cgroups under ${CGROUP_ROOT} could not be removed:"
  find /sys/fs/cgroup/*/"${CGROUP_ROOT#/}" -type d >&2 2>/dev/null || true
  return 1
}

# ns_teardown: kill everything, then remove the veth, cgroups and state. Safe to call when
# nothing (or only part) is running.
ns_teardown() {
  local pid init name deadline
  # Node containers first: their kubelets' cgroups are under ${CGROUP_ROOT} too.
  if declare -F docker_nodes_teardown >/dev/null; then docker_nodes_teardown; fi
  pid=$(cat "${STATE}/run/holder.pid" 2>/dev/null || true)
  if [[ -n ${pid} ]] && kill -0 "${pid}" 2>/dev/null; then
    # SIGKILL to tini, pid 1 of the namespace: the kernel then kills every process in it.
    # (unshare itself ignores SIGTERM while it waits for tini.)
    if init=$(holder_pid); then kill -KILL "${init}" 2>/dev/null || true; fi
    deadline=$((SECONDS + 10))
    while kill -0 "${pid}" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -KILL "${pid}" 2>/dev/null || true
  fi
  # The nsenter processes die with their children; make sure none is left.
  for name in "${STATE}"/run/*.pid; do
    [[ -f ${name} ]] || continue
    pid=$(cat "${name}")
    if kill -0 "${pid}" 2>/dev/null; then kill -KILL "${pid}" 2>/dev/null || true; fi
  done
  if ip link show "${HOST_VETH}" >/dev/null 2>&1; then ip link del "${HOST_VETH}" || true; fi
  cgroups_remove || true
  rm -rf "${STATE}"
}
