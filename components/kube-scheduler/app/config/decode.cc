#include "components/kube-scheduler/app/config/decode.h"

#include <set>
#include <string>
#include <vector>

#include "components/kube-scheduler/app/config/json_decoder.h"
#include "components/kube-scheduler/app/config/yaml_strict.h"
#include "kubecxx/api/core/v1/types.h"
#include "lib/codec/model_codec.h"
#include "lib/codec/yaml.h"

namespace kubecxx::scheduler::config {
namespace {

using D = GoJsonDecoder;

#define KUBECXX_FIELD(json_name, ...)       \
  if (k == json_name) {                     \
    d.Field(json_name, [&] { __VA_ARGS__; }); \
    return true;                            \
  }

const std::string kSchemeName = "pkg/runtime/scheme.go:111";

std::string NotRegistered(std::string_view kind, std::string_view version) {
  return "no kind \"" + std::string(kind) + "\" is registered for version \"" +
         std::string(version) + "\" in scheme \"" + kSchemeName + "\"";
}

bool TypeMetaField(D& d, std::string_view k) {
  std::string ignored;
  KUBECXX_FIELD("apiVersion", d.String(&ignored));
  KUBECXX_FIELD("kind", d.String(&ignored));
  return false;
}

// ---- plugin args ----

void ReadResourceSpecs(D& d, std::vector<ResourceSpec>* out) {
  if (d.TakeNull()) {
    out->clear();
    return;
  }
  std::vector<ResourceSpec> v;
  d.Array("[]v1.ResourceSpec", [&](size_t) {
    ResourceSpec& r = v.emplace_back();
    d.Struct("ResourceSpec", "v1.ResourceSpec", [&](std::string_view k) {
      KUBECXX_FIELD("name", d.String(&r.name));
      KUBECXX_FIELD("weight", d.Int64(&r.weight));
      return false;
    });
  });
  *out = std::move(v);
}

void ReadShape(D& d, std::vector<UtilizationShapePoint>* out) {
  std::vector<UtilizationShapePoint> v;
  d.Array("[]v1.UtilizationShapePoint", [&](size_t) {
    UtilizationShapePoint& p = v.emplace_back();
    d.Struct("UtilizationShapePoint", "v1.UtilizationShapePoint", [&](std::string_view k) {
      KUBECXX_FIELD("utilization", d.Int32(&p.utilization));
      KUBECXX_FIELD("score", d.Int32(&p.score));
      return false;
    });
  });
  *out = std::move(v);
}

template <typename T>
void ReadModel(D& d, T* out) {
  using codec::ReadJson;
  ReadJson(d.reader(), *out);
}

bool ReadArgsFields(D& d, std::string_view k, DefaultPreemptionArgs& a) {
  KUBECXX_FIELD("minCandidateNodesPercentage",
                d.Optional(&a.min_candidate_nodes_percentage, [&](int32_t* v) { d.Int32(v); }));
  KUBECXX_FIELD("minCandidateNodesAbsolute",
                d.Optional(&a.min_candidate_nodes_absolute, [&](int32_t* v) { d.Int32(v); }));
  return false;
}

bool ReadArgsFields(D& d, std::string_view k, InterPodAffinityArgs& a) {
  KUBECXX_FIELD("hardPodAffinityWeight",
                d.Optional(&a.hard_pod_affinity_weight, [&](int32_t* v) { d.Int32(v); }));
  KUBECXX_FIELD("ignorePreferredTermsOfExistingPods",
                d.Bool(&a.ignore_preferred_terms_of_existing_pods));
  return false;
}

bool ReadArgsFields(D& d, std::string_view k, NodeResourcesFitArgs& a) {
  KUBECXX_FIELD("ignoredResources", d.StringList(&a.ignored_resources));
  KUBECXX_FIELD("ignoredResourceGroups", d.StringList(&a.ignored_resource_groups));
  KUBECXX_FIELD("scoringStrategy", d.Optional(&a.scoring_strategy, [&](ScoringStrategy* s) {
    d.Struct("ScoringStrategy", "v1.ScoringStrategy", [&](std::string_view k) {
      KUBECXX_FIELD("type", d.String(&s->type));
      KUBECXX_FIELD("resources", ReadResourceSpecs(d, &s->resources));
      KUBECXX_FIELD("requestedToCapacityRatio",
                    d.Optional(&s->requested_to_capacity_ratio,
                               [&](RequestedToCapacityRatioParam* p) {
                                 d.Struct("RequestedToCapacityRatioParam",
                                          "v1.RequestedToCapacityRatioParam",
                                          [&](std::string_view k) {
                                            KUBECXX_FIELD("shape", ReadShape(d, &p->shape));
                                            return false;
                                          });
                               }));
      return false;
    });
  }));
  return false;
}

bool ReadArgsFields(D& d, std::string_view k, PodTopologySpreadArgs& a) {
  KUBECXX_FIELD("defaultConstraints", ReadModel(d, &a.default_constraints));
  KUBECXX_FIELD("defaultingType", d.String(&a.defaulting_type));
  return false;
}

bool ReadArgsFields(D& d, std::string_view k, NodeResourcesBalancedAllocationArgs& a) {
  KUBECXX_FIELD("resources", ReadResourceSpecs(d, &a.resources));
  return false;
}

bool ReadArgsFields(D& d, std::string_view k, VolumeBindingArgs& a) {
  KUBECXX_FIELD("bindTimeoutSeconds",
                d.Optional(&a.bind_timeout_seconds, [&](int64_t* v) { d.Int64(v); }));
  KUBECXX_FIELD("shape", d.Optional(&a.shape, [&](std::vector<UtilizationShapePoint>* v) {
    ReadShape(d, v);
  }));
  return false;
}

bool ReadArgsFields(D& d, std::string_view k, NodeAffinityArgs& a) {
  KUBECXX_FIELD("addedAffinity", d.Optional(&a.added_affinity, [&](api::core::v1::NodeAffinity* v) {
    ReadModel(d, v);
  }));
  return false;
}

bool ReadArgsFields(D& d, std::string_view k, DynamicResourcesArgs& a) {
  KUBECXX_FIELD("filterTimeout",
                d.Optional(&a.filter_timeout, [&](int64_t* v) { d.Duration(v); }));
  KUBECXX_FIELD("bindingTimeout",
                d.Optional(&a.binding_timeout, [&](int64_t* v) { d.Duration(v); }));
  return false;
}

template <typename Args>
StatusOr<PluginArgs> DecodeArgsAs(std::string_view kind, std::string_view json, bool* strict) {
  Args args;
  D d(json);
  std::string struct_name(kind);
  d.Struct(struct_name, "v1." + struct_name, [&](std::string_view k) {
    return TypeMetaField(d, k) || ReadArgsFields(d, k, args);
  });
  KUBECXX_RETURN_IF_ERROR(d.Finish());
  if (!d.strict_errors().empty()) {
    *strict = true;
    std::string msg = "strict decoding error: ";
    for (size_t i = 0; i < d.strict_errors().size(); ++i) {
      if (i > 0) msg += ", ";
      msg += d.strict_errors()[i];
    }
    return Status::Invalid(msg);
  }
  return PluginArgs(std::move(args));
}

StatusOr<PluginArgs> DecodeArgsOfKind(std::string_view kind, std::string_view json,
                                      bool* strict) {
  if (kind == "DefaultPreemptionArgs") return DecodeArgsAs<DefaultPreemptionArgs>(kind, json,
      strict);
  if (kind == "InterPodAffinityArgs") return DecodeArgsAs<InterPodAffinityArgs>(kind, json, strict);
  if (kind == "NodeResourcesFitArgs") return DecodeArgsAs<NodeResourcesFitArgs>(kind, json, strict);
  if (kind == "PodTopologySpreadArgs") return DecodeArgsAs<PodTopologySpreadArgs>(kind, json,
      strict);
  if (kind == "NodeResourcesBalancedAllocationArgs") {
    return DecodeArgsAs<NodeResourcesBalancedAllocationArgs>(kind, json, strict);
  }
  if (kind == "VolumeBindingArgs") return DecodeArgsAs<VolumeBindingArgs>(kind, json, strict);
  if (kind == "NodeAffinityArgs") return DecodeArgsAs<NodeAffinityArgs>(kind, json, strict);
  if (kind == "DynamicResourcesArgs") return DecodeArgsAs<DynamicResourcesArgs>(kind, json, strict);
  return Status::Invalid(NotRegistered(kind, kGroupVersion));
}

bool IsRegisteredArgsKind(std::string_view kind) {
  static const std::set<std::string, std::less<>> kinds = {
      "DefaultPreemptionArgs", "InterPodAffinityArgs", "NodeResourcesFitArgs",
      "PodTopologySpreadArgs", "NodeResourcesBalancedAllocationArgs", "VolumeBindingArgs",
      "NodeAffinityArgs",      "DynamicResourcesArgs"};
  return kinds.count(kind) > 0;
}

// The apiVersion and kind of a JSON object (runtime's SimpleMetaFactory.Interpret).
Status InterpretTypeMeta(std::string_view json, std::string* api_version, std::string* kind) {
  codec::JsonReader r(json);
  codec::JsonType t = r.Peek();
  if (t == codec::JsonType::kNull) return Status::Ok();
  if (t != codec::JsonType::kObject) {
    return Status::Invalid(
        "couldn't get version/kind; json parse error: json: cannot unmarshal " +
        std::string(GoJsonKind(t)) +
        " into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; "
        "Kind string \"json:\\\"kind,omitempty\\\"\" }");
  }
  r.BeginObject();
  std::string_view key;
  while (r.NextKey(&key)) {
    if (key == "apiVersion" || key == "kind") {
      std::string* out = key == "apiVersion" ? api_version : kind;
      std::string field(key);
      codec::JsonType vt = r.Peek();
      if (vt == codec::JsonType::kString) {
        r.ReadString(out);
        continue;
      }
      if (vt != codec::JsonType::kNull && vt != codec::JsonType::kInvalid) {
        // The anonymous struct of the meta factory: no type name before the field.
        return Status::Invalid("couldn't get version/kind; json parse error: json: cannot "
                               "unmarshal " + std::string(GoJsonKind(vt)) +
                               " into Go struct field ." + field + " of type string");
      }
    }
    if (!r.Skip()) break;
  }
  return Status::Ok();
}

// ---- KubeSchedulerConfiguration ----

void ReadPluginList(D& d, std::vector<Plugin>* out) {
  if (d.TakeNull()) {
    out->clear();
    return;
  }
  std::vector<Plugin> v;
  d.Array("[]v1.Plugin", [&](size_t) {
    Plugin& p = v.emplace_back();
    d.Struct("Plugin", "v1.Plugin", [&](std::string_view k) {
      KUBECXX_FIELD("name", d.String(&p.name));
      KUBECXX_FIELD("weight", d.Optional(&p.weight, [&](int32_t* w) { d.Int32(w); }));
      return false;
    });
  });
  *out = std::move(v);
}

void ReadPlugins(D& d, Plugins* plugins) {
  d.Struct("Plugins", "v1.Plugins", [&](std::string_view k) {
    for (size_t e = 0; e < kExtensionPoints.size(); ++e) {
      if (k != kExtensionPoints[e]) continue;
      PluginSet& set = plugins->sets[e];
      d.Field(kExtensionPoints[e], [&] {
        d.Struct("PluginSet", "v1.PluginSet", [&](std::string_view k) {
          KUBECXX_FIELD("enabled", ReadPluginList(d, &set.enabled));
          KUBECXX_FIELD("disabled", ReadPluginList(d, &set.disabled));
          return false;
        });
      });
      return true;
    }
    return false;
  });
}

void ReadProfile(D& d, KubeSchedulerProfile* p, std::vector<std::string>* raw_args) {
  d.Struct("KubeSchedulerProfile", "v1.KubeSchedulerProfile", [&](std::string_view k) {
    KUBECXX_FIELD("schedulerName",
                  d.Optional(&p->scheduler_name, [&](std::string* v) { d.String(v); }));
    KUBECXX_FIELD("percentageOfNodesToScore", d.Optional(&p->percentage_of_nodes_to_score,
                                                         [&](int32_t* v) { d.Int32(v); }));
    KUBECXX_FIELD("plugins", d.Optional(&p->plugins, [&](Plugins* v) { ReadPlugins(d, v); }));
    KUBECXX_FIELD("pluginConfig", {
      p->plugin_config.clear();
      raw_args->clear();
      d.Array("[]v1.PluginConfig", [&](size_t) {
        PluginConfig& pc = p->plugin_config.emplace_back();
        std::string& raw = raw_args->emplace_back();
        d.Struct("PluginConfig", "v1.PluginConfig", [&](std::string_view k) {
          KUBECXX_FIELD("name", d.String(&pc.name));
          KUBECXX_FIELD("args", d.Raw(&raw));
          return false;
        });
      });
    });
    return false;
  });
}

void ReadExtender(D& d, Extender* e) {
  d.Struct("Extender", "v1.Extender", [&](std::string_view k) {
    KUBECXX_FIELD("urlPrefix", d.String(&e->url_prefix));
    KUBECXX_FIELD("filterVerb", d.String(&e->filter_verb));
    KUBECXX_FIELD("preemptVerb", d.String(&e->preempt_verb));
    KUBECXX_FIELD("prioritizeVerb", d.String(&e->prioritize_verb));
    KUBECXX_FIELD("weight", d.Int64(&e->weight));
    KUBECXX_FIELD("bindVerb", d.String(&e->bind_verb));
    KUBECXX_FIELD("enableHTTPS", d.Bool(&e->enable_https));
    KUBECXX_FIELD("tlsConfig", d.Optional(&e->tls_config, [&](ExtenderTLSConfig* t) {
      d.Struct("ExtenderTLSConfig", "v1.ExtenderTLSConfig", [&](std::string_view k) {
        KUBECXX_FIELD("insecure", d.Bool(&t->insecure));
        KUBECXX_FIELD("serverName", d.String(&t->server_name));
        KUBECXX_FIELD("certFile", d.String(&t->cert_file));
        KUBECXX_FIELD("keyFile", d.String(&t->key_file));
        KUBECXX_FIELD("caFile", d.String(&t->ca_file));
        KUBECXX_FIELD("certData", d.Base64(&t->cert_data));
        KUBECXX_FIELD("keyData", d.Base64(&t->key_data));
        KUBECXX_FIELD("caData", d.Base64(&t->ca_data));
        return false;
      });
    }));
    KUBECXX_FIELD("httpTimeout", d.Duration(&e->http_timeout));
    KUBECXX_FIELD("nodeCacheCapable", d.Bool(&e->node_cache_capable));
    KUBECXX_FIELD("managedResources", {
      e->managed_resources.clear();
      d.Array("[]v1.ExtenderManagedResource", [&](size_t) {
        ExtenderManagedResource& m = e->managed_resources.emplace_back();
        d.Struct("ExtenderManagedResource", "v1.ExtenderManagedResource",
                 [&](std::string_view k) {
                   KUBECXX_FIELD("name", d.String(&m.name));
                   KUBECXX_FIELD("ignoredByScheduler", d.Bool(&m.ignored_by_scheduler));
                   return false;
                 });
      });
    });
    KUBECXX_FIELD("ignorable", d.Bool(&e->ignorable));
    return false;
  });
}

void ReadConfig(D& d, KubeSchedulerConfiguration* c,
                std::vector<std::vector<std::string>>* raw_args) {
  d.Struct("KubeSchedulerConfiguration", "v1.KubeSchedulerConfiguration", [&](std::string_view k) {
    KUBECXX_FIELD("apiVersion", d.String(&c->api_version));
    KUBECXX_FIELD("kind", d.String(&c->kind));
    KUBECXX_FIELD("parallelism", d.Optional(&c->parallelism, [&](int32_t* v) { d.Int32(v); }));
    KUBECXX_FIELD("leaderElection", {
      LeaderElectionConfiguration& le = c->leader_election;
      d.Struct("LeaderElectionConfiguration", "v1alpha1.LeaderElectionConfiguration",
               [&](std::string_view k) {
                 KUBECXX_FIELD("leaderElect",
                               d.Optional(&le.leader_elect, [&](bool* v) { d.Bool(v); }));
                 KUBECXX_FIELD("leaseDuration", d.Duration(&le.lease_duration));
                 KUBECXX_FIELD("renewDeadline", d.Duration(&le.renew_deadline));
                 KUBECXX_FIELD("retryPeriod", d.Duration(&le.retry_period));
                 KUBECXX_FIELD("resourceLock", d.String(&le.resource_lock));
                 KUBECXX_FIELD("resourceName", d.String(&le.resource_name));
                 KUBECXX_FIELD("resourceNamespace", d.String(&le.resource_namespace));
                 return false;
               });
    });
    KUBECXX_FIELD("clientConnection", {
      ClientConnectionConfiguration& cc = c->client_connection;
      d.Struct("ClientConnectionConfiguration", "v1alpha1.ClientConnectionConfiguration",
               [&](std::string_view k) {
                 KUBECXX_FIELD("kubeconfig", d.String(&cc.kubeconfig));
                 KUBECXX_FIELD("acceptContentTypes", d.String(&cc.accept_content_types));
                 KUBECXX_FIELD("contentType", d.String(&cc.content_type));
                 KUBECXX_FIELD("qps", d.Float32(&cc.qps));
                 KUBECXX_FIELD("burst", d.Int32(&cc.burst));
                 return false;
               });
    });
    KUBECXX_FIELD("enableProfiling",
                  d.Optional(&c->enable_profiling, [&](bool* v) { d.Bool(v); }));
    KUBECXX_FIELD("enableContentionProfiling",
                  d.Optional(&c->enable_contention_profiling, [&](bool* v) { d.Bool(v); }));
    KUBECXX_FIELD("percentageOfNodesToScore", d.Optional(&c->percentage_of_nodes_to_score,
                                                         [&](int32_t* v) { d.Int32(v); }));
    KUBECXX_FIELD("podInitialBackoffSeconds", d.Optional(&c->pod_initial_backoff_seconds,
                                                         [&](int64_t* v) { d.Int64(v); }));
    KUBECXX_FIELD("podMaxBackoffSeconds",
                  d.Optional(&c->pod_max_backoff_seconds, [&](int64_t* v) { d.Int64(v); }));
    KUBECXX_FIELD("profiles", {
      c->profiles.clear();
      raw_args->clear();
      d.Array("[]v1.KubeSchedulerProfile", [&](size_t) {
        ReadProfile(d, &c->profiles.emplace_back(), &raw_args->emplace_back());
      });
    });
    KUBECXX_FIELD("extenders", {
      c->extenders.clear();
      d.Array("[]v1.Extender", [&](size_t) { ReadExtender(d, &c->extenders.emplace_back()); });
    });
    KUBECXX_FIELD("delayCacheUntilActive", d.Bool(&c->delay_cache_until_active));
    return false;
  });
}

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r')) {
    s.remove_prefix(1);
  }
  return s;
}

}  // namespace

