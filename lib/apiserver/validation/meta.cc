#include "lib/apiserver/validation/meta.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace kubecxx::apiserver::validation {
namespace {

void ValidateOwnerReferences(Errors* out, const std::vector<metav1::OwnerReference>& refs,
                             const Path& p) {
  std::string first_controller;
  for (size_t i = 0; i < refs.size(); ++i) {
    const metav1::OwnerReference& ref = refs[i];
    Path ip = p.Index(i);
    // schema.ParseGroupVersion: at most one '/', and a version part.
    std::string_view av = ref.api_version;
    size_t slashes = std::count(av.begin(), av.end(), '/');
    std::string group, version;
    if (slashes == 0) {
      version = std::string(av);
    } else if (slashes == 1) {
      group = std::string(av.substr(0, av.find('/')));
      version = std::string(av.substr(av.find('/') + 1));
    }
    if (av.empty()) {
      out->push_back(Required(ip.Child("apiVersion"), "must not be empty"));
    } else if (slashes > 1 || version.empty()) {
      out->push_back(
          InvalidStr(ip.Child("apiVersion"), av, "must be <group>/<version> or <version>"));
    }
    if (ref.kind.empty()) out->push_back(Required(ip.Child("kind"), "must not be empty"));
    if (ref.name.empty()) out->push_back(Required(ip.Child("name"), "must not be empty"));
    if (ref.uid.empty()) out->push_back(Required(ip.Child("uid"), "must not be empty"));
    if (slashes <= 1 && group.empty() && version == "v1" && ref.kind == "Event") {
      out->push_back(Invalid(ip, ToJson(ref), "/v1, Kind=Event is disallowed from being an owner"));
    }
    if (ref.controller.value_or(false)) {
      std::string current = ref.kind + "/" + ref.name;
      if (!first_controller.empty()) {
        std::string all = "[";
        for (size_t j = 0; j < refs.size(); ++j) all += (j ? "," : "") + ToJson(refs[j]);
        all += "]";
        out->push_back(Invalid(p, all,
                               "Only one reference can have Controller set to true. Found "
                               "\"true\" in references for " +
                                   first_controller + " and " + current));
      } else {
        first_controller = current;
      }
    }
  }
}

void ValidateFinalizers(Errors* out, const std::vector<std::string>& finalizers,
                        const Path& p) {
  bool orphan = false, foreground = false;
  for (const std::string& f : finalizers) {
    AppendInvalid(out, p, f, IsQualifiedName(f));
    orphan = orphan || f == "orphan";
    foreground = foreground || f == "foregroundDeletion";
  }
  if (orphan && foreground) {
    std::string all = "[";
    for (size_t i = 0; i < finalizers.size(); ++i) {
      all += (i ? "," : "") + QuoteJson(finalizers[i]);
    }
    all += "]";
    out->push_back(Invalid(p, all, "finalizer orphan and foregroundDeletion cannot be both set"));
  }
}

void KubeFinalizerNames(Errors* out, const std::vector<std::string>& finalizers,
                        const Path& p) {
  for (size_t i = 0; i < finalizers.size(); ++i) {
    const std::string& f = finalizers[i];
    if (f.find('/') == std::string::npos && f != "kubernetes" && f != "orphan" &&
        f != "foregroundDeletion") {
      out->push_back(InvalidStr(p.Index(i), f,
                                "name is neither a standard finalizer name nor is it fully "
                                "qualified"));
    }
  }
}

}  // namespace

void ValidateLabels(Errors* out, const std::map<std::string, std::string>& labels,
                    const Path& p) {
  for (const auto& [k, v] : labels) {
    AppendInvalid(out, p, k, IsQualifiedName(k));
    AppendInvalid(out, p, v, IsLabelValue(v));
  }
}

void ValidateAnnotations(Errors* out, const std::map<std::string, std::string>& annotations,
                         const Path& p) {
  size_t total = 0;
  for (const auto& [k, v] : annotations) {
    std::string lower = k;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    AppendInvalid(out, p, k, IsQualifiedName(lower));
    total += k.size() + v.size();
  }
  if (total > 256 * 1024) out->push_back(TooLong(p, 256 * 1024));
}

