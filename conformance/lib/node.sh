# The real node: Debian's containerd 1.6 + runc, the CNI bridge plugins, a kubelet and a
# kube-proxy, all inside the cluster namespaces (see namespace.sh). Source after common.sh.
#
# What it took to run stock kubelet v1.37.2 here (see docs/conformance/README.md):
#   containerd's CRI plugin needs restrict_oom_score_adj = true (the VM lacks CAP_SYS_RESOURCE,
#   so runc cannot lower oom_score_adj and every sandbox fails otherwise);
#   the kubelet needs failCgroupV1: false (cgroup v1 host) and cgroupDriver: cgroupfs;
#   disk-based eviction is off (evictionHard 0% for nodefs/imagefs, as kind configures its
#   nodes): the node shares this machine's disk with builds, and at the default thresholds
#   (imagefs.available<15%) a busy disk tainted the node with disk-pressure and evicted pods;
#   image garbage collection is off (imageGCHighThresholdPercent 100, as kind sets it): the
#   images are imported once from archives and cannot be pulled again, and at 85% disk use the
#   kubelet removed every image, pause included, in the middle of an e2e run (2026-12-02).

readonly NODE_DIR=${STATE}/node
readonly CNI_BIN=${KUBECXX_CNI_BIN:-/usr/lib/cni}
readonly CONTAINERD_SOCK=/run/containerd/containerd.sock

# containerd_config DIR CNI_BIN: containerd's config for a node whose state is DIR (DIR/opt,
# DIR/cni holds the CNI config), root /var/lib/containerd, state /run/containerd.
containerd_config() {
  cat <<EOF
version = 2
root = "/var/lib/containerd"
state = "/run/containerd"

[grpc]
  address = "${CONTAINERD_SOCK}"

[plugins."io.containerd.internal.v1.opt"]
  path = "$1/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$2"
    conf_dir = "$1/cni"
EOF
}

start_containerd() {
  command -v containerd >/dev/null || die "containerd not found (apt-get install containerd)"
  command -v runc >/dev/null || die "runc not found (apt-get install runc)"
  [[ -x ${CNI_BIN}/bridge && -x ${CNI_BIN}/host-local && -x ${CNI_BIN}/loopback ]] ||
    die "CNI plugins not found in ${CNI_BIN} (apt-get install containernetworking-plugins)"
  mkdir -p "${NODE_DIR}/cni" "${NODE_DIR}/opt"
  # /run and /var/lib below are the node's own (bind mounts of $STATE/node/*).
  containerd_config "${NODE_DIR}" "${CNI_BIN}" >"${NODE_DIR}/containerd.toml"
  ns_spawn containerd containerd --config "${NODE_DIR}/containerd.toml"
  wait_proc 30 containerd "containerd's socket" in_cluster ctr -a "${CONTAINERD_SOCK}" version
}

# import_images ARCHIVE...: load image archives made by conformance/images/build into the node.
import_images() {
  local name tar
  for name; do
    tar=${IMAGES_DIR}/${name}.tar
    in_cluster ctr -a "${CONTAINERD_SOCK}" -n k8s.io images import "${tar}" >/dev/null ||
      die "ctr could not import ${tar}"
  done
  log "imported $*"
}

# images_available: the archive names present in the cache, core first; fails without core.tar.
images_available() {
  [[ -f ${IMAGES_DIR}/core.tar ]] ||
    die "no image archive ${IMAGES_DIR}/core.tar (${PAUSE_IMAGE}); run conformance/images/build"
  local name
  for name in core coredns e2e; do
    if [[ -f ${IMAGES_DIR}/${name}.tar ]]; then echo "${name}"; fi
  done
}

# kubelet_config CGROUP_ROOT VOLUME_PLUGIN_DIR: the node's KubeletConfiguration.
kubelet_config() {
  cat <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: ${PKI}/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: cgroupfs
cgroupRoot: $1
clusterDNS:
- ${DNS_IP}
clusterDomain: cluster.local
containerRuntimeEndpoint: unix://${CONTAINERD_SOCK}
failCgroupV1: false
evictionHard:
  imagefs.available: "0%"
  nodefs.available: "0%"
  nodefs.inodesFree: "0%"
healthzBindAddress: 127.0.0.1
healthzPort: 10248
imageGCHighThresholdPercent: 100
resolvConf: /etc/resolv.conf
rotateCertificates: false
volumePluginDir: $2
EOF
}

start_kubelet() {
  mkdir -p "${NODE_DIR}/volume-plugins"
  kubelet_config "${CGROUP_ROOT}" "${NODE_DIR}/volume-plugins" >"${NODE_DIR}/kubelet.yaml"
  cgroups_prepare
  ns_spawn kubelet "$1" --config="${NODE_DIR}/kubelet.yaml" --kubeconfig="${STATE}/kubelet.conf" \
    --node-ip="${NODE_IP}"
  wait_proc 60 kubelet "kubelet /healthz" in_cluster_net curl -sf http://127.0.0.1:10248/healthz
}

# cni_conflist POD_CIDR: the bridge + portmap CNI network of a node.
cni_conflist() {
  cat <<EOF
{
  "cniVersion": "1.0.0",
  "name": "kubecxx",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "$1"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
}

# node_pod_cidr NODE: the podCIDR kube-controller-manager allocated to NODE (waits up to 60 s).
node_pod_cidr() {
  wait_for 60 "a podCIDR for $1" \
    test -n "$(kubectl_admin get node "$1" -o jsonpath='{.spec.podCIDR}' 2>/dev/null)" ||
    die "kube-controller-manager allocated no podCIDR to $1"
  kubectl_admin get node "$1" -o jsonpath='{.spec.podCIDR}'
}

# write_cni_config: the bridge network for the node's pod CIDR, as a CNI "installer" would once
# kube-controller-manager has allocated it. The node turns Ready when containerd sees this file.
write_cni_config() {
  local cidr=""
  wait_proc 60 kubelet "the node object" kubectl_admin get node "${NODE_NAME}"
  cidr=$(node_pod_cidr "${NODE_NAME}")
  cni_conflist "${cidr}" >"${NODE_DIR}/cni/10-kubecxx.conflist"
  log "node ${NODE_NAME}: pod network ${cidr}"
}

# kube_proxy_config KUBECONFIG NODE_NAME: kubeadm's KubeProxyConfiguration (cmd/kubeadm/app/
# componentconfigs/kubeproxy.go: bindAddress 0.0.0.0, clusterCIDR = pod subnet) with a
# client-certificate kubeconfig, and conntrack.maxPerCore 0: nf_conntrack_max is read-only
# outside the host's network namespace (kind sets the same).
kube_proxy_config() {
  cat <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
bindAddress: 0.0.0.0
clientConnection:
  kubeconfig: $1
clusterCIDR: ${POD_CIDR}
conntrack:
  maxPerCore: 0
hostnameOverride: $2
mode: ""
EOF
}

# start_kube_proxy BINARY: kube-proxy of the real node.
start_kube_proxy() {
  kube_proxy_config "${STATE}/kube-proxy.conf" "${NODE_NAME}" >"${NODE_DIR}/kube-proxy.yaml"
  ns_spawn kube-proxy "$1" --config="${NODE_DIR}/kube-proxy.yaml"
  wait_proc 60 kube-proxy "kube-proxy /healthz" in_cluster_net curl -sf http://127.0.0.1:10256/healthz
}
