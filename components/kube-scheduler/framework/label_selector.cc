#include "components/kube-scheduler/framework/label_selector.h"

namespace kubecxx::scheduler::framework {

void PodSelector::Add(const std::vector<api::LabelRequirement>& reqs) {
  if (nothing_) return;
  for (const auto& r : reqs) sel_.Add(r);
}

StatusOr<PodSelector> LabelSelectorAsSelector(const api::meta::v1::LabelSelector* ls) {
  if (!ls) return PodSelector::Nothing();
  if (ls->match_labels.empty() && ls->match_expressions.empty()) return PodSelector::Everything();
  api::Selector sel;
  for (const auto& [k, v] : ls->match_labels) {
    auto r = api::LabelRequirement::Create(k, api::SelectorOperator::kEquals, {v});
    if (!r.ok()) return r.status();
    sel.Add(std::move(r).value());
  }
  for (const auto& e : ls->match_expressions) {
    api::SelectorOperator op;
    if (e.operator_ == "In") {
      op = api::SelectorOperator::kIn;
    } else if (e.operator_ == "NotIn") {
      op = api::SelectorOperator::kNotIn;
    } else if (e.operator_ == "Exists") {
      op = api::SelectorOperator::kExists;
    } else if (e.operator_ == "DoesNotExist") {
      op = api::SelectorOperator::kDoesNotExist;
    } else {
      return ::kubecxx::Status::Invalid("\"" + e.operator_ + "\" is not a valid label selector operator");
    }
    auto r = api::LabelRequirement::Create(e.key, op, e.values);
    if (!r.ok()) return r.status();
    sel.Add(std::move(r).value());
  }
  return PodSelector(std::move(sel));
}

}  // namespace kubecxx::scheduler::framework
