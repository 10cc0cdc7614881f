// core/v1 defaulters: k8s.io/kubernetes@v1.37.2 pkg/apis/core/v1/defaults.go and the walk of
// zz_generated.defaults.go, with v1.37's default gates (ImageVolume on, H2CContainerProbe off,
// PodLevelResourcesFixDefaulting on: pod-level resource defaulting moved to PrepareForCreate).
#include <cctype>

#include "lib/apiserver/defaults/defaults_internal.h"

namespace kubecxx::apiserver::defaults::internal {
namespace {

namespace core = api::core::v1;

constexpr int32_t kDefaultVolumeMode = 0644;  // Secret/ConfigMap/DownwardAPI/Projected

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// One path component of a docker reference: [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*.
bool ValidPathComponent(std::string_view s) {
  if (s.empty() || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsLowerAlnum(s[i])) continue;
    size_t j = i;
    while (j < s.size() && !IsLowerAlnum(s[j])) ++j;
    std::string_view sep = s.substr(i, j - i);
    bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
    if (sep != "." && sep != "_" && sep != "__" && !dashes) return false;
    i = j - 1;
  }
  return true;
}

bool ValidTag(std::string_view t) {
  if (t.empty() || t.size() > 128) return false;
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (!word(t[0])) return false;
  for (char c : t) {
    if (!word(c) && c != '.' && c != '-') return false;
  }
  return true;
}

}  // namespace

// The tag pkg/util/parsers.ParseImageName finds: "latest" without tag and digest, "" when the
// reference does not parse (then the pull policy is IfNotPresent, as upstream ignores the error).
std::string ImageTag(std::string_view image) {
  std::string_view name = image;
  bool digest = false;
  if (size_t at = name.find('@'); at != std::string_view::npos) {
    std::string_view d = name.substr(at + 1);
    if (d.find(':') == std::string_view::npos) return "";
    digest = true;
    name = name.substr(0, at);
  }
  std::string tag;
  size_t colon = name.rfind(':');
  size_t slash = name.rfind('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    tag = std::string(name.substr(colon + 1));
    if (!ValidTag(tag)) return "";
    name = name.substr(0, colon);
  }
  if (name.empty() || name.size() > 255) return "";
  std::string_view path = name;
  if (size_t first = name.find('/'); first != std::string_view::npos) {
    std::string_view domain = name.substr(0, first);
    bool has_upper = false;
    for (char c : domain) has_upper |= (c >= 'A' && c <= 'Z');
    if (domain.find_first_of(".:") != std::string_view::npos || domain == "localhost" ||
        has_upper) {
      path = name.substr(first + 1);
    }
  }
  while (true) {
    size_t s = path.find('/');
    if (!ValidPathComponent(path.substr(0, s))) return "";
    if (s == std::string_view::npos) break;
    path = path.substr(s + 1);
  }
  if (tag.empty() && !digest) return "latest";
  return tag;
}

