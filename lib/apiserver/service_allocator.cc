#include "lib/apiserver/service_allocator.h"

#include <arpa/inet.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/networking/v1/types.h"
#include "lib/apiserver/object_meta.h"
#include "lib/log/log.h"
#include "lib/model/wire.h"
#include "lib/storage/etcd_store.h"

namespace kubecxx::apiserver {
namespace {

using api::core::v1::RangeAllocation;
using api::core::v1::Service;

constexpr std::string_view kRangeKey = "/ranges/servicenodeports";

std::mt19937_64& Rng() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  return rng;
}

std::string IpString(uint32_t host_order) {
  in_addr a{htonl(host_order)};
  char buf[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &a, buf, sizeof(buf));
  return buf;
}

// min(max(min_v, size/step), max_v), 0 for tiny ranges (ipallocator/portallocator).
int RangeOffset(int64_t size, int64_t min_v, int64_t step, int64_t max_v) {
  if (size <= min_v) return 0;
  int64_t offset = size / step;
  return static_cast<int>(std::clamp(offset, min_v, max_v));
}

// The bitmap of a RangeAllocation: data is a big-endian big integer, bit i = item i.
bool GetBit(const std::string& data, int i) {
  size_t byte = static_cast<size_t>(i / 8);
  if (byte >= data.size()) return false;
  return (static_cast<unsigned char>(data[data.size() - 1 - byte]) >> (i % 8)) & 1;
}

void SetBit(std::string* data, int i, bool on) {
  size_t byte = static_cast<size_t>(i / 8);
  if (byte >= data->size()) {
    if (!on) return;
    data->insert(data->begin(), byte + 1 - data->size(), '\0');
  }
  char& c = (*data)[data->size() - 1 - byte];
  unsigned char v = static_cast<unsigned char>(c);
  v = on ? (v | (1u << (i % 8))) : (v & ~(1u << (i % 8)));
  c = static_cast<char>(v);
  size_t lead = 0;  // big.Int.Bytes() has no leading zero bytes
  while (lead < data->size() && (*data)[lead] == '\0') ++lead;
  data->erase(0, lead);
}

ApiError ServiceInvalid(const std::string& name, const std::string& field,
                        const std::string& detail) {
  return InvalidError("", "Service", name, field, "FieldValueInvalid", detail);
}

}  // namespace

StatusOr<std::unique_ptr<ServiceAllocator>> ServiceAllocator::Create(
    const ResourceRegistry* registry, etcd::Client* client, storage::LeaseManager* leases,
    const std::string& etcd_prefix, const std::string& cluster_ip_range,
    const std::string& node_port_range) {
  std::unique_ptr<ServiceAllocator> a(new ServiceAllocator());
  a->registry_ = registry;
  a->cidr_ = cluster_ip_range.substr(0, cluster_ip_range.find(','));
  size_t slash = a->cidr_.find('/');
  in_addr addr{};
  if (slash == std::string::npos ||
      inet_pton(AF_INET, a->cidr_.substr(0, slash).c_str(), &addr) != 1) {
    return Status::Invalid("only IPv4 service ranges are supported yet: " + a->cidr_);
  }
  int bits = std::atoi(a->cidr_.substr(slash + 1).c_str());
  if (bits < 8 || bits > 30) return Status::Invalid("unsupported service range " + a->cidr_);
  uint32_t mask = ~uint32_t{0} << (32 - bits);
  a->ip_base_ = ntohl(addr.s_addr) & mask;
  a->ip_size_ = (uint32_t{1} << (32 - bits)) - 2;
  size_t dash = node_port_range.find('-');
  if (dash == std::string::npos) {
    return Status::Invalid("invalid port range: " + node_port_range);
  }
  a->port_base_ = std::atoi(node_port_range.substr(0, dash).c_str());
  int last = std::atoi(node_port_range.substr(dash + 1).c_str());
  if (a->port_base_ <= 0 || last < a->port_base_ || last > 65535) {
    return Status::Invalid("invalid port range: " + node_port_range);
  }
  a->port_size_ = last - a->port_base_ + 1;
  a->port_range_ = std::to_string(a->port_base_) + "-" + std::to_string(last);
  storage::EtcdStoreConfig sc;
  sc.path_prefix = etcd_prefix;
  sc.resource_prefix = "/ranges";
  sc.storage_kind = codec::FindKind("", "v1", "RangeAllocation");
  auto store = storage::EtcdStore::Create(client, leases, sc);
  if (!store.ok()) return store.status();
  a->ranges_ = std::move(*store);
  return a;
}