void ValidateLabelSelector(Errors* out, const metav1::LabelSelector* s, const Path& p) {
  if (s == nullptr) return;
  ValidateLabels(out, s->match_labels, p.Child("matchLabels"));
  for (size_t i = 0; i < s->match_expressions.size(); ++i) {
    const metav1::LabelSelectorRequirement& r = s->match_expressions[i];
    Path ip = p.Child("matchExpressions").Index(i);
    if (r.operator_ == "In" || r.operator_ == "NotIn") {
      if (r.values.empty()) {
        out->push_back(Required(ip.Child("values"),
                                "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (r.operator_ == "Exists" || r.operator_ == "DoesNotExist") {
      if (!r.values.empty()) {
        out->push_back(Forbidden(ip.Child("values"),
                                 "may not be specified when `operator` is 'Exists' or "
                                 "'DoesNotExist'"));
      }
    } else {
      out->push_back(InvalidStr(ip.Child("operator"), r.operator_, "not a valid selector operator"));
    }
    AppendInvalid(out, ip.Child("key"), r.key, IsQualifiedName(r.key));
    for (size_t j = 0; j < r.values.size(); ++j) {
      AppendInvalid(out, ip.Child("values").Index(j), r.values[j], IsLabelValue(r.values[j]));
    }
  }
}

bool SelectorMatches(const metav1::LabelSelector* s,
                     const std::map<std::string, std::string>& labels, bool* valid,
                     bool* empty) {
  *valid = true;
  *empty = false;
  if (s == nullptr) return false;  // labels.Nothing()
  if (s->match_labels.empty() && s->match_expressions.empty()) {
    *empty = true;
    return true;
  }
  bool matches = true;
  for (const auto& [k, v] : s->match_labels) {
    if (!IsQualifiedName(k).empty() || !IsLabelValue(v).empty()) *valid = false;
    auto it = labels.find(k);
    matches = matches && it != labels.end() && it->second == v;
  }
  for (const auto& r : s->match_expressions) {
    if (!IsQualifiedName(r.key).empty()) *valid = false;
    auto it = labels.find(r.key);
    bool has = it != labels.end();
    bool in = has && std::find(r.values.begin(), r.values.end(), it->second) != r.values.end();
    if (r.operator_ == "In" || r.operator_ == "NotIn") {
      if (r.values.empty()) *valid = false;
      for (const auto& v : r.values) {
        if (!IsLabelValue(v).empty()) *valid = false;
      }
      matches = matches && (r.operator_ == "In" ? in : !in);
    } else if (r.operator_ == "Exists" || r.operator_ == "DoesNotExist") {
      if (!r.values.empty()) *valid = false;
      matches = matches && (r.operator_ == "Exists" ? has : !has);
    } else {
      *valid = false;
    }
  }
  return *valid && matches;
}

void ValidateObjectMeta(Errors* out, const metav1::ObjectMeta& m, const MetaRules& rules,
                        const Path& p) {
  if (!m.generate_name.empty() && !rules.name_declarative) {
    AppendInvalid(out, p.Child("generateName"), m.generate_name,
                  ValidateName(rules.name, m.generate_name, true));
  }
  if (m.name.empty()) {
    out->push_back(Required(p.Child("name"), "name or generateName is required"));
  } else if (!rules.name_declarative) {
    AppendInvalid(out, p.Child("name"), m.name, ValidateName(rules.name, m.name, false));
  }
  if (rules.namespaced) {
    if (m.namespace_.empty()) {
      out->push_back(Required(p.Child("namespace")));
    } else {
      AppendInvalid(out, p.Child("namespace"), m.namespace_,
                    ValidateName(NameRule::kDNSLabel, m.namespace_, false));
    }
  } else if (!m.namespace_.empty()) {
    out->push_back(Forbidden(p.Child("namespace"), "not allowed on this type"));
  }
  NonNegative(out, p.Child("generation"), m.generation);
  ValidateLabels(out, m.labels, p.Child("labels"));
  ValidateAnnotations(out, m.annotations, p.Child("annotations"));
  ValidateOwnerReferences(out, m.owner_references, p.Child("ownerReferences"));
  ValidateFinalizers(out, m.finalizers, p.Child("finalizers"));
  if (rules.kube_finalizers) KubeFinalizerNames(out, m.finalizers, p.Child("finalizers"));
}

void ValidateObjectMetaUpdate(Errors* out, const metav1::ObjectMeta& next,
                              const metav1::ObjectMeta& old, bool kube_finalizers,
                              const Path& p) {
  NonNegative(out, p.Child("generation"), next.generation);
  if (next.generation < old.generation) {
    out->push_back(InvalidInt(p.Child("generation"), next.generation, "must not be decremented"));
  }
  if (next.name != old.name) out->push_back(InvalidStr(p.Child("name"), next.name, kImmutableMsg));
  if (next.namespace_ != old.namespace_) {
    out->push_back(InvalidStr(p.Child("namespace"), next.namespace_, kImmutableMsg));
  }
  if (next.uid != old.uid) out->push_back(InvalidStr(p.Child("uid"), next.uid, kImmutableMsg));
  ValidateLabels(out, next.labels, p.Child("labels"));
  ValidateAnnotations(out, next.annotations, p.Child("annotations"));
  ValidateOwnerReferences(out, next.owner_references, p.Child("ownerReferences"));
  if (kube_finalizers) KubeFinalizerNames(out, next.finalizers, p.Child("finalizers"));
}

}  // namespace kubecxx::apiserver::validation
