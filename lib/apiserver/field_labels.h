// The field selector labels each built-in resource supports (its strategy's
// ToSelectableFields / GetAttrs in k8s.io/kubernetes@v1.37.2 pkg/registry/.../strategy.go):
// metadata.name, metadata.namespace (namespaced resources) and per resource e.g. pods'
// spec.nodeName, spec.schedulerName, status.phase, nodes' spec.unschedulable, secrets' type,
// events' involvedObject.*. Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "lib/apiserver/resource_registry.h"
#include "lib/codec/registry.h"

namespace kubecxx::apiserver {

// Whether `field` may be used in a field selector on r (else upstream answers 400
// "field label not supported: <field>").
bool IsSelectableField(const ServedResource& r, std::string_view field);

// Every selectable field of obj (an object of r's kind) with its value as upstream prints it.
std::map<std::string, std::string, std::less<>> SelectableFields(const ServedResource& r,
                                                                 const codec::Object& obj);

}  // namespace kubecxx::apiserver