void ServiceAllocator::EnsureNodePortRange() {
  auto current = ranges_->Get(std::string(kRangeKey), {});
  if (current.ok() || current.status().code() != StatusCode::kNotFound) return;
  std::vector<int> none;
  size_t bad = 0;
  Status s = UpdatePorts(&none, false, &bad);
  if (!s.ok()) KLOG_ERROR_S(s, "Unable to create the node port range allocation");
}

void ServiceAllocator::InstallHooks(ResourceRegistry* registry) {
  ServedResource* r = registry->Find("", "v1", "services");
  if (r == nullptr) return;
  r->before_create = [this](codec::Object& obj, ApiError* error, std::function<void()>* undo) {
    return AllocateForCreate(obj, error, undo);
  };
  r->after_delete = [this](const codec::Object& obj) { ReleaseForDelete(obj); };
  r->dry_run_before_create = [this](codec::Object& obj, ApiError* error) {
    return AllocateForDryRun(obj, error);
  };
}

bool ServiceAllocator::AllocateIp(const std::string& ns, const std::string& name,
                                  const std::string& requested, std::string* ip,
                                  ApiError* error) {
  ServedResource* r = registry_->Find("networking.k8s.io", "v1", "ipaddresses");
  if (r == nullptr) {
    *error = InternalError("ipaddresses are not served");
    return false;
  }
  auto create = [&](uint32_t host) -> Status {
    std::string text = IpString(host);
    auto obj = codec::DecodeObject(
        R"({"apiVersion":"networking.k8s.io/v1","kind":"IPAddress","metadata":{"name":")" + text +
        R"(","labels":{"ipaddress.kubernetes.io/ip-family":"IPv4",)"
        R"("ipaddress.kubernetes.io/managed-by":"ipallocator.k8s.io"}},"spec":{"parentRef":)"
        R"({"group":"","resource":"services","namespace":")" + ns + R"(","name":")" + name +
        R"("}}})");
    if (!obj.ok()) return obj.status();
    ApiError ignored;
    if (!PrepareForCreate(*r, *obj, &ignored)) return Status::Internal(ignored.message);
    auto created = r->store->Create(r->Key("", text), std::move(*obj));
    if (created.ok()) *ip = text;
    return created.status();
  };
  if (!requested.empty()) {
    in_addr a{};
    uint32_t host = 0;
    if (inet_pton(AF_INET, requested.c_str(), &a) == 1) host = ntohl(a.s_addr);
    std::string why;
    if (host < ip_base_ || host > ip_base_ + ip_size_ + 1) {
      why = "the provided network does not match the current range";  // no ServiceCIDR has it
    } else if (host == ip_base_ || host == ip_base_ + ip_size_ + 1) {
      why = "the provided IP (" + requested + ") is not in the valid range. The range of valid "
            "IPs is " + cidr_;
    } else {
      Status s = create(host);
      if (s.ok()) return true;
      if (s.code() != StatusCode::kAlreadyExists) {
        *error = InternalError(s.message());
        return false;
      }
      why = "provided IP is already allocated";
    }
    *error = ServiceInvalid(name, "spec.clusterIPs",
                            "Invalid value: [\"" + requested + "\"]: failed to allocate IP " +
                                requested + ": " + why);
    return false;
  }
  // Dynamic: skip what is known to be taken, then let the create decide.
  std::set<std::string> taken;
  storage::ListResult list;
  if (r->store->GetList(r->Key("", ""), {}, &list).ok()) {
    for (const auto& item : list.items) taken.insert(item.meta()->name);
  }
  const uint32_t offset = static_cast<uint32_t>(RangeOffset(ip_size_, 16, 16, 256));
  // Upper band [offset, size) first, then the lower band [0, offset), each from a random start.
  for (auto [begin, end] : {std::pair<uint32_t, uint32_t>{offset, ip_size_},
                            std::pair<uint32_t, uint32_t>{0, offset}}) {
    if (begin >= end) continue;
    uint32_t n = end - begin;
    uint32_t start = static_cast<uint32_t>(Rng()() % n);
    for (uint32_t k = 0; k < n; ++k) {
      uint32_t host = ip_base_ + 1 + begin + (start + k) % n;
      if (taken.count(IpString(host))) continue;
      Status s = create(host);
      if (s.ok()) return true;
      if (s.code() != StatusCode::kAlreadyExists) {
        *error = InternalError(s.message());
        return false;
      }
    }
  }
  *error = InternalError("failed to allocate a serviceIP for Service \"" + name +
                         "\": range is full");
  return false;
}

