// Per-resource rules of upstream's registry strategies that this server applies on top of the
// generic ones (object_meta.h), copied as facts from k8s.io/kubernetes@v1.37.2
// pkg/registry/<group>/<resource>/strategy.go and the v1 defaulters they rely on:
//  * every kind: the value-setting parts of PrepareForCreate / PrepareForUpdate
//    (defaults/defaults.h: e.g. pods' status phase Pending and QOS class);
//  * namespaces: create sets status.phase Active and adds the "kubernetes" finalizer; every
//    write sets the label kubernetes.io/metadata.name=<name>; a main update keeps the old
//    spec.finalizers.
// Thread-safety: pure functions.
#pragma once

#include "lib/apiserver/resource_registry.h"
#include "lib/codec/registry.h"

namespace kubecxx::apiserver {

void ApplyCreateStrategy(const ServedResource& r, codec::Object& obj);
void ApplyUpdateStrategy(const ServedResource& r, bool status_subresource, codec::Object& next,
                         const codec::Object& old);

// The namespaces stock's system-namespaces controller keeps present.
inline constexpr const char* kSystemNamespaces[] = {"default", "kube-system", "kube-public",
                                                    "kube-node-lease"};

}  // namespace kubecxx::apiserver
