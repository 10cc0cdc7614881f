// Metadata-only responses (as=PartialObjectMetadata / as=PartialObjectMetadataList with
// g=meta.k8s.io, v=v1 or v1beta1), as k8s.io/apiserver's transformResponseObject writes them
// for the metadata clients of the garbage collector, the namespace controller and kubectl:
// every object (also in watch events) becomes a PartialObjectMetadata carrying its
// ObjectMeta, with apiVersion meta.k8s.io/<v> and kind PartialObjectMetadata; a list becomes
// a PartialObjectMetadataList whose items carry that apiVersion/kind too. Status objects pass
// unchanged.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <vector>

#include "lib/apiserver/list_encoding.h"
#include "lib/apiserver/negotiation.h"
#include "lib/codec/registry.h"

namespace kubecxx::apiserver {

// The conversions resource endpoints offer (NegotiateOptions::conversions).
const std::vector<NegotiateOptions::As>& PartialMetadataConversions();

// The object as PartialObjectMetadata when `n` asked for it and it has metadata; else nullopt.
std::optional<codec::Object> AsPartialObjectMetadata(const codec::Object& obj, const Negotiated& n);

// The list as a PartialObjectMetadataList object (n.as == "PartialObjectMetadataList").
codec::Object PartialObjectMetadataList(const std::vector<codec::Object>& items,
                                        const ListMetaValues& meta, const Negotiated& n);

}  // namespace kubecxx::apiserver
