// Version conversion between a served kind and the kind stock kube-apiserver stores it as
// (lib/storage/resource_prefixes.h), as upstream converts through its internal version:
// served -> internal -> storage on writes, storage -> internal -> served on reads.
//
// Per pair (k8s.io/kubernetes@v1.37.2 pkg/apis/<group>/<version>/conversion.go and
// zz_generated.conversion.go):
//  * identical field sets (the generated functions are unsafe.Pointer casts): the generic
//    converter re-reads the object's JSON as the other kind; fields only one side has are
//    dropped, as the internal round trip drops them (certificates.k8s.io/v1 PodCertificate-
//    Request has no pkixPublicKey/proofOfPossession; v1beta1 has);
//  * events.k8s.io/v1 Event <-> core v1 Event (events.cc);
//  * autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscaler (hpa.cc), with the
//    autoscaling.alpha.kubernetes.io/* round-trip annotations.
// Conversion never applies defaults (upstream's decoder does that; see the defaulting work).
// Thread-safety: converters are immutable; Find() returns process-wide singletons.
#pragma once

#include <string>

#include "lib/base/status.h"
#include "lib/codec/registry.h"

namespace kubecxx::apiserver::conversion {

class Converter {
 public:
  Converter(const codec::KindInfo* served, const codec::KindInfo* storage)
      : served_(served), storage_(storage) {}
  virtual ~Converter() = default;

  const codec::KindInfo* served_kind() const { return served_; }
  const codec::KindInfo* storage_kind() const { return storage_; }

  // REQUIRES: in.info() == served_kind(). The result carries the storage apiVersion/kind.
  virtual StatusOr<codec::Object> ToStorage(const codec::Object& in) const = 0;
  // REQUIRES: in.info() == storage_kind(). The result carries the served apiVersion/kind.
  virtual StatusOr<codec::Object> ToServed(const codec::Object& in) const = 0;

 private:
  const codec::KindInfo* served_;
  const codec::KindInfo* storage_;
};

// The converter between `served` and `storage`, or nullptr when there is none (a pair we
// have not written rules for). REQUIRES: both non-null and different.
const Converter* Find(const codec::KindInfo* served, const codec::KindInfo* storage);

// The generic conversion: `in`'s JSON read as `to` (unknown fields dropped), with `to`'s
// apiVersion/kind. For pairs whose fields are identical by name and meaning.
StatusOr<codec::Object> ConvertByJson(const codec::Object& in, const codec::KindInfo* to);

}  // namespace kubecxx::apiserver::conversion
