# PKI and kubeconfigs laid out as kubeadm v1.37 writes them (cmd/kubeadm/app/phases/certs/certlist.go,
# phases/kubeconfig), made with the openssl CLI. Source after common.sh.
#
# Keys are RSA 2048 in PKCS#1 form (kubeadm's default "RSA-2048"), CAs valid 10 years, leaves 1 year.
# One addition to kubeadm: kube-proxy.conf (CN system:kube-proxy, bound by the default
# system:node-proxier binding) and kwok.conf, because kube-proxy and kwok run as processes here
# instead of as pods with service-account tokens.

# _new_key FILE: an RSA 2048 key, taken from the pool _key_pool filled, or made now.
_new_key() {
  local pooled
  pooled=$(find "${PKI}/.pool" -name '*.key' -print -quit 2>/dev/null || true)
  if [[ -n ${pooled} ]]; then
    mv "${pooled}" "$1"
  else
    openssl genrsa -traditional -out "$1" 2048 2>/dev/null
  fi
  chmod 600 "$1"
}

# _key_pool N: makes N keys two at a time (RSA generation is most of the PKI's time).
_key_pool() {
  mkdir -p "${PKI}/.pool"
  seq 1 "$1" | xargs -P 2 -I{} openssl genrsa -traditional -out "${PKI}/.pool/{}.key" 2048 2>/dev/null ||
    die "openssl genrsa failed"
}

# _ca NAME CN: self-signed CA NAME.{crt,key}.
_ca() {
  local name=$1 cn=$2
  _new_key "${PKI}/${name}.key"
  openssl req -x509 -new -sha256 -days 3650 -key "${PKI}/${name}.key" -subj "/CN=${cn}" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "${PKI}/${name}.crt" 2>/dev/null
}

# _leaf CA NAME SUBJECT USAGES [SANS]: NAME.{crt,key} signed by CA.{crt,key}.
# USAGES is serverAuth, clientAuth or both; SANS an openssl subjectAltName value.
_leaf() {
  local ca=$1 name=$2 subject=$3 usages=$4 sans=${5:-} ext
  ext=$(mktemp)
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=${usages}"
    echo "authorityKeyIdentifier=keyid"
    if [[ -n ${sans} ]]; then echo "subjectAltName=${sans}"; fi
  } >"${ext}"
  _new_key "${PKI}/${name}.key"
  openssl req -new -sha256 -key "${PKI}/${name}.key" -subj "${subject}" 2>/dev/null |
    openssl x509 -req -sha256 -days 365 -CA "${PKI}/${ca}.crt" -CAkey "${PKI}/${ca}.key" \
      -CAcreateserial -extfile "${ext}" -out "${PKI}/${name}.crt" 2>/dev/null
  rm -f "${ext}"
  [[ -s ${PKI}/${name}.crt ]] || die "openssl failed to sign ${name}.crt"
}

# _kubeconfig FILE CN ORG: a kubeconfig with an embedded client certificate, as kubeadm writes.
_kubeconfig() {
  local file=$1 cn=$2 org=${3:-} user=$2 tmp subject
  tmp=kubeconfig-$$-${RANDOM}
  subject="${org:+/O=${org}}/CN=${cn}"
  _leaf ca "${tmp}" "${subject}" clientAuth
  cat >"${file}" <<EOF
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: $(base64 -w0 "${PKI}/ca.crt")
    server: ${APISERVER_URL}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: ${user}
  name: ${user}@kubernetes
current-context: ${user}@kubernetes
preferences: {}
users:
- name: ${user}
  user:
    client-certificate-data: $(base64 -w0 "${PKI}/${tmp}.crt")
    client-key-data: $(base64 -w0 "${PKI}/${tmp}.key")
EOF
  chmod 600 "${file}"
  rm -f "${PKI}/${tmp}.crt" "${PKI}/${tmp}.key"
}

# pki_generate: writes $PKI and $STATE/*.conf. Idempotent only in the sense that it overwrites.
pki_generate() {
  mkdir -p "${PKI}/etcd"
  _key_pool 18
  local local_sans="DNS:${NODE_NAME},DNS:localhost,IP:${NODE_IP},IP:127.0.0.1,IP:0:0:0:0:0:0:0:1"

  _ca ca kubernetes
  _leaf ca apiserver /CN=kube-apiserver serverAuth \
    "DNS:${NODE_NAME},DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:${SERVICE_IP},IP:${NODE_IP},IP:127.0.0.1"
  _leaf ca apiserver-kubelet-client /CN=kube-apiserver-kubelet-client clientAuth

  _ca front-proxy-ca front-proxy-ca
  _leaf front-proxy-ca front-proxy-client /CN=front-proxy-client clientAuth

  _ca etcd/ca etcd-ca
  _leaf etcd/ca etcd/server "/CN=${NODE_NAME}" serverAuth,clientAuth "${local_sans}"
  _leaf etcd/ca etcd/peer "/CN=${NODE_NAME}" serverAuth,clientAuth "${local_sans}"
  _leaf etcd/ca etcd/healthcheck-client /CN=kube-etcd-healthcheck-client clientAuth
  _leaf etcd/ca apiserver-etcd-client /CN=kube-apiserver-etcd-client clientAuth

  # The service-account key pair: sa.key (PKCS#1) and sa.pub (PKIX), as kubeadm writes them.
  _new_key "${PKI}/sa.key"
  openssl rsa -in "${PKI}/sa.key" -pubout -out "${PKI}/sa.pub" 2>/dev/null

  _kubeconfig "${STATE}/admin.conf" kubernetes-admin kubeadm:cluster-admins
  _kubeconfig "${STATE}/super-admin.conf" kubernetes-super-admin system:masters
  _kubeconfig "${STATE}/controller-manager.conf" system:kube-controller-manager
  _kubeconfig "${STATE}/scheduler.conf" system:kube-scheduler
  _kubeconfig "${STATE}/kubelet.conf" "system:node:${NODE_NAME}" system:nodes
  _kubeconfig "${STATE}/kube-proxy.conf" system:kube-proxy
  _kubeconfig "${STATE}/kwok.conf" kubecxx-kwok system:masters
  rm -rf "${PKI}"/*.srl "${PKI}"/etcd/*.srl "${PKI}/.pool"
}
