#include "components/kube-scheduler/scheduler/pod_status_patch.h"

#include <map>

#include "lib/codec/json_writer.h"

namespace kubecxx::scheduler {
namespace {

// A JSON value for the patch: raw text already encoded.
std::string Quoted(const std::string& s) {
  std::string out;
  codec::AppendJsonQuoted(&out, s);
  return out;
}

std::string TimeJson(api::Time t) { return t.IsZero() ? "null" : Quoted(api::FormatRFC3339(t)); }

}  // namespace

std::optional<std::string> PodScheduledFalsePatch(const api::core::v1::Pod& pod, const std::string& reason,
                                                  const std::string& message,
                                                  const std::optional<std::string>& nominated, api::Time now) {
  api::core::v1::PodCondition cond;
  cond.type = "PodScheduled";
  cond.status = "False";
  cond.reason = reason;
  cond.message = message;
  return PodConditionPatch(pod, &cond, nominated, now);
}

std::optional<std::string> ClearNominatedNodeNamePatch(const api::core::v1::Pod& pod) {
  return PodConditionPatch(pod, nullptr, std::string(), api::Time{});
}

std::optional<std::string> PodConditionPatch(const api::core::v1::Pod& pod, const api::core::v1::PodCondition* want,
                                             const std::optional<std::string>& nominated, api::Time now) {
  const auto& conditions = pod.status.conditions;
  const api::core::v1::PodCondition* old = nullptr;
  std::map<std::string, std::string> fields;
  if (want != nullptr) {
    for (const auto& c : conditions) {
      if (c.type == want->type) {
        old = &c;
        break;
      }
    }
  }
  api::core::v1::PodCondition cond;
  if (want != nullptr) {
    cond = *want;
    cond.observed_generation = pod.object_meta.generation;
    cond.last_transition_time = now;
  }
  // Changed fields of the condition, sorted by JSON name (map order).
  if (want != nullptr && old == nullptr) {
    fields["lastProbeTime"] = "null";
    fields["lastTransitionTime"] = TimeJson(cond.last_transition_time);
    fields["message"] = Quoted(cond.message);
    if (cond.observed_generation != 0) fields["observedGeneration"] = std::to_string(cond.observed_generation);
    fields["reason"] = Quoted(cond.reason);
    fields["status"] = Quoted(cond.status);
  } else if (want != nullptr) {
    if (old->status == cond.status) cond.last_transition_time = old->last_transition_time;
    const bool equal = old->status == cond.status && old->reason == cond.reason && old->message == cond.message &&
                       old->last_probe_time.IsZero() && old->last_transition_time == cond.last_transition_time &&
                       old->observed_generation == cond.observed_generation;
    if (!equal) {
      if (old->status != cond.status) fields["status"] = Quoted(cond.status);
      if (old->reason != cond.reason) fields["reason"] = Quoted(cond.reason);
      if (old->message != cond.message) fields["message"] = Quoted(cond.message);
      if (!old->last_probe_time.IsZero()) fields["lastProbeTime"] = "null";
      if (old->last_transition_time != cond.last_transition_time) {
        fields["lastTransitionTime"] = TimeJson(cond.last_transition_time);
      }
      if (old->observed_generation != cond.observed_generation) {
        fields["observedGeneration"] = std::to_string(cond.observed_generation);
      }
    }
  }
  const bool nnn = nominated.has_value() && pod.status.nominated_node_name != *nominated;
  if (fields.empty() && !nnn) return std::nullopt;

  std::string out = "{\"status\":{";
  if (!fields.empty()) {
    out += "\"$setElementOrder/conditions\":[";
    bool first = true;
    bool seen = false;
    for (const auto& c : conditions) {
      if (!first) out += ",";
      out += "{\"type\":" + Quoted(c.type) + "}";
      first = false;
      seen = seen || c.type == cond.type;
    }
    if (!seen) out += std::string(first ? "" : ",") + "{\"type\":" + Quoted(cond.type) + "}";
    out += "],\"conditions\":[{";
    fields["type"] = Quoted(cond.type);
    first = true;
    for (const auto& [k, v] : fields) {
      if (!first) out += ",";
      out += "\"" + k + "\":" + v;
      first = false;
    }
    out += "}]";
  }
  if (nnn) {
    out += std::string(fields.empty() ? "" : ",") + "\"nominatedNodeName\":" +
           (nominated->empty() ? std::string("null") : Quoted(*nominated));
  }
  out += "}}";
  return out;
}

}  // namespace kubecxx::scheduler
