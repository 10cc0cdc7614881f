#include "components/kube-scheduler/app/config/encode.h"

#include <charconv>
#include <cmath>

#include "lib/api/time.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/model_codec.h"
#include "lib/codec/yaml.h"

namespace kubecxx::scheduler::config {
namespace {

using codec::JsonWriter;

// encoding/json's float32: shortest digits, 'f' form unless tiny or huge.
std::string Float32Json(float v) {
  char buf[64];
  double a = std::fabs(static_cast<double>(v));
  auto fmt = (a != 0 && (a < 1e-6 || a >= 1e21)) ? std::chars_format::scientific
                                                 : std::chars_format::fixed;
  auto res = std::to_chars(buf, buf + sizeof(buf), v, fmt);
  std::string s(buf, res.ptr);
  if (fmt == std::chars_format::scientific) {
    // Go writes e-07 as e-7.
    size_t e = s.find('e');
    if (e != std::string::npos && e + 2 < s.size() && s[e + 2] == '0') s.erase(e + 2, 1);
  }
  return s;
}

void Duration(JsonWriter& w, std::string_view key, int64_t nanos) {
  w.Key(key);
  w.String(api::FormatGoDuration(nanos));
}

void ResourceSpecs(JsonWriter& w, const std::vector<ResourceSpec>& v) {
  w.BeginArray();
  for (const auto& r : v) {
    w.BeginObject();
    w.Key("name");
    w.String(r.name);
    if (r.weight != 0) {
      w.Key("weight");
      w.Int(r.weight);
    }
    w.EndObject();
  }
  w.EndArray();
}

void Shape(JsonWriter& w, const std::vector<UtilizationShapePoint>& v) {
  w.BeginArray();
  for (const auto& p : v) {
    w.BeginObject();
    w.Key("utilization");
    w.Int(p.utilization);
    w.Key("score");
    w.Int(p.score);
    w.EndObject();
  }
  w.EndArray();
}

void Strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& v) {
  if (v.empty()) return;
  w.Key(key);
  w.BeginArray();
  for (const auto& s : v) w.String(s);
  w.EndArray();
}

void TypeMeta(JsonWriter& w, std::string_view kind) {
  w.Key("apiVersion");
  w.String(kGroupVersion);
  w.Key("kind");
  w.String(kind);
}

// Internal args converted to v1: internal scalars become set pointers.
struct ArgsWriter {
  JsonWriter& w;
  void operator()(const std::monostate&) { w.Null(); }
  void operator()(const UnknownArgs& a) { w.RawValue(a.json); }
  void operator()(const DefaultPreemptionArgs& a) {
    w.BeginObject();
    TypeMeta(w, "DefaultPreemptionArgs");
    w.Key("minCandidateNodesPercentage");
    w.Int(a.min_candidate_nodes_percentage.value_or(0));
    w.Key("minCandidateNodesAbsolute");
    w.Int(a.min_candidate_nodes_absolute.value_or(0));
    w.EndObject();
  }
  void operator()(const InterPodAffinityArgs& a) {
    w.BeginObject();
    TypeMeta(w, "InterPodAffinityArgs");
    w.Key("hardPodAffinityWeight");
    w.Int(a.hard_pod_affinity_weight.value_or(0));
    w.Key("ignorePreferredTermsOfExistingPods");
    w.Bool(a.ignore_preferred_terms_of_existing_pods);
    w.EndObject();
  }
  void operator()(const NodeResourcesFitArgs& a) {
    w.BeginObject();
    TypeMeta(w, "NodeResourcesFitArgs");
    Strings(w, "ignoredResources", a.ignored_resources);
    Strings(w, "ignoredResourceGroups", a.ignored_resource_groups);
    if (a.scoring_strategy) {
      const ScoringStrategy& s = *a.scoring_strategy;
      w.Key("scoringStrategy");
      w.BeginObject();
      if (!s.type.empty()) {
        w.Key("type");
        w.String(s.type);
      }
      if (!s.resources.empty()) {
        w.Key("resources");
        ResourceSpecs(w, s.resources);
      }
      if (s.requested_to_capacity_ratio) {
        w.Key("requestedToCapacityRatio");
        w.BeginObject();
        if (!s.requested_to_capacity_ratio->shape.empty()) {
          w.Key("shape");
          Shape(w, s.requested_to_capacity_ratio->shape);
        }
        w.EndObject();
      }
      w.EndObject();
    }
    w.EndObject();
  }
  void operator()(const PodTopologySpreadArgs& a) {
    w.BeginObject();
    TypeMeta(w, "PodTopologySpreadArgs");
    if (!a.default_constraints.empty()) {
      w.Key("defaultConstraints");
      using codec::WriteJson;
      WriteJson(w, a.default_constraints);
    }
    if (!a.defaulting_type.empty()) {
      w.Key("defaultingType");
      w.String(a.defaulting_type);
    }
    w.EndObject();
  }
  void operator()(const NodeResourcesBalancedAllocationArgs& a) {
    w.BeginObject();
    TypeMeta(w, "NodeResourcesBalancedAllocationArgs");
    if (!a.resources.empty()) {
      w.Key("resources");
      ResourceSpecs(w, a.resources);
    }
    w.EndObject();
  }
  void operator()(const VolumeBindingArgs& a) {
    w.BeginObject();
    TypeMeta(w, "VolumeBindingArgs");
    w.Key("bindTimeoutSeconds");
    w.Int(a.bind_timeout_seconds.value_or(0));
    if (a.shape && !a.shape->empty()) {
      w.Key("shape");
      Shape(w, *a.shape);
    }
    w.EndObject();
  }
  void operator()(const NodeAffinityArgs& a) {
    w.BeginObject();
    TypeMeta(w, "NodeAffinityArgs");
    if (a.added_affinity) {
      w.Key("addedAffinity");
      using codec::WriteJson;
      WriteJson(w, *a.added_affinity);
    }
    w.EndObject();
  }
  void operator()(const DynamicResourcesArgs& a) {
    w.BeginObject();
    TypeMeta(w, "DynamicResourcesArgs");
    w.Key("filterTimeout");
    if (a.filter_timeout) {
      w.String(api::FormatGoDuration(*a.filter_timeout));
    } else {
      w.Null();
    }
    if (a.binding_timeout) Duration(w, "bindingTimeout", *a.binding_timeout);
    w.EndObject();
  }
};

void PluginList(JsonWriter& w, std::string_view key, const std::vector<Plugin>& v) {
  if (v.empty()) return;
  w.Key(key);
  w.BeginArray();
  for (const auto& p : v) {
    w.BeginObject();
    w.Key("name");
    w.String(p.name);
    w.Key("weight");
    w.Int(p.weight.value_or(0));
    w.EndObject();
  }
  w.EndArray();
}

void Profile(JsonWriter& w, const KubeSchedulerProfile& p) {
  w.BeginObject();
  w.Key("schedulerName");
  w.String(p.scheduler_name.value_or(""));
  if (p.percentage_of_nodes_to_score) {
    w.Key("percentageOfNodesToScore");
    w.Int(*p.percentage_of_nodes_to_score);
  }
  if (p.plugins) {
    w.Key("plugins");
    w.BeginObject();
    for (size_t e = 0; e < kExtensionPoints.size(); ++e) {
      w.Key(kExtensionPoints[e]);
      w.BeginObject();
      PluginList(w, "enabled", p.plugins->sets[e].enabled);
      PluginList(w, "disabled", p.plugins->sets[e].disabled);
      w.EndObject();
    }
    w.EndObject();
  }
  if (!p.plugin_config.empty()) {
    w.Key("pluginConfig");
    w.BeginArray();
    for (const auto& pc : p.plugin_config) {
      w.BeginObject();
      w.Key("name");
      w.String(pc.name);
      w.Key("args");
      std::visit(ArgsWriter{w}, pc.args);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

void Extenders(JsonWriter& w, const std::vector<Extender>& v) {
  w.Key("extenders");
  w.BeginArray();
  for (const auto& e : v) {
    w.BeginObject();
    w.Key("urlPrefix");
    w.String(e.url_prefix);
    auto str = [&](std::string_view k, const std::string& s) {
      if (s.empty()) return;
      w.Key(k);
      w.String(s);
    };
    auto flag = [&](std::string_view k, bool b) {
      if (!b) return;
      w.Key(k);
      w.Bool(true);
    };
    str("filterVerb", e.filter_verb);
    str("preemptVerb", e.preempt_verb);
    str("prioritizeVerb", e.prioritize_verb);
    if (e.weight != 0) {
      w.Key("weight");
      w.Int(e.weight);
    }
    str("bindVerb", e.bind_verb);
    flag("enableHTTPS", e.enable_https);
    if (e.tls_config) {
      const ExtenderTLSConfig& t = *e.tls_config;
      w.Key("tlsConfig");
      w.BeginObject();
      flag("insecure", t.insecure);
      str("serverName", t.server_name);
      str("certFile", t.cert_file);
      str("keyFile", t.key_file);
      str("caFile", t.ca_file);
      auto bytes = [&](std::string_view k, const std::string& b) {
        if (b.empty()) return;
        w.Key(k);
        w.Base64(b);
      };
      bytes("certData", t.cert_data);
      bytes("keyData", t.key_data);
      bytes("caData", t.ca_data);
      w.EndObject();
    }
    Duration(w, "httpTimeout", e.http_timeout);  // metav1.Duration: omitempty never omits
    flag("nodeCacheCapable", e.node_cache_capable);
    if (!e.managed_resources.empty()) {
      w.Key("managedResources");
      w.BeginArray();
      for (const auto& m : e.managed_resources) {
        w.BeginObject();
        w.Key("name");
        w.String(m.name);
        flag("ignoredByScheduler", m.ignored_by_scheduler);
        w.EndObject();
      }
      w.EndArray();
    }
    flag("ignorable", e.ignorable);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string EncodeConfigJson(const KubeSchedulerConfiguration& c) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("kind");
  w.String(kKind);
  w.Key("apiVersion");
  w.String(kGroupVersion);
  w.Key("parallelism");
  w.Int(c.parallelism.value_or(0));
  const LeaderElectionConfiguration& le = c.leader_election;
  w.Key("leaderElection");
  w.BeginObject();
  w.Key("leaderElect");
  w.Bool(le.leader_elect.value_or(false));
  Duration(w, "leaseDuration", le.lease_duration);
  Duration(w, "renewDeadline", le.renew_deadline);
  Duration(w, "retryPeriod", le.retry_period);
  w.Key("resourceLock");
  w.String(le.resource_lock);
  w.Key("resourceName");
  w.String(le.resource_name);
  w.Key("resourceNamespace");
  w.String(le.resource_namespace);
  w.EndObject();
  const ClientConnectionConfiguration& cc = c.client_connection;
  w.Key("clientConnection");
  w.BeginObject();
  w.Key("kubeconfig");
  w.String(cc.kubeconfig);
  w.Key("acceptContentTypes");
  w.String(cc.accept_content_types);
  w.Key("contentType");
  w.String(cc.content_type);
  w.Key("qps");
  w.RawValue(Float32Json(cc.qps));
  w.Key("burst");
  w.Int(cc.burst);
  w.EndObject();
  w.Key("enableProfiling");
  w.Bool(c.enable_profiling.value_or(false));
  w.Key("enableContentionProfiling");
  w.Bool(c.enable_contention_profiling.value_or(false));
  w.Key("percentageOfNodesToScore");
  w.Int(c.percentage_of_nodes_to_score.value_or(0));
  w.Key("podInitialBackoffSeconds");
  w.Int(c.pod_initial_backoff_seconds.value_or(0));
  w.Key("podMaxBackoffSeconds");
  w.Int(c.pod_max_backoff_seconds.value_or(0));
  if (!c.profiles.empty()) {
    w.Key("profiles");
    w.BeginArray();
    for (const auto& p : c.profiles) Profile(w, p);
    w.EndArray();
  }
  if (!c.extenders.empty()) Extenders(w, c.extenders);
  if (c.delay_cache_until_active) {
    w.Key("delayCacheUntilActive");
    w.Bool(true);
  }
  w.EndObject();
  return out;
}

StatusOr<std::string> EncodeConfigYaml(const KubeSchedulerConfiguration& cfg) {
  return codec::JsonToYaml(EncodeConfigJson(cfg));
}

}  // namespace kubecxx::scheduler::config
