// Discovery as stock kube-apiserver serves it, built once from discovery_facts.h:
//  * legacy: /api (APIVersions), /api/v1 and /apis/<g>/<v> (APIResourceList), /apis
//    (APIGroupList), /apis/<g> (APIGroup), in JSON, YAML or protobuf;
//  * aggregated (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) on /api and /apis when the
//    Accept header asks for it, with upstream's ETag (quoted uppercase hex SHA-512 of the
//    JSON of the list without
//    its apiVersion/kind), Vary: Accept, Cache-Control: public and 304 on If-None-Match.
// storageVersionHash = base64(sha256("<storage group>/<version>/<kind>")[:8]) from the
// storage table (lib/storage/resource_prefixes.h).
// Thread-safety: immutable after construction; handlers run concurrently.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "lib/server/router.h"

namespace kubecxx::apiserver {

class Discovery {
 public:
  // server_address: "<advertise address>:<secure port>" for serverAddressByClientCIDRs.
  explicit Discovery(std::string server_address);
  ~Discovery();

  // Installs /api, /api/v1, /apis, /apis/<g>, /apis/<g>/<v> (GET only).
  void Install(server::Router& router) const;

  // base64(sha256(gvk)[:8]), as upstream's discovery.StorageVersionHash.
  static std::string StorageVersionHash(std::string_view group, std::string_view version,
                                        std::string_view kind);

 private:
  struct Doc;
  std::map<std::string, std::shared_ptr<const Doc>> docs_;  // path -> document
};

}  // namespace kubecxx::apiserver