void ServiceAllocator::ReleaseIp(const std::string& ip, const std::string& ns,
                                 const std::string& name) {
  ServedResource* r = registry_->Find("networking.k8s.io", "v1", "ipaddresses");
  if (r == nullptr) return;
  auto current = r->store->Get(r->Key("", ip), {});
  if (!current.ok()) return;
  const auto& ref = current->As<api::networking::v1::IPAddress>()->spec.parent_ref;
  if (!ref || ref->resource != "services" || ref->namespace_ != ns || ref->name != name) return;
  storage::Preconditions pre;
  pre.uid = current->meta()->uid;
  auto deleted = r->store->Delete(r->Key("", ip), pre);
  if (!deleted.ok() && deleted.status().code() != StatusCode::kNotFound) {
    KLOG_ERROR_S(deleted.status(), "Unable to release the ClusterIP", "ip", ip);
  }
}

Status ServiceAllocator::UpdatePorts(std::vector<int>* ports, bool release, size_t* bad) {
  const std::vector<int> requested = *ports;
  auto updated = ranges_->GuaranteedUpdate(
      std::string(kRangeKey), true, {},
      [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
        codec::Object next(codec::FindKind("", "v1", "RangeAllocation"));
        if (current.info() != nullptr) next = std::move(current);
        auto* ra = next.As<RangeAllocation>();
        ra->type_meta = {"RangeAllocation", "v1"};
        if (ra->range.empty()) ra->range = port_range_;
        if (ra->range != port_range_) {
          return Status::Internal("the provided range does not match the current range");
        }
        std::string data = ra->data;
        *ports = requested;
        for (size_t i = 0; i < ports->size(); ++i) {
          int& port = (*ports)[i];
          if (release) {
            if (port >= port_base_ && port < port_base_ + port_size_) {
              SetBit(&data, port - port_base_, false);
            }
            continue;
          }
          if (port != 0) {
            *bad = i;
            if (port < port_base_ || port >= port_base_ + port_size_) {
              return Status::Invalid(
                  "provided port is not in the valid range. The range of valid ports is " +
                  port_range_);
            }
            if (GetBit(data, port - port_base_)) {
              return Status(StatusCode::kAlreadyExists, "provided port is already allocated");
            }
            SetBit(&data, port - port_base_, true);
            continue;
          }
          const int offset = RangeOffset(port_size_, 16, 32, 128);
          int found = -1;
          for (auto [begin, end] : {std::pair<int, int>{offset, port_size_},
                                    std::pair<int, int>{0, offset}}) {
            if (begin >= end || found >= 0) continue;
            int n = end - begin;
            int start = static_cast<int>(Rng()() % static_cast<uint64_t>(n));
            for (int k = 0; k < n && found < 0; ++k) {
              int bit = begin + (start + k) % n;
              if (!GetBit(data, bit)) found = bit;
            }
          }
          if (found < 0) return Status::Internal("range is full");
          SetBit(&data, found, true);
          port = port_base_ + found;
        }
        ra->data.assign(data);
        storage::UpdateResult out;
        out.object = std::move(next);
        return out;
      });
  return updated.status();
}

