#include "lib/apiserver/scale.h"

#include "kubecxx/api/apps/v1/types.h"
#include "kubecxx/api/autoscaling/v1/types.h"
#include "kubecxx/api/core/v1/types.h"
#include "lib/api/labels.h"

namespace kubecxx::apiserver {
namespace {

namespace metav1 = api::meta::v1;

// metav1.LabelSelectorAsSelector(s).String(); a null selector selects nothing ("").
StatusOr<std::string> SelectorString(const metav1::LabelSelector* s) {
  if (s == nullptr) return std::string();
  std::string text;
  auto add = [&text](const std::string& clause) {
    if (!text.empty()) text.push_back(',');
    text += clause;
  };
  for (const auto& [k, v] : s->match_labels) add(k + "=" + v);
  for (const auto& e : s->match_expressions) {
    std::string values;
    for (const auto& v : e.values) values += (values.empty() ? "" : ",") + v;
    if (e.operator_ == "In") {
      add(e.key + " in (" + values + ")");
    } else if (e.operator_ == "NotIn") {
      add(e.key + " notin (" + values + ")");
    } else if (e.operator_ == "Exists") {
      add(e.key);
    } else if (e.operator_ == "DoesNotExist") {
      add("!" + e.key);
    } else {
      return Status::Invalid("\"" + e.operator_ + "\" is not a valid label selector operator");
    }
  }
  auto parsed = api::ParseSelector(text);
  if (!parsed.ok()) return parsed.status();
  return parsed->String();
}

template <typename T>
void Fill(const T& parent, api::autoscaling::v1::Scale* scale) {
  scale->object_meta.name = parent.object_meta.name;
  scale->object_meta.namespace_ = parent.object_meta.namespace_;
  scale->object_meta.uid = parent.object_meta.uid;
  scale->object_meta.resource_version = parent.object_meta.resource_version;
  scale->object_meta.creation_timestamp = parent.object_meta.creation_timestamp;
  scale->spec.replicas = parent.spec.replicas.value_or(0);
  scale->status.replicas = parent.status.replicas;
}

}  // namespace

bool HasScale(const ServedResource& r) {
  return (r.group == "apps" && (r.resource == "deployments" || r.resource == "replicasets" ||
                                r.resource == "statefulsets")) ||
         (r.group.empty() && r.resource == "replicationcontrollers");
}

StatusOr<codec::Object> ScaleOf(const ServedResource& r, const codec::Object& parent) {
  codec::Object out(codec::FindKind("autoscaling", "v1", "Scale"));
  auto* scale = out.As<api::autoscaling::v1::Scale>();
  scale->type_meta = {"Scale", "autoscaling/v1"};
  StatusOr<std::string> selector = std::string();
  if (r.resource == "deployments") {
    const auto* d = parent.As<api::apps::v1::Deployment>();
    Fill(*d, scale);
    selector = SelectorString(d->spec.selector.get());
  } else if (r.resource == "replicasets") {
    const auto* d = parent.As<api::apps::v1::ReplicaSet>();
    Fill(*d, scale);
    selector = SelectorString(d->spec.selector.get());
  } else if (r.resource == "statefulsets") {
    const auto* d = parent.As<api::apps::v1::StatefulSet>();
    Fill(*d, scale);
    selector = SelectorString(d->spec.selector.get());
  } else {
    const auto* rc = parent.As<api::core::v1::ReplicationController>();
    Fill(*rc, scale);
    selector = api::Selector::FromSet(rc->spec.selector).String();
  }
  if (!selector.ok()) return selector.status();
  scale->status.selector = *selector;
  return out;
}

void ApplyScale(const ServedResource& r, const codec::Object& scale, codec::Object& parent) {
  int32_t replicas = scale.As<api::autoscaling::v1::Scale>()->spec.replicas;
  if (r.resource == "deployments") {
    parent.As<api::apps::v1::Deployment>()->spec.replicas = replicas;
  } else if (r.resource == "replicasets") {
    parent.As<api::apps::v1::ReplicaSet>()->spec.replicas = replicas;
  } else if (r.resource == "statefulsets") {
    parent.As<api::apps::v1::StatefulSet>()->spec.replicas = replicas;
  } else {
    parent.As<api::core::v1::ReplicationController>()->spec.replicas = replicas;
  }
}

}  // namespace kubecxx::apiserver
