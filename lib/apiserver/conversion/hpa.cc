// autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscaler, as upstream converts through the
// internal version (pkg/apis/autoscaling/v1/conversion.go, v2/conversion.go):
//  * v1 spec.targetCPUUtilizationPercentage <-> the v2 Resource metric on cpu with an
//    averageUtilization target (the first such metric; every such metric is left out of the
//    annotation); without any metric, v1 -> v2 adds cpu at 80% (DefaultCPUUtilization);
//  * v1 status.currentCPUUtilizationPercentage <- the last cpu Resource status with an
//    averageUtilization;
//  * data v1 cannot hold rides in annotations on the v1 object: autoscaling.alpha.kubernetes.io/
//    metrics (the other metrics as v1 MetricSpecs), current-metrics (all current metrics as v1
//    MetricStatuses), conditions (v1 conditions), behavior (the INTERNAL behavior type as Go's
//    encoding/json writes it: exported Go field names, nil pointers as null). Going back they
//    are read (a value that does not parse is ignored) and every round-trip annotation, the
//    scale-up/scale-down-tolerance ones included, is dropped; v2 never carries them.
#include <cctype>

#include "kubecxx/api/autoscaling/v1/types.h"
#include "kubecxx/api/autoscaling/v2/types.h"
#include "lib/apiserver/conversion/hpa_metrics.h"
#include "lib/apiserver/conversion/pairs.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/special.h"

namespace kubecxx::apiserver::conversion::internal {
namespace {

namespace v1 = api::autoscaling::v1;
namespace v2 = api::autoscaling::v2;

constexpr std::string_view kMetricSpecs = "autoscaling.alpha.kubernetes.io/metrics";
constexpr std::string_view kMetricStatuses = "autoscaling.alpha.kubernetes.io/current-metrics";
constexpr std::string_view kConditions = "autoscaling.alpha.kubernetes.io/conditions";
constexpr std::string_view kBehavior = "autoscaling.alpha.kubernetes.io/behavior";
constexpr std::string_view kToleranceDown = "autoscaling.alpha.kubernetes.io/scale-down-tolerance";
constexpr std::string_view kToleranceUp = "autoscaling.alpha.kubernetes.io/scale-up-tolerance";
constexpr int32_t kDefaultCpuUtilization = 80;

void DropRoundTripAnnotations(std::map<std::string, std::string>& a) {
  for (std::string_view k :
       {kMetricSpecs, kBehavior, kToleranceDown, kToleranceUp, kMetricStatuses, kConditions}) {
    a.erase(std::string(k));
  }
}

bool IsCpuUtilization(const v2::MetricSpec& m) {
  return m.type == "Resource" && m.resource && m.resource->name == "cpu" &&
         m.resource->target.average_utilization.has_value();
}

template <typename T>
std::string JsonArray(const std::vector<T>& items) {
  std::string out;
  codec::JsonWriter w(&out);
  w.BeginArray();
  for (const T& item : items) WriteJson(w, item);
  w.EndArray();
  return out;
}

// encoding/json.Unmarshal of a JSON array into []T; false when it does not parse.
template <typename T>
bool ReadArray(std::string_view json, std::vector<T>* out) {
  codec::JsonReader r(json);
  out->clear();
  if (r.TryNull()) return r.ExpectEnd();
  if (!r.BeginArray()) return false;
  while (r.NextElement()) {
    T item;
    if (!ReadJson(r, item)) return false;
    out->push_back(std::move(item));
  }
  return r.ok() && r.ExpectEnd();
}

// The internal HPAScalingRules as encoding/json marshals it (no json tags).
void WriteRules(codec::JsonWriter& w, const Box<v2::HPAScalingRules>& rules) {
  if (!rules) {
    w.Null();
    return;
  }
  w.BeginObject();
  w.Key("StabilizationWindowSeconds");
  if (rules->stabilization_window_seconds) {
    w.Int(*rules->stabilization_window_seconds);
  } else {
    w.Null();
  }
  w.Key("SelectPolicy");
  if (rules->select_policy) {
    w.String(*rules->select_policy);
  } else {
    w.Null();
  }
  w.Key("Policies");
  if (rules->policies.empty()) {
    w.Null();
  } else {
    w.BeginArray();
    for (const auto& p : rules->policies) {
      w.BeginObject();
      w.Key("Type");
      w.String(p.type);
      w.Key("Value");
      w.Int(p.value);
      w.Key("PeriodSeconds");
      w.Int(p.period_seconds);
      w.EndObject();
    }
    w.EndArray();
  }
  w.Key("Tolerance");
  if (rules->tolerance) {
    WriteJson(w, *rules->tolerance);
  } else {
    w.Null();
  }
  w.EndObject();
}

std::string BehaviorJson(const v2::HorizontalPodAutoscalerBehavior& b) {
  std::string out;
  codec::JsonWriter w(&out);
  w.BeginObject();
  w.Key("ScaleUp");
  WriteRules(w, b.scale_up);
  w.Key("ScaleDown");
  WriteRules(w, b.scale_down);
  w.EndObject();
  return out;
}

// encoding/json matches field names case-insensitively and skips unknown ones.
bool KeyIs(std::string_view key, std::string_view name) {
  if (key.size() != name.size()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(key[i])) !=
        std::tolower(static_cast<unsigned char>(name[i]))) {
      return false;
    }
  }
  return true;
}