bool ServiceAllocator::AllocateForCreate(codec::Object& obj, ApiError* error,
                                         std::function<void()>* undo) {
  auto* svc = obj.As<Service>();
  auto& spec = svc->spec;
  const std::string type = spec.type.empty() ? "ClusterIP" : spec.type;
  if (type == "ExternalName") return true;
  const std::string ns = svc->object_meta.namespace_;
  const std::string name = svc->object_meta.name;
  std::string ip;
  bool headless = spec.cluster_ip == "None" ||
                  (!spec.cluster_ips.empty() && spec.cluster_ips[0] == "None");
  if (!headless) {
    std::string requested = !spec.cluster_ips.empty() ? spec.cluster_ips[0] : spec.cluster_ip;
    if (!AllocateIp(ns, name, requested, &ip, error)) return false;
    spec.cluster_ip = ip;
    spec.cluster_ips = {ip};
  } else {
    spec.cluster_ip = "None";
    spec.cluster_ips = {"None"};
  }
  if (spec.ip_families.empty()) spec.ip_families = {"IPv4"};
  if (!spec.ip_family_policy) spec.ip_family_policy = "SingleStack";
  bool node_ports = type == "NodePort" ||
                    (type == "LoadBalancer" && spec.allocate_load_balancer_node_ports.value_or(true));
  std::vector<int> ports;
  std::vector<size_t> index;  // service port index of each allocated node port
  std::map<int32_t, size_t> by_port;  // a service port number shares one node port
  for (size_t i = 0; i < spec.ports.size(); ++i) {
    const auto& p = spec.ports[i];
    if (p.node_port == 0 && !node_ports) continue;
    if (p.node_port == 0 && by_port.count(p.port)) continue;
    by_port.emplace(p.port, ports.size());
    ports.push_back(p.node_port);
    index.push_back(i);
  }
  if (!ports.empty()) {
    size_t bad = 0;
    Status s = UpdatePorts(&ports, false, &bad);
    if (!s.ok()) {
      if (!ip.empty()) ReleaseIp(ip, ns, name);
      if (s.code() == StatusCode::kAlreadyExists || s.code() == StatusCode::kInvalidArgument) {
        *error = ServiceInvalid(name, "spec.ports[" + std::to_string(index[bad]) + "].nodePort",
                                "Invalid value: " + std::to_string(ports[bad]) + ": " +
                                    s.message());
      } else {
        *error = InternalError("failed to allocate a nodePort: " + s.message());
      }
      return false;
    }
    for (auto& p : spec.ports) {
      auto it = by_port.find(p.port);
      if (p.node_port == 0 && it != by_port.end()) p.node_port = ports[it->second];
    }
  }
  *undo = [this, ip, ns, name, ports]() mutable {
    if (!ip.empty()) ReleaseIp(ip, ns, name);
    if (!ports.empty()) {
      size_t bad = 0;
      (void)UpdatePorts(&ports, true, &bad);
    }
  };
  return true;
}

void ServiceAllocator::ReleaseForDelete(const codec::Object& obj) {
  const auto* svc = obj.As<Service>();
  const auto& spec = svc->spec;
  for (const std::string& ip : spec.cluster_ips) {
    if (ip != "None" && !ip.empty()) {
      ReleaseIp(ip, svc->object_meta.namespace_, svc->object_meta.name);
    }
  }
  std::vector<int> ports;
  for (const auto& p : spec.ports) {
    if (p.node_port != 0) ports.push_back(p.node_port);
  }
  if (!ports.empty()) {
    size_t bad = 0;
    Status s = UpdatePorts(&ports, true, &bad);
    if (!s.ok()) KLOG_ERROR_S(s, "Unable to release node ports", "service", svc->object_meta.name);
  }
}

