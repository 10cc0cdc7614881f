#include "lib/apiserver/validation/validation.h"

#include <set>
#include <string>
#include <unordered_map>

#include "lib/apiserver/field_errors.h"
#include "lib/apiserver/validation/kinds.h"
#include "lib/apiserver/validation/meta.h"

namespace kubecxx::apiserver::validation {
namespace {

using internal::KindValidator;

const KindValidator* Find(const codec::KindInfo* info) {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string, const KindValidator*>();
    for (auto kinds : {internal::CoreKinds(), internal::AppsBatchKinds(), internal::SchedulingKinds()}) {
      for (const KindValidator& k : kinds) {
        t->emplace(std::string(k.group) + "/" + std::string(k.kind), &k);
      }
    }
    return t;
  }();
  auto it = table->find(std::string(info->group) + "/" + std::string(info->kind));
  return it == table->end() ? nullptr : it->second;
}

// The declarative-validation merge (rest.ValidateDeclarativelyWithMigrationChecks) filters the
// list through an errors.Aggregate, which drops repeated "<field>: <body>" errors: the
// duplicates the generic and the per-kind ObjectMeta rules produce on update.
std::optional<ApiError> Result(const codec::Object& obj, const Errors& errs) {
  if (errs.empty()) return std::nullopt;
  Errors unique;
  std::set<std::string> seen;
  for (const FieldError& e : errs) {
    if (seen.insert(e.field + ": " + e.body).second) unique.push_back(e);
  }
  return InvalidErrors(obj.info()->group, obj.info()->kind, obj.meta()->name, unique);
}

// rest.validateCommonFields / the generic half of rest.ValidateCreate: apimachinery's
// ObjectMeta rules with names as path segments.
void GenericCreate(Errors* out, const metav1::ObjectMeta& m, bool namespaced) {
  MetaRules rules;
  rules.namespaced = namespaced;
  rules.name = NameRule::kPathSegment;
  rules.kube_finalizers = false;
  ValidateObjectMeta(out, m, rules, Path("metadata"));
}

}  // namespace

std::optional<ApiError> ValidateCreate(const codec::Object& obj, bool namespaced) {
  if (obj.info() == nullptr || obj.meta() == nullptr) return std::nullopt;
  Errors errs;
  if (const KindValidator* k = Find(obj.info()); k != nullptr && k->create != nullptr) {
    k->create(&errs, obj.get());
  }
  if (errs.empty()) GenericCreate(&errs, *obj.meta(), namespaced);
  return Result(obj, errs);
}

std::optional<ApiError> ValidateUpdate(const codec::Object& next, const codec::Object& old,
                                       bool namespaced, bool status_subresource) {
  if (next.info() == nullptr || next.meta() == nullptr || old.meta() == nullptr) {
    return std::nullopt;
  }
  Errors errs;
  GenericCreate(&errs, *next.meta(), namespaced);
  ValidateObjectMetaUpdate(&errs, *next.meta(), *old.meta(), false, Path("metadata"));
  if (!status_subresource) {
    if (const KindValidator* k = Find(next.info()); k != nullptr && k->update != nullptr) {
      k->update(&errs, next.get(), old.get());
    }
  }
  return Result(next, errs);
}

}  // namespace kubecxx::apiserver::validation
