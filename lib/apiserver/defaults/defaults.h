// Upstream's scheme defaulting for built-in kinds: what k8s.io/kubernetes@v1.37.2
// pkg/apis/<group>/<version>/zz_generated.defaults.go (SetObjectDefaults_<Kind>) runs on every
// object decoded from a request body, with the SetDefaults_<Type> functions of defaults.go and
// the +default markers, evaluated with v1.37's default feature gates (facts in the .cc files).
// Stock also defaults objects it reads back from etcd; this server defaults on request decode
// only (create, update, and the object a patch produces), so objects written without defaults
// by another writer are served as stored.
//
// ApplyCreateDefaults adds the parts of the registry strategies' PrepareForCreate that fill in
// values (pkg/registry/<group>/<resource>/strategy.go): status reset on create (Pod phase
// Pending and qosClass, PersistentVolume phase Pending), Job's generated selector and template
// labels, DaemonSet's template generation annotation. REQUIRES: uid and name already set.
// Thread-safety: pure functions.
#pragma once

#include "lib/codec/registry.h"

namespace kubecxx::apiserver::defaults {

// No-op for kinds without defaulters and for null objects.
void ApplyDefaults(codec::Object& obj);

// No-op for kinds whose create strategy sets no values.
void ApplyCreateDefaults(codec::Object& obj);

// The value-setting parts of PrepareForUpdate of a main-resource (not status) update:
// a DaemonSet keeps old's template generation (annotation deprecated.daemonset.template.
// generation), plus one when the pod template changed. No-op for other kinds.
void ApplyUpdateDefaults(codec::Object& next, const codec::Object& old);

}  // namespace kubecxx::apiserver::defaults