namespace {

std::string PullPolicyFor(std::string_view image) {
  return ImageTag(image) == "latest" ? "Always" : "IfNotPresent";
}

void DefaultFieldRef(core::ObjectFieldSelector& f) {
  if (f.api_version.empty()) f.api_version = "v1";
}

void DefaultHttpGet(core::HTTPGetAction& h) {
  if (h.path.empty()) h.path = "/";
  if (h.scheme.empty()) h.scheme = "HTTP";
}

void DefaultProbe(kubecxx::Box<core::Probe>& p) {
  if (!p) return;
  if (p->timeout_seconds == 0) p->timeout_seconds = 1;
  if (p->period_seconds == 0) p->period_seconds = 10;
  if (p->success_threshold == 0) p->success_threshold = 1;
  if (p->failure_threshold == 0) p->failure_threshold = 3;
  if (p->probe_handler.http_get) DefaultHttpGet(*p->probe_handler.http_get);
  if (p->probe_handler.grpc && !p->probe_handler.grpc->service) {
    p->probe_handler.grpc->service = "";
  }
}

// SetDefaults_Container (EphemeralContainerCommon has the same fields) and its walk.
template <typename C>
void DefaultContainer(C& c) {
  if (c.image_pull_policy.empty()) c.image_pull_policy = PullPolicyFor(c.image);
  if (c.termination_message_path.empty()) c.termination_message_path = "/dev/termination-log";
  if (c.termination_message_policy.empty()) c.termination_message_policy = "File";
  for (auto& p : c.ports) {
    if (p.protocol.empty()) p.protocol = "TCP";
  }
  for (auto& e : c.env) {
    if (!e.value_from) continue;
    if (e.value_from->field_ref) DefaultFieldRef(*e.value_from->field_ref);
    if (e.value_from->file_key_ref && !e.value_from->file_key_ref->optional) {
      e.value_from->file_key_ref->optional = false;
    }
  }
  DefaultResourceList(c.resources.limits);
  DefaultResourceList(c.resources.requests);
  DefaultProbe(c.liveness_probe);
  DefaultProbe(c.readiness_probe);
  DefaultProbe(c.startup_probe);
  if (c.lifecycle) {
    if (c.lifecycle->post_start && c.lifecycle->post_start->http_get) {
      DefaultHttpGet(*c.lifecycle->post_start->http_get);
    }
    if (c.lifecycle->pre_stop && c.lifecycle->pre_stop->http_get) {
      DefaultHttpGet(*c.lifecycle->pre_stop->http_get);
    }
  }
}

template <typename Rbd>
void DefaultRbd(Rbd& r) {
  if (r.rbd_pool.empty()) r.rbd_pool = "rbd";
  if (r.rados_user.empty()) r.rados_user = "admin";
  if (r.keyring.empty()) r.keyring = "/etc/ceph/keyring";
}

void DefaultAzureDisk(core::AzureDiskVolumeSource& a) {
  if (!a.caching_mode) a.caching_mode = "ReadWrite";
  if (!a.fs_type) a.fs_type = "ext4";
  if (!a.read_only) a.read_only = false;
  if (!a.kind) a.kind = "Shared";
}

template <typename S>
void DefaultScaleIo(S& s) {
  if (s.storage_mode.empty()) s.storage_mode = "ThinProvisioned";
  if (s.fs_type.empty()) s.fs_type = "xfs";
}

void DefaultHostPath(core::HostPathVolumeSource& h) {
  if (!h.type) h.type = "";
}

void DefaultPvcSpec(core::PersistentVolumeClaimSpec& s) {
  if (!s.volume_mode) s.volume_mode = "Filesystem";
  DefaultResourceList(s.resources.limits);
  DefaultResourceList(s.resources.requests);
}

void DefaultVolume(core::Volume& v) {
  auto& s = v.volume_source;
  if (s == core::VolumeSource{}) s.empty_dir.emplace();  // ptr.AllPtrFieldsNil
  if (s.image && s.image->pull_policy.empty()) {
    s.image->pull_policy = PullPolicyFor(s.image->reference);
  }
  if (s.host_path) DefaultHostPath(*s.host_path);
  if (s.secret && !s.secret->default_mode) s.secret->default_mode = kDefaultVolumeMode;
  if (s.iscsi && s.iscsi->iscsi_interface.empty()) s.iscsi->iscsi_interface = "default";
  if (s.rbd) DefaultRbd(*s.rbd);
  if (s.downward_api) {
    if (!s.downward_api->default_mode) s.downward_api->default_mode = kDefaultVolumeMode;
    for (auto& item : s.downward_api->items) {
      if (item.field_ref) DefaultFieldRef(*item.field_ref);
    }
  }
  if (s.config_map && !s.config_map->default_mode) s.config_map->default_mode = kDefaultVolumeMode;
  if (s.azure_disk) DefaultAzureDisk(*s.azure_disk);
  if (s.projected) {
    if (!s.projected->default_mode) s.projected->default_mode = kDefaultVolumeMode;
    for (auto& src : s.projected->sources) {
      if (src.downward_api) {
        for (auto& item : src.downward_api->items) {
          if (item.field_ref) DefaultFieldRef(*item.field_ref);
        }
      }
      if (src.service_account_token && !src.service_account_token->expiration_seconds) {
        src.service_account_token->expiration_seconds = 3600;
      }
    }
  }
  if (s.scale_io) DefaultScaleIo(*s.scale_io);
  if (s.ephemeral && s.ephemeral->volume_claim_template) {
    DefaultPvcSpec(s.ephemeral->volume_claim_template->spec);
  }
}

void DefaultPersistentVolumeSource(core::PersistentVolumeSource& s) {
  if (s.host_path) DefaultHostPath(*s.host_path);
  if (s.rbd) DefaultRbd(*s.rbd);
  if (s.iscsi && s.iscsi->iscsi_interface.empty()) s.iscsi->iscsi_interface = "default";
  if (s.azure_disk) DefaultAzureDisk(*s.azure_disk);
  if (s.scale_io) DefaultScaleIo(*s.scale_io);
}

void CopyMissing(const std::map<std::string, api::Quantity>& from,
                 std::map<std::string, api::Quantity>& to) {
  for (const auto& [k, v] : from) to.try_emplace(k, v);
}

// SetDefaults_Pod (before SetDefaults_PodSpec, as the generated walk calls them).
void DefaultPodOnly(core::Pod& pod) {
  auto& spec = pod.spec;
  if (spec.termination_grace_period_seconds && *spec.termination_grace_period_seconds < 0) {
    spec.termination_grace_period_seconds = 1;
  }
  for (auto* list : {&spec.containers, &spec.init_containers}) {
    for (auto& c : *list) CopyMissing(c.resources.limits, c.resources.requests);
  }
  if (!spec.enable_service_links) spec.enable_service_links = true;
  if (spec.host_network) {
    for (auto* list : {&spec.containers, &spec.init_containers}) {
      for (auto& c : *list) {
        for (auto& p : c.ports) {
          if (p.host_port == 0) p.host_port = p.container_port;
        }
      }
    }
  }
}

void DefaultPodStatus(core::PodStatus& st) {
  bool has_ip = !st.pod_ip.empty();
  bool has_ips = !st.pod_ips.empty();
  if (has_ip && (!has_ips || st.pod_ips[0].ip != st.pod_ip)) {
    st.pod_ips = {core::PodIP{}};
    st.pod_ips[0].ip = st.pod_ip;
  } else if (!has_ip && has_ips) {
    st.pod_ip = st.pod_ips[0].ip;
  }
  for (auto* list : {&st.init_container_statuses, &st.container_statuses,
                     &st.ephemeral_container_statuses}) {
    for (auto& cs : *list) {
      DefaultResourceList(cs.allocated_resources);
      if (cs.resources) {
        DefaultResourceList(cs.resources->limits);
        DefaultResourceList(cs.resources->requests);
      }
    }
  }
  DefaultResourceList(st.allocated_resources);
  if (st.resources) {
    DefaultResourceList(st.resources->limits);
    DefaultResourceList(st.resources->requests);
  }
}

void Pod(core::Pod& pod) {
  DefaultPodOnly(pod);
  DefaultPodSpecTree(pod.spec);
  DefaultPodStatus(pod.status);
}

void PodTemplate(core::PodTemplate& t) { DefaultPodSpecTree(t.template_.spec); }

void ReplicationController(core::ReplicationController& rc) {
  if (rc.spec.template_ && !rc.spec.template_->object_meta.labels.empty()) {
    const auto& labels = rc.spec.template_->object_meta.labels;
    if (rc.spec.selector.empty()) rc.spec.selector = labels;
    if (rc.object_meta.labels.empty()) rc.object_meta.labels = labels;
  }
  if (!rc.spec.replicas) rc.spec.replicas = 1;
  if (rc.spec.template_) DefaultPodSpecTree(rc.spec.template_->spec);
}

void Service(core::Service& svc) {
  auto& spec = svc.spec;
  if (spec.session_affinity.empty()) spec.session_affinity = "None";
  if (spec.session_affinity == "None") spec.session_affinity_config.reset();
  if (spec.session_affinity == "ClientIP") {
    auto& cfg = spec.session_affinity_config;
    if (!cfg || !cfg->client_ip || !cfg->client_ip->timeout_seconds) {
      cfg = kubecxx::Box<core::SessionAffinityConfig>(core::SessionAffinityConfig{});
      cfg->client_ip.emplace().timeout_seconds = 10800;
    }
  }
  if (spec.type.empty()) spec.type = "ClusterIP";
  for (auto& p : spec.ports) {
    if (p.protocol.empty()) p.protocol = "TCP";
    const auto& t = p.target_port;
    bool zero = t.type == 0 ? t.int_val == 0 : t.str_val.empty();
    if (zero) {
      p.target_port = {};
      p.target_port.int_val = p.port;
    }
  }
  bool externally = spec.type == "LoadBalancer" || spec.type == "NodePort" ||
                    (spec.type == "ClusterIP" && !spec.external_ips.empty());
  if (externally && spec.external_traffic_policy.empty()) spec.external_traffic_policy = "Cluster";
  if (!spec.internal_traffic_policy &&
      (spec.type == "NodePort" || spec.type == "LoadBalancer" || spec.type == "ClusterIP")) {
    spec.internal_traffic_policy = "Cluster";
  }
  if (spec.type == "LoadBalancer") {
    if (!spec.allocate_load_balancer_node_ports) spec.allocate_load_balancer_node_ports = true;
    for (auto& ing : svc.status.load_balancer.ingress) {
      if (!ing.ip.empty() && !ing.ip_mode) ing.ip_mode = "VIP";
    }
  }
}

void Namespace(core::Namespace& ns) {
  if (!ns.object_meta.name.empty()) {
    ns.object_meta.labels["kubernetes.io/metadata.name"] = ns.object_meta.name;
  }
  if (ns.status.phase.empty()) ns.status.phase = "Active";
}

void Secret(core::Secret& s) {
  // Convert_v1_Secret_To_core_Secret: stringData overwrites data and is not stored.
  for (auto& [k, v] : s.string_data) s.data[k] = kubecxx::Bytes(v.begin(), v.end());
  s.string_data.clear();
  if (s.type.empty()) s.type = "Opaque";
}

void Node(core::Node& n) {
  // Convert_v1_NodeSpec_To_core_NodeSpec and back: podCIDR is authoritative, podCIDRs[0]
  // mirrors it.
  auto& spec = n.spec;
  if (!spec.pod_cidr.empty() && (spec.pod_cidrs.empty() || spec.pod_cidrs[0] != spec.pod_cidr)) {
    spec.pod_cidrs = {spec.pod_cidr};
  }
  if (!spec.pod_cidrs.empty()) spec.pod_cidr = spec.pod_cidrs[0];
  if (n.status.allocatable.empty() && !n.status.capacity.empty()) {
    n.status.allocatable = n.status.capacity;
  }
  DefaultResourceList(n.status.capacity);
  DefaultResourceList(n.status.allocatable);
}

void PersistentVolume(core::PersistentVolume& pv) {
  if (pv.status.phase.empty()) pv.status.phase = "Pending";
  if (pv.spec.persistent_volume_reclaim_policy.empty()) {
    pv.spec.persistent_volume_reclaim_policy = "Retain";
  }
  if (!pv.spec.volume_mode) pv.spec.volume_mode = "Filesystem";
  DefaultResourceList(pv.spec.capacity);
  DefaultPersistentVolumeSource(pv.spec.persistent_volume_source);
}

void Endpoints(core::Endpoints& ep) {
  for (auto& ss : ep.subsets) {
    for (auto& p : ss.ports) {
      if (p.protocol.empty()) p.protocol = "TCP";
    }
  }
}

void LimitRange(core::LimitRange& lr) {
  for (auto& item : lr.spec.limits) {
    if (item.type == "Container") {
      CopyMissing(item.max, item.default_);
      CopyMissing(item.default_, item.default_request);
      CopyMissing(item.min, item.default_request);
    }
    for (auto* list : {&item.max, &item.min, &item.default_, &item.default_request,
                       &item.max_limit_request_ratio}) {
      DefaultResourceList(*list);
    }
  }
}

void ResourceQuota(core::ResourceQuota& q) {
  DefaultResourceList(q.spec.hard);
  DefaultResourceList(q.status.hard);
  DefaultResourceList(q.status.used);
}

void PersistentVolumeClaimKind(core::PersistentVolumeClaim& pvc) {
  DefaultPersistentVolumeClaim(pvc);
}

constexpr Entry kEntries[] = {
    {"", "v1", "Pod", &Apply<core::Pod, Pod>},
    {"", "v1", "PodTemplate", &Apply<core::PodTemplate, PodTemplate>},
    {"", "v1", "ReplicationController",
     &Apply<core::ReplicationController, ReplicationController>},
    {"", "v1", "Service", &Apply<core::Service, Service>},
    {"", "v1", "Namespace", &Apply<core::Namespace, Namespace>},
    {"", "v1", "Secret", &Apply<core::Secret, Secret>},
    {"", "v1", "Node", &Apply<core::Node, Node>},
    {"", "v1", "PersistentVolume", &Apply<core::PersistentVolume, PersistentVolume>},
    {"", "v1", "PersistentVolumeClaim",
     &Apply<core::PersistentVolumeClaim, PersistentVolumeClaimKind>},
    {"", "v1", "Endpoints", &Apply<core::Endpoints, Endpoints>},
    {"", "v1", "LimitRange", &Apply<core::LimitRange, LimitRange>},
    {"", "v1", "ResourceQuota", &Apply<core::ResourceQuota, ResourceQuota>},
};

}  // namespace