bool ReadRules(codec::JsonReader& r, Box<v2::HPAScalingRules>* out) {
  if (r.TryNull()) return true;
  if (!r.BeginObject()) return false;
  auto& rules = out->emplace();
  std::string_view key;
  while (r.NextKey(&key)) {
    if (KeyIs(key, "StabilizationWindowSeconds")) {
      if (r.TryNull()) continue;
      int32_t v = 0;
      if (!r.ReadInt32(&v)) return false;
      rules.stabilization_window_seconds = v;
    } else if (KeyIs(key, "SelectPolicy")) {
      if (r.TryNull()) continue;
      std::string v;
      if (!r.ReadString(&v)) return false;
      rules.select_policy = v;
    } else if (KeyIs(key, "Policies")) {
      if (r.TryNull()) continue;
      if (!r.BeginArray()) return false;
      while (r.NextElement()) {
        if (!r.BeginObject()) return false;
        v2::HPAScalingPolicy p;
        std::string_view k;
        while (r.NextKey(&k)) {
          bool ok = KeyIs(k, "Type")            ? r.ReadString(&p.type)
                    : KeyIs(k, "Value")         ? r.ReadInt32(&p.value)
                    : KeyIs(k, "PeriodSeconds") ? r.ReadInt32(&p.period_seconds)
                                                : r.Skip();
          if (!ok) return false;
        }
        rules.policies.push_back(std::move(p));
      }
    } else if (KeyIs(key, "Tolerance")) {
      if (r.TryNull()) continue;
      if (!ReadJson(r, rules.tolerance.emplace())) return false;
    } else if (!r.Skip()) {
      return false;
    }
  }
  return r.ok();
}

bool ReadBehavior(std::string_view json, v2::HorizontalPodAutoscalerBehavior* out) {
  codec::JsonReader r(json);
  if (r.TryNull()) return r.ExpectEnd();
  if (!r.BeginObject()) return false;
  std::string_view key;
  while (r.NextKey(&key)) {
    bool ok = KeyIs(key, "ScaleUp")     ? ReadRules(r, &out->scale_up)
              : KeyIs(key, "ScaleDown") ? ReadRules(r, &out->scale_down)
                                        : r.Skip();
    if (!ok) return false;
  }
  return r.ok() && r.ExpectEnd();
}

v1::HorizontalPodAutoscalerCondition ConditionToV1(const v2::HorizontalPodAutoscalerCondition& c) {
  return {c.type, c.status, c.last_transition_time, c.reason, c.message, c.observed_generation};
}
v2::HorizontalPodAutoscalerCondition ConditionToV2(const v1::HorizontalPodAutoscalerCondition& c) {
  return {c.type, c.status, c.last_transition_time, c.reason, c.message, c.observed_generation};
}

v2::MetricSpec CpuUtilization(int32_t percent) {
  v2::MetricSpec m;
  m.type = "Resource";
  auto& r = m.resource.emplace();
  r.name = "cpu";
  r.target.type = "Utilization";
  r.target.average_utilization = percent;
  return m;
}

}  // namespace