bool ServiceAllocator::AllocateForDryRun(codec::Object& obj, ApiError* error) {
  auto* svc = obj.As<Service>();
  auto& spec = svc->spec;
  const std::string type = spec.type.empty() ? "ClusterIP" : spec.type;
  if (type == "ExternalName") return true;
  const std::string name = svc->object_meta.name;
  bool headless = spec.cluster_ip == "None" ||
                  (!spec.cluster_ips.empty() && spec.cluster_ips[0] == "None");
  if (headless) {
    spec.cluster_ip = "None";
    spec.cluster_ips = {"None"};
  } else {
    std::string ip = !spec.cluster_ips.empty() ? spec.cluster_ips[0] : spec.cluster_ip;
    if (ip.empty()) {
      // The dry-run allocator does not look for a free address: the range's base address.
      ip = IpString(ip_base_);
    } else {
      in_addr a{};
      uint32_t host = 0;
      if (inet_pton(AF_INET, ip.c_str(), &a) == 1) host = ntohl(a.s_addr);
      if (host <= ip_base_ || host > ip_base_ + ip_size_) {
        *error = ServiceInvalid(name, "spec.clusterIPs",
                                "Invalid value: [\"" + ip + "\"]: failed to allocate IP " + ip +
                                    ": the provided IP (" + ip +
                                    ") is not in the valid range. The range of valid IPs is " +
                                    cidr_);
        return false;
      }
    }
    spec.cluster_ip = ip;
    spec.cluster_ips = {ip};
  }
  if (spec.ip_families.empty()) spec.ip_families = {"IPv4"};
  if (!spec.ip_family_policy) spec.ip_family_policy = "SingleStack";
  bool node_ports = type == "NodePort" ||
                    (type == "LoadBalancer" && spec.allocate_load_balancer_node_ports.value_or(true));
  std::string bitmap;
  if (auto current = ranges_->Get(std::string(kRangeKey), {}); current.ok()) {
    bitmap = current->As<RangeAllocation>()->data;
  }
  // portallocator's dry-run operation: a requested port is refused when the bitmap or this
  // operation has it; AllocateNext answers one past the highest port of the operation, or
  // 32769 first (whatever the range).
  std::vector<int> allocated;
  auto allocate = [&](int port) {
    bool taken = port >= port_base_ && port < port_base_ + port_size_ &&
                 GetBit(bitmap, port - port_base_);
    taken = taken || std::find(allocated.begin(), allocated.end(), port) != allocated.end();
    if (!taken) allocated.push_back(port);
    return !taken;
  };
  auto allocate_next = [&]() {
    int last = allocated.empty() ? 32768 : *std::max_element(allocated.begin(), allocated.end());
    allocated.push_back(last + 1);
    return last + 1;
  };
  std::map<int32_t, int> by_port;
  for (size_t i = 0; i < spec.ports.size(); ++i) {
    auto& p = spec.ports[i];
    if (p.node_port == 0 && !node_ports) continue;
    auto it = by_port.find(p.port);
    int np = 0;
    if (it == by_port.end()) {
      for (size_t j = i; j < spec.ports.size() && np == 0; ++j) {
        if (spec.ports[j].port == p.port) np = spec.ports[j].node_port;
      }
      if (np == 0) {
        np = allocate_next();
      } else if (!allocate(np)) {
        *error = ServiceInvalid(name, "spec.ports[" + std::to_string(i) + "].nodePort",
                                "Invalid value: " + std::to_string(np) +
                                    ": provided port is already allocated");
        return false;
      }
      p.node_port = np;
      by_port.emplace(p.port, np);
    } else if (p.node_port != it->second) {
      if (p.node_port == 0) {
        p.node_port = it->second;
      } else if (!allocate(p.node_port)) {
        *error = ServiceInvalid(name, "spec.ports[" + std::to_string(i) + "].nodePort",
                                "Invalid value: " + std::to_string(p.node_port) +
                                    ": provided port is already allocated");
        return false;
      }
    }
  }
  return true;
}

}  // namespace kubecxx::apiserver
