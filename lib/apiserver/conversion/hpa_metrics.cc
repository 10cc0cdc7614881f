#include "lib/apiserver/conversion/hpa_metrics.h"

namespace kubecxx::apiserver::conversion::internal {
namespace {

namespace v1 = api::autoscaling::v1;
namespace v2 = api::autoscaling::v2;

v1::CrossVersionObjectReference RefToV1(const v2::CrossVersionObjectReference& in) {
  return {in.kind, in.name, in.api_version};
}
v2::CrossVersionObjectReference RefToV2(const v1::CrossVersionObjectReference& in) {
  return {in.kind, in.name, in.api_version};
}
template <typename T>
Box<T> BoxOf(const T& v) {
  return Box<T>(v);
}

}  // namespace

v1::MetricSpec MetricSpecToV1(const v2::MetricSpec& in) {
  v1::MetricSpec out;
  out.type = in.type;
  if (in.object) {
    auto& o = out.object.emplace();
    if (in.object->target.value) o.target_value = *in.object->target.value;
    o.average_value = in.object->target.average_value;
    o.target = RefToV1(in.object->described_object);
    o.metric_name = in.object->metric.name;
    o.selector = in.object->metric.selector;
  }
  if (in.pods) {
    auto& o = out.pods.emplace();
    if (in.pods->target.average_value) o.target_average_value = *in.pods->target.average_value;
    o.metric_name = in.pods->metric.name;
    o.selector = in.pods->metric.selector;
  }
  if (in.resource) {
    auto& o = out.resource.emplace();
    o.name = in.resource->name;
    o.target_average_utilization = in.resource->target.average_utilization;
    o.target_average_value = in.resource->target.average_value;
  }
  if (in.container_resource) {
    auto& o = out.container_resource.emplace();
    o.name = in.container_resource->name;
    o.container = in.container_resource->container;
    o.target_average_utilization = in.container_resource->target.average_utilization;
    o.target_average_value = in.container_resource->target.average_value;
  }
  if (in.external) {
    auto& o = out.external.emplace();
    o.metric_name = in.external->metric.name;
    o.target_value = in.external->target.value;
    o.target_average_value = in.external->target.average_value;
    o.metric_selector = in.external->metric.selector;
  }
  return out;
}

v2::MetricSpec MetricSpecToV2(const v1::MetricSpec& in) {
  v2::MetricSpec out;
  out.type = in.type;
  if (in.object) {
    auto& o = out.object.emplace();
    if (!in.object->average_value) {
      o.target.type = "Value";
      o.target.value = BoxOf(in.object->target_value);
    } else {
      o.target.type = "AverageValue";
      // Only a non-zero value survives with averageValue (upstream: v1 cannot omit it).
      if (!in.object->target_value.IsZero()) o.target.value = BoxOf(in.object->target_value);
    }
    o.target.average_value = in.object->average_value;
    o.described_object = RefToV2(in.object->target);
    o.metric.name = in.object->metric_name;
    o.metric.selector = in.object->selector;
  }
  if (in.pods) {
    auto& o = out.pods.emplace();
    o.target.type = "AverageValue";
    o.target.average_value = BoxOf(in.pods->target_average_value);
    o.metric.name = in.pods->metric_name;
    o.metric.selector = in.pods->selector;
  }
  if (in.resource) {
    auto& o = out.resource.emplace();
    o.name = in.resource->name;
    o.target.type = in.resource->target_average_utilization ? "Utilization" : "AverageValue";
    o.target.average_value = in.resource->target_average_value;
    o.target.average_utilization = in.resource->target_average_utilization;
  }
  if (in.container_resource) {
    auto& o = out.container_resource.emplace();
    o.name = in.container_resource->name;
    o.container = in.container_resource->container;
    o.target.type =
        in.container_resource->target_average_utilization ? "Utilization" : "AverageValue";
    o.target.average_value = in.container_resource->target_average_value;
    o.target.average_utilization = in.container_resource->target_average_utilization;
  }
  if (in.external) {
    auto& o = out.external.emplace();
    o.target.type = in.external->target_value ? "Value" : "AverageValue";
    o.target.value = in.external->target_value;
    o.target.average_value = in.external->target_average_value;
    o.metric.name = in.external->metric_name;
    o.metric.selector = in.external->metric_selector;
  }
  return out;
}

v1::MetricStatus MetricStatusToV1(const v2::MetricStatus& in) {
  v1::MetricStatus out;
  out.type = in.type;
  if (in.object) {
    auto& o = out.object.emplace();
    if (in.object->current.value) o.current_value = *in.object->current.value;
    o.average_value = in.object->current.average_value;
    o.target = RefToV1(in.object->described_object);
    o.metric_name = in.object->metric.name;
    o.selector = in.object->metric.selector;
  }
  if (in.pods) {
    auto& o = out.pods.emplace();
    if (in.pods->current.average_value) {
      o.current_average_value = *in.pods->current.average_value;
    }
    o.metric_name = in.pods->metric.name;
    o.selector = in.pods->metric.selector;
  }
  if (in.resource) {
    auto& o = out.resource.emplace();
    o.name = in.resource->name;
    o.current_average_utilization = in.resource->current.average_utilization;
    if (in.resource->current.average_value) {
      o.current_average_value = *in.resource->current.average_value;
    }
  }
  if (in.container_resource) {
    auto& o = out.container_resource.emplace();
    o.name = in.container_resource->name;
    o.container = in.container_resource->container;
    o.current_average_utilization = in.container_resource->current.average_utilization;
    if (in.container_resource->current.average_value) {
      o.current_average_value = *in.container_resource->current.average_value;
    }
  }
  if (in.external) {
    auto& o = out.external.emplace();
    o.metric_name = in.external->metric.name;
    if (in.external->current.value) o.current_value = *in.external->current.value;
    o.current_average_value = in.external->current.average_value;
    o.metric_selector = in.external->metric.selector;
  }
  return out;
}

v2::MetricStatus MetricStatusToV2(const v1::MetricStatus& in) {
  v2::MetricStatus out;
  out.type = in.type;
  if (in.object) {
    auto& o = out.object.emplace();
    o.current.value = BoxOf(in.object->current_value);
    o.current.average_value = in.object->average_value;
    o.described_object = RefToV2(in.object->target);
    o.metric.name = in.object->metric_name;
    o.metric.selector = in.object->selector;
  }
  if (in.pods) {
    auto& o = out.pods.emplace();
    o.current.average_value = BoxOf(in.pods->current_average_value);
    o.metric.name = in.pods->metric_name;
    o.metric.selector = in.pods->selector;
  }
  if (in.resource) {
    auto& o = out.resource.emplace();
    o.name = in.resource->name;
    o.current.average_value = BoxOf(in.resource->current_average_value);
    o.current.average_utilization = in.resource->current_average_utilization;
  }
  if (in.container_resource) {
    auto& o = out.container_resource.emplace();
    o.name = in.container_resource->name;
    o.container = in.container_resource->container;
    o.current.average_value = BoxOf(in.container_resource->current_average_value);
    o.current.average_utilization = in.container_resource->current_average_utilization;
  }
  if (in.external) {
    auto& o = out.external.emplace();
    o.current.value = BoxOf(in.external->current_value);
    o.current.average_value = in.external->current_average_value;
    o.metric.name = in.external->metric_name;
    o.metric.selector = in.external->metric_selector;
  }
  return out;
}

}  // namespace kubecxx::apiserver::conversion::internal