void DefaultResourceList(std::map<std::string, api::Quantity>& list) {
  constexpr int64_t kLimit = 9'000'000'000'000'000;  // MilliValue() stays exact below
  for (auto& [name, q] : list) {
    if (q.CmpInt64(kLimit / 1000) >= 0 || q.CmpInt64(-kLimit / 1000) <= 0) continue;
    api::Quantity rounded = api::Quantity::FromMilli(q.MilliValue(), q.format());
    if (rounded.Cmp(q) != 0) q = rounded;
  }
}

void DefaultPodSpecTree(core::PodSpec& spec) {
  if (spec.service_account_name.empty()) {
    spec.service_account_name = spec.deprecated_service_account;
  }
  spec.deprecated_service_account = spec.service_account_name;
  if (spec.dns_policy.empty()) spec.dns_policy = "ClusterFirst";
  if (spec.restart_policy.empty()) spec.restart_policy = "Always";
  if (!spec.security_context) spec.security_context.emplace();
  if (!spec.termination_grace_period_seconds) spec.termination_grace_period_seconds = 30;
  if (spec.scheduler_name.empty()) spec.scheduler_name = "default-scheduler";
  for (auto& v : spec.volumes) DefaultVolume(v);
  for (auto& c : spec.init_containers) DefaultContainer(c);
  for (auto& c : spec.containers) DefaultContainer(c);
  for (auto& c : spec.ephemeral_containers) DefaultContainer(c.ephemeral_container_common);
  DefaultResourceList(spec.overhead);
  if (spec.resources) {
    DefaultResourceList(spec.resources->limits);
    DefaultResourceList(spec.resources->requests);
  }
}

void DefaultPersistentVolumeClaim(core::PersistentVolumeClaim& pvc) {
  if (pvc.status.phase.empty()) pvc.status.phase = "Pending";
  DefaultPvcSpec(pvc.spec);
  DefaultResourceList(pvc.status.capacity);
  DefaultResourceList(pvc.status.allocated_resources);
}

std::span<const Entry> CoreEntries() { return kEntries; }

}  // namespace kubecxx::apiserver::defaults::internal