StatusOr<PluginArgs> DecodePluginArgs(std::string_view plugin, std::string_view raw_json,
                                      bool* strict) {
  *strict = false;
  std::string expected = std::string(plugin) + "Args";
  if (!IsRegisteredArgsKind(expected)) {
    if (raw_json.empty()) return PluginArgs();
    return PluginArgs(UnknownArgs{std::string(raw_json)});
  }
  std::string json = raw_json.empty() ? "{}" : std::string(raw_json);
  std::string api_version, kind;
  Status meta = InterpretTypeMeta(json, &api_version, &kind);
  auto wrap = [&](const Status& s) {
    return Status::Invalid("decoding args for plugin " + std::string(plugin) + ": " + s.message());
  };
  if (!meta.ok()) return wrap(meta);
  if (api_version.empty()) api_version = kGroupVersion;
  if (kind.empty()) kind = expected;
  if (api_version != kGroupVersion || !IsRegisteredArgsKind(kind)) {
    return wrap(Status::Invalid(NotRegistered(kind, api_version)));
  }
  auto args = DecodeArgsOfKind(kind, json, strict);
  if (!args.ok()) {
    if (*strict) {
      return Status::Invalid("strict decoding error: decoding args for plugin " +
                             std::string(plugin) + ": " + args.status().message());
    }
    return wrap(args.status());
  }
  if (kind != expected) {
    *strict = false;
    return Status::Invalid("args for plugin " + std::string(plugin) + " were not of type " +
                           expected + ".kubescheduler.config.k8s.io, got " + kind +
                           ".kubescheduler.config.k8s.io");
  }
  return args;
}

