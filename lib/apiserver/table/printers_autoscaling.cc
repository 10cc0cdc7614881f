// The HorizontalPodAutoscaler printer (autoscaling/v2, the internal type's shape), as
// upstream's printHorizontalPodAutoscaler and formatHPAMetrics.
#include "kubecxx/api/autoscaling/v2/types.h"
#include "lib/apiserver/table/format.h"
#include "lib/apiserver/table/printers.h"

namespace kubecxx::apiserver::table {
namespace {

namespace as = api::autoscaling::v2;

// Quantity.String of a possibly nil *Quantity.
std::string Q(const Box<api::Quantity>& q) { return q ? q->String() : "<nil>"; }

std::string Percent(int32_t v) { return std::to_string(v) + "%"; }

// "current/target (avg)" or "current/target" of an External or Object metric.
template <typename Status>
std::string ValueOrAverage(const as::MetricTarget& target, const Status* status) {
  if (target.average_value) {
    std::string current = "<unknown>";
    if (status != nullptr && status->current.average_value) {
      current = status->current.average_value->String();
    }
    return current + "/" + target.average_value->String() + " (avg)";
  }
  std::string current = status != nullptr ? Q(status->current.value) : "<unknown>";
  return current + "/" + Q(target.value);
}

template <typename Source, typename Status>
std::string ResourceText(const Source& spec, const Status* status) {
  if (spec.target.average_value) {
    std::string current = status != nullptr ? Q(status->current.average_value) : "<unknown>";
    return spec.name + ": " + current + "/" + spec.target.average_value->String();
  }
  std::string current = "<unknown>";
  if (status != nullptr && status->current.average_utilization) {
    current = Percent(*status->current.average_utilization);
  }
  std::string target = "<auto>";
  if (spec.target.average_utilization) target = Percent(*spec.target.average_utilization);
  return spec.name + ": " + current + "/" + target;
}

std::string FormatMetrics(const std::vector<as::MetricSpec>& specs,
                          const std::vector<as::MetricStatus>& statuses) {
  if (specs.empty()) return "<none>";
  std::vector<std::string> list;
  for (size_t i = 0; i < specs.size(); ++i) {
    const as::MetricSpec& spec = specs[i];
    const as::MetricStatus* st = i < statuses.size() ? &statuses[i] : nullptr;
    if (spec.type == "External" && spec.external) {
      list.push_back(ValueOrAverage(spec.external->target, st ? st->external.get() : nullptr));
    } else if (spec.type == "Pods" && spec.pods) {
      std::string current = st && st->pods ? Q(st->pods->current.average_value) : "<unknown>";
      list.push_back(current + "/" + Q(spec.pods->target.average_value));
    } else if (spec.type == "Object" && spec.object) {
      list.push_back(ValueOrAverage(spec.object->target, st ? st->object.get() : nullptr));
    } else if (spec.type == "Resource" && spec.resource) {
      list.push_back(ResourceText(*spec.resource, st ? st->resource.get() : nullptr));
    } else if (spec.type == "ContainerResource" && spec.container_resource) {
      list.push_back(
          ResourceText(*spec.container_resource, st ? st->container_resource.get() : nullptr));
    } else {
      list.push_back("<unknown type>");
    }
  }
  constexpr size_t kMax = 2;
  size_t count = list.size();
  if (count > kMax) {
    list.resize(kMax);
    return Join(list, ", ") + " + " + std::to_string(count - kMax) + " more...";
  }
  return Join(list, ", ");
}

void PrintHPA(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& hpa = *obj.As<as::HorizontalPodAutoscaler>();
  const auto& spec = hpa.spec;
  row->cells = {hpa.object_meta.name,
                spec.scale_target_ref.kind + "/" + spec.scale_target_ref.name,
                FormatMetrics(spec.metrics, hpa.status.current_metrics),
                spec.min_replicas ? std::to_string(*spec.min_replicas) : std::string("<unset>"),
                static_cast<int64_t>(spec.max_replicas),
                static_cast<int64_t>(hpa.status.current_replicas),
                Since(hpa.object_meta.creation_timestamp, ctx.now_nanos)};
}

}  // namespace

void AddAutoscalingPrinters(std::vector<Printer>* out) {
  out->push_back({"autoscaling", "v2", "horizontalpodautoscalers", &PrintHPA});
}

}  // namespace kubecxx::apiserver::table