StatusOr<codec::Object> HpaV2ToV1(const codec::Object& in) {
  const auto* h = in.As<v2::HorizontalPodAutoscaler>();
  codec::Object out(codec::FindKind("autoscaling", "v1", "HorizontalPodAutoscaler"));
  auto* o = out.As<v1::HorizontalPodAutoscaler>();
  o->type_meta = {"HorizontalPodAutoscaler", "autoscaling/v1"};
  o->object_meta = h->object_meta;
  auto& annotations = o->object_meta.annotations;
  DropRoundTripAnnotations(annotations);

  o->spec.scale_target_ref = {h->spec.scale_target_ref.kind, h->spec.scale_target_ref.name,
                              h->spec.scale_target_ref.api_version};
  o->spec.min_replicas = h->spec.min_replicas;
  o->spec.max_replicas = h->spec.max_replicas;
  std::vector<v1::MetricSpec> others;
  for (const v2::MetricSpec& m : h->spec.metrics) {
    if (IsCpuUtilization(m)) {
      if (!o->spec.target_cpu_utilization_percentage) {
        o->spec.target_cpu_utilization_percentage = *m.resource->target.average_utilization;
      }
      continue;
    }
    others.push_back(MetricSpecToV1(m));
  }
  o->status.observed_generation = h->status.observed_generation;
  o->status.last_scale_time = h->status.last_scale_time;
  o->status.current_replicas = h->status.current_replicas;
  o->status.desired_replicas = h->status.desired_replicas;
  std::vector<v1::MetricStatus> current;
  for (const v2::MetricStatus& m : h->status.current_metrics) {
    if (m.type == "Resource" && m.resource && m.resource->name == "cpu" &&
        m.resource->current.average_utilization) {
      o->status.current_cpu_utilization_percentage = *m.resource->current.average_utilization;
    }
    current.push_back(MetricStatusToV1(m));
  }
  std::vector<v1::HorizontalPodAutoscalerCondition> conditions;
  for (const auto& c : h->status.conditions) conditions.push_back(ConditionToV1(c));

  if (!others.empty()) annotations[std::string(kMetricSpecs)] = JsonArray(others);
  if (!current.empty()) annotations[std::string(kMetricStatuses)] = JsonArray(current);
  if (h->spec.behavior) annotations[std::string(kBehavior)] = BehaviorJson(*h->spec.behavior);
  if (!conditions.empty()) annotations[std::string(kConditions)] = JsonArray(conditions);
  return out;
}

StatusOr<codec::Object> HpaV1ToV2(const codec::Object& in) {
  const auto* h = in.As<v1::HorizontalPodAutoscaler>();
  codec::Object out(codec::FindKind("autoscaling", "v2", "HorizontalPodAutoscaler"));
  auto* o = out.As<v2::HorizontalPodAutoscaler>();
  o->type_meta = {"HorizontalPodAutoscaler", "autoscaling/v2"};
  o->object_meta = h->object_meta;
  const auto& annotations = h->object_meta.annotations;

  o->spec.scale_target_ref = {h->spec.scale_target_ref.kind, h->spec.scale_target_ref.name,
                              h->spec.scale_target_ref.api_version};
  o->spec.min_replicas = h->spec.min_replicas;
  o->spec.max_replicas = h->spec.max_replicas;
  if (h->spec.target_cpu_utilization_percentage) {
    o->spec.metrics.push_back(CpuUtilization(*h->spec.target_cpu_utilization_percentage));
  }
  o->status.observed_generation = h->status.observed_generation;
  o->status.last_scale_time = h->status.last_scale_time;
  o->status.current_replicas = h->status.current_replicas;
  o->status.desired_replicas = h->status.desired_replicas;
  if (h->status.current_cpu_utilization_percentage) {
    v2::MetricStatus m;
    m.type = "Resource";
    auto& r = m.resource.emplace();
    r.name = "cpu";
    r.current.average_utilization = *h->status.current_cpu_utilization_percentage;
    o->status.current_metrics.push_back(std::move(m));
  }

  if (auto it = annotations.find(std::string(kMetricSpecs)); it != annotations.end()) {
    std::vector<v1::MetricSpec> others;
    if (ReadArray(it->second, &others)) {
      std::vector<v2::MetricSpec> metrics;
      for (const auto& m : others) metrics.push_back(MetricSpecToV2(m));
      if (!o->spec.metrics.empty()) metrics.push_back(std::move(o->spec.metrics[0]));
      o->spec.metrics = std::move(metrics);
    }
  }
  if (auto it = annotations.find(std::string(kBehavior)); it != annotations.end()) {
    v2::HorizontalPodAutoscalerBehavior behavior;
    if (ReadBehavior(it->second, &behavior) && (behavior.scale_up || behavior.scale_down)) {
      o->spec.behavior = Box<v2::HorizontalPodAutoscalerBehavior>(std::move(behavior));
    }
  }
  if (auto it = annotations.find(std::string(kMetricStatuses)); it != annotations.end()) {
    std::vector<v1::MetricStatus> current;
    if (ReadArray(it->second, &current)) {
      o->status.current_metrics.clear();
      for (const auto& m : current) o->status.current_metrics.push_back(MetricStatusToV2(m));
    }
  }
  if (o->spec.metrics.empty()) o->spec.metrics.push_back(CpuUtilization(kDefaultCpuUtilization));
  if (auto it = annotations.find(std::string(kConditions)); it != annotations.end()) {
    std::vector<v1::HorizontalPodAutoscalerCondition> conditions;
    if (ReadArray(it->second, &conditions)) {
      o->status.conditions.clear();
      for (const auto& c : conditions) o->status.conditions.push_back(ConditionToV2(c));
    }
  }
  DropRoundTripAnnotations(o->object_meta.annotations);
  return out;
}

}  // namespace kubecxx::apiserver::conversion::internal