StatusOr<KubeSchedulerConfiguration> DecodeConfig(std::string_view data) {
  std::string json;
  bool is_yaml = false;
  if (std::string_view t = TrimLeft(data); !t.empty() && t[0] == '{') {
    json = std::string(data);
  } else {
    auto converted = codec::YamlToJson(data);
    if (!converted.ok()) return converted.status();
    json = std::move(converted).value();
    is_yaml = true;
  }
  std::string api_version, kind;
  KUBECXX_RETURN_IF_ERROR(InterpretTypeMeta(json, &api_version, &kind));
  if (kind.empty()) {
    return Status::Invalid("Object 'Kind' is missing in '" + std::string(data) + "'");
  }
  if (api_version.empty()) {
    return Status::Invalid("Object 'apiVersion' is missing in '" + std::string(data) + "'");
  }
  if (api_version != kGroupVersion || (kind != kKind && !IsRegisteredArgsKind(kind))) {
    return Status::Invalid(NotRegistered(kind, api_version));
  }
  if (kind != kKind) {
    return Status::Invalid("couldn't decode as KubeSchedulerConfiguration, got " + api_version +
                           ", Kind=" + kind + ": ");
  }

  KubeSchedulerConfiguration cfg;
  std::vector<std::vector<std::string>> raw_args;
  D d(json);
  ReadConfig(d, &cfg, &raw_args);
  KUBECXX_RETURN_IF_ERROR(d.Finish());
  // The YAML serializer's strict pass (duplicate keys) comes first in the strict list.
  std::vector<std::string> strict_errors;
  if (is_yaml) {
    if (std::string dup = DuplicateYamlKeys(data); !dup.empty()) strict_errors.push_back(dup);
  }
  strict_errors.insert(strict_errors.end(), d.strict_errors().begin(), d.strict_errors().end());

  std::vector<std::string> nested;
  for (size_t i = 0; i < cfg.profiles.size(); ++i) {
    auto& prof = cfg.profiles[i];
    for (size_t j = 0; j < prof.plugin_config.size(); ++j) {
      bool strict = false;
      auto args = DecodePluginArgs(prof.plugin_config[j].name,
                                   j < raw_args[i].size() ? raw_args[i][j] : "", &strict);
      std::string where =
          "decoding .profiles[" + std::to_string(i) + "].pluginConfig[" + std::to_string(j) + "]: ";
      if (!args.ok()) {
        if (!strict) return Status::Invalid(where + args.status().message());
        nested.push_back(where + args.status().message());
        continue;
      }
      prof.plugin_config[j].args = std::move(args).value();
    }
  }
  // DecodeNestedObjects' strict errors join the codec's list one by one.
  strict_errors.insert(strict_errors.end(), nested.begin(), nested.end());
  if (!strict_errors.empty()) {
    std::string msg = "strict decoding error: ";
    for (size_t i = 0; i < strict_errors.size(); ++i) {
      if (i > 0) msg += ", ";
      msg += strict_errors[i];
    }
    return Status::Invalid(msg);
  }
  return cfg;
}

}  // namespace kubecxx::scheduler::config
