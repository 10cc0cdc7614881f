# etcd and the control plane, with the flags kubeadm v1.37 puts in its static-pod manifests
# (cmd/kubeadm/app/phases/controlplane/manifests.go, phases/etcd/local.go), paths moved to $STATE.
# Source after common.sh and namespace.sh.
#
# Differences from kubeadm, all forced by running several "hosts" on one machine:
#   etcd listens on 127.0.0.1 only (kubeadm adds the advertise address), TLS with client certs
#   as kubeadm does; its peer URL is loopback too.
#   kube-controller-manager gets --allocate-node-cidrs/--cluster-cidr, which kubeadm adds when
#   a pod subnet is configured (we configure 10.244.0.0/16).
# Everything else, including the fixed ports (6443, 2379/2380/2381, 10257, 10259), is kubeadm's;
# the ports do not clash with the host's because they live in the cluster's network namespace.

start_etcd() {
  local p=${PKI}/etcd
  mkdir -p "${STATE}/etcd"
  chmod 700 "${STATE}/etcd"
  ns_spawn etcd "$(stock_bin etcd)" \
    --name="${NODE_NAME}" \
    --data-dir="${STATE}/etcd" \
    --listen-client-urls=https://127.0.0.1:2379 \
    --advertise-client-urls=https://127.0.0.1:2379 \
    --listen-peer-urls=https://127.0.0.1:2380 \
    --initial-advertise-peer-urls=https://127.0.0.1:2380 \
    --initial-cluster="${NODE_NAME}=https://127.0.0.1:2380" \
    --cert-file="${p}/server.crt" --key-file="${p}/server.key" \
    --trusted-ca-file="${p}/ca.crt" --client-cert-auth=true \
    --peer-cert-file="${p}/peer.crt" --peer-key-file="${p}/peer.key" \
    --peer-trusted-ca-file="${p}/ca.crt" --peer-client-cert-auth=true \
    --snapshot-count=10000 \
    --listen-metrics-urls=http://127.0.0.1:2381 \
    --feature-gates=InitialCorruptCheck=true \
    --watch-progress-notify-interval=5s
  wait_proc 60 etcd "etcd health" in_cluster_net curl -sf http://127.0.0.1:2381/health
}

start_apiserver() {
  ns_spawn kube-apiserver "$1" \
    --advertise-address="${NODE_IP}" \
    --allow-privileged=true \
    --authorization-mode=Node,RBAC \
    --client-ca-file="${PKI}/ca.crt" \
    --enable-admission-plugins=NodeRestriction \
    --enable-bootstrap-token-auth=true \
    --etcd-cafile="${PKI}/etcd/ca.crt" \
    --etcd-certfile="${PKI}/apiserver-etcd-client.crt" \
    --etcd-keyfile="${PKI}/apiserver-etcd-client.key" \
    --etcd-servers=https://127.0.0.1:2379 \
    --kubelet-client-certificate="${PKI}/apiserver-kubelet-client.crt" \
    --kubelet-client-key="${PKI}/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname \
    --proxy-client-cert-file="${PKI}/front-proxy-client.crt" \
    --proxy-client-key-file="${PKI}/front-proxy-client.key" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-client-ca-file="${PKI}/front-proxy-ca.crt" \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --requestheader-group-headers=X-Remote-Group \
    --requestheader-username-headers=X-Remote-User \
    --secure-port="${APISERVER_PORT}" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="${PKI}/sa.pub" \
    --service-account-signing-key-file="${PKI}/sa.key" \
    --service-cluster-ip-range="${SERVICE_CIDR}" \
    --tls-cert-file="${PKI}/apiserver.crt" \
    --tls-private-key-file="${PKI}/apiserver.key"
  wait_proc 120 kube-apiserver "${APISERVER_URL}/readyz" \
    curl -sf --cacert "${PKI}/ca.crt" "${APISERVER_URL}/readyz"
}

# bootstrap_rbac: the bindings `kubeadm init` creates that admin.conf and the apiserver rely on,
# made with super-admin.conf as kubeadm does: kubeadm:cluster-admins (admin.conf's group) and
# kubeadm:apiserver-kubelet-client (phases/bootstraptoken/node/tlsbootstrap.go; without it the
# kubelet refuses the apiserver's logs/exec/port-forward requests).
# BOOTSTRAP_ROLES=wait (stock apiserver) waits for its rbac/bootstrap-roles post-start hook;
# our apiserver does not write the bootstrap policy yet (and does not enforce authorization),
# so with "skip" only the bindings are made.
bootstrap_rbac() {
  local super=(--kubeconfig="${STATE}/super-admin.conf")
  if [[ ${1:-wait} == wait ]]; then
    wait_for 60 "RBAC bootstrap roles" "${STOCK_BIN}/kubectl" "${super[@]}" \
      get clusterrole cluster-admin system:kubelet-api-admin ||
      die "the bootstrap ClusterRoles never appeared"
  else
    log "kubecxx kube-apiserver: no RBAC bootstrap policy (authorization is not enforced yet)"
  fi
  "${STOCK_BIN}/kubectl" "${super[@]}" create clusterrolebinding kubeadm:cluster-admins \
    --clusterrole=cluster-admin --group=kubeadm:cluster-admins >/dev/null
  "${STOCK_BIN}/kubectl" "${super[@]}" create clusterrolebinding kubeadm:apiserver-kubelet-client \
    --clusterrole=system:kubelet-api-admin --user=kube-apiserver-kubelet-client >/dev/null
}

start_controller_manager() {
  local conf=${STATE}/controller-manager.conf
  ns_spawn kube-controller-manager "$1" \
    --allocate-node-cidrs=true \
    --authentication-kubeconfig="${conf}" \
    --authorization-kubeconfig="${conf}" \
    --bind-address=127.0.0.1 \
    --client-ca-file="${PKI}/ca.crt" \
    --cluster-cidr="${POD_CIDR}" \
    --cluster-name=kubernetes \
    --cluster-signing-cert-file="${PKI}/ca.crt" \
    --cluster-signing-key-file="${PKI}/ca.key" \
    --controllers='*,bootstrapsigner,tokencleaner' \
    --kubeconfig="${conf}" \
    --leader-elect=true \
    --requestheader-client-ca-file="${PKI}/front-proxy-ca.crt" \
    --root-ca-file="${PKI}/ca.crt" \
    --service-account-private-key-file="${PKI}/sa.key" \
    --service-cluster-ip-range="${SERVICE_CIDR}" \
    --use-service-account-credentials=true
  wait_proc 60 kube-controller-manager "kube-controller-manager /healthz" \
    in_cluster_net curl -skf https://127.0.0.1:10257/healthz
}

start_scheduler() {
  local conf=${STATE}/scheduler.conf
  ns_spawn kube-scheduler "$1" \
    --authentication-kubeconfig="${conf}" \
    --authorization-kubeconfig="${conf}" \
    --bind-address=127.0.0.1 \
    --kubeconfig="${conf}" \
    --leader-elect=true
  wait_proc 60 kube-scheduler "kube-scheduler /readyz" \
    in_cluster_net curl -skf https://127.0.0.1:10259/readyz
}
