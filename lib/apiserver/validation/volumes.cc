// Volumes of a PodSpec (pkg/apis/core/validation ValidateVolumes, validateVolumeSource and the
// source validators of emptyDir, hostPath, secret, configMap, persistentVolumeClaim).
#include <algorithm>
#include <set>

#include "lib/apiserver/validation/pod.h"

namespace kubecxx::apiserver::validation::internal {
namespace {

using Volumes = std::map<std::string, const core::VolumeSource*>;

constexpr std::string_view kFileMode = "must be a number between 0 and 0777 (octal), both inclusive";

}  // namespace

void NoBacksteps(Errors* out, const std::string& path, const Path& p) {
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    if (path.substr(start, slash == std::string::npos ? slash : slash - start) == "..") {
      out->push_back(InvalidStr(p, path, "must not contain '..'"));
      return;
    }
    if (slash == std::string::npos) return;
    start = slash + 1;
  }
}

void LocalDescendingPath(Errors* out, const std::string& path, const Path& p) {
  if (!path.empty() && path[0] == '/') out->push_back(InvalidStr(p, path, "must be a relative path"));
  NoBacksteps(out, path, p);
}

namespace {

void KeyToPaths(Errors* out, const std::vector<core::KeyToPath>& items, const Path& p) {
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& kp = items[i];
    Path ip = p.Index(i);
    if (kp.key.empty()) out->push_back(Required(ip.Child("key")));
    if (kp.path.empty()) out->push_back(Required(ip.Child("path")));
    // ValidateLocalNonReservedPath
    LocalDescendingPath(out, kp.path, ip.Child("path"));
    if (kp.path.rfind("..", 0) == 0 && kp.path.rfind("../", 0) != 0) {  // else reported above
      out->push_back(InvalidStr(ip.Child("path"), kp.path, "must not start with '..'"));
    }
    if (kp.mode && (*kp.mode > 0777 || *kp.mode < 0)) {
      out->push_back(InvalidInt(ip.Child("mode"), *kp.mode, kFileMode));
    }
  }
}

void VolumeSource(Errors* out, const core::VolumeSource& s, const Path& p) {
  int n = 0;
  auto one = [&](bool set, std::string_view name) {
    if (!set) return false;
    if (n > 0) {
      out->push_back(Forbidden(p.Child(name), "may not specify more than 1 volume type"));
      return false;
    }
    ++n;
    return true;
  };
  if (s.empty_dir) {
    ++n;
    if (s.empty_dir->size_limit && s.empty_dir->size_limit->Sign() < 0) {
      out->push_back(Forbidden(p.Child("emptyDir").Child("sizeLimit"),
                               "SizeLimit field must be a valid resource quantity"));
    }
    if (s.empty_dir->mode && (*s.empty_dir->mode > 01777 || *s.empty_dir->mode < 0)) {
      out->push_back(InvalidInt(p.Child("emptyDir").Child("mode"), *s.empty_dir->mode,
                                "must be a number between 0 and 01777 (octal), both inclusive"));
    }
  }
  if (one(bool(s.host_path), "hostPath")) {
    Path hp = p.Child("hostPath");
    if (s.host_path->path.empty()) {
      out->push_back(Required(hp.Child("path")));
    } else {
      NoBacksteps(out, s.host_path->path, hp.Child("path"));
      static const std::vector<std::string> kTypes = {
          "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File",
          "FileOrCreate", "Socket"};
      if (s.host_path->type &&
          std::find(kTypes.begin(), kTypes.end(), *s.host_path->type) == kTypes.end()) {
        out->push_back(NotSupported(hp.Child("type"), *s.host_path->type, kTypes));
      }
    }
  }
  one(bool(s.git_repo), "gitRepo");
  one(bool(s.gce_persistent_disk), "gcePersistentDisk");
  one(bool(s.aws_elastic_block_store), "awsElasticBlockStore");
  if (one(bool(s.secret), "secret")) {
    Path sp = p.Child("secret");
    if (s.secret->secret_name.empty()) out->push_back(Required(sp.Child("secretName")));
    if (s.secret->default_mode && (*s.secret->default_mode > 0777 || *s.secret->default_mode < 0)) {
      out->push_back(InvalidInt(sp.Child("defaultMode"), *s.secret->default_mode, kFileMode));
    }
    KeyToPaths(out, s.secret->items, sp.Child("items"));
  }
  one(bool(s.nfs), "nfs");
  one(bool(s.iscsi), "iscsi");
  one(bool(s.glusterfs), "glusterfs");
  one(bool(s.flocker), "flocker");
  if (one(bool(s.persistent_volume_claim), "persistentVolumeClaim") &&
      s.persistent_volume_claim->claim_name.empty()) {
    out->push_back(Required(p.Child("persistentVolumeClaim").Child("claimName")));
  }
  one(bool(s.rbd), "rbd");
  one(bool(s.cinder), "cinder");
  one(bool(s.ceph_fs), "cephFS");
  one(bool(s.quobyte), "quobyte");
  one(bool(s.downward_api), "downwarAPI");
  one(bool(s.fc), "fc");
  one(bool(s.flex_volume), "flexVolume");
  if (one(bool(s.config_map), "configMap")) {
    Path cp = p.Child("configMap");
    const auto& cm = *s.config_map;
    if (cm.local_object_reference.name.empty()) out->push_back(Required(cp.Child("name")));
    if (cm.default_mode && (*cm.default_mode > 0777 || *cm.default_mode < 0)) {
      out->push_back(InvalidInt(cp.Child("defaultMode"), *cm.default_mode, kFileMode));
    }
    KeyToPaths(out, cm.items, cp.Child("items"));
  }
  one(bool(s.azure_file), "azureFile");
  one(bool(s.vsphere_volume), "vsphereVolume");
  one(bool(s.photon_persistent_disk), "photonPersistentDisk");
  one(bool(s.portworx_volume), "portworxVolume");
  one(bool(s.azure_disk), "azureDisk");
  one(bool(s.storage_os), "storageos");
  one(bool(s.projected), "projected");
  one(bool(s.scale_io), "scaleIO");
  one(bool(s.csi), "csi");
  one(bool(s.ephemeral), "ephemeral");
  one(bool(s.image), "image");
  if (n == 0) out->push_back(Required(p, "must specify a volume type"));
}

}  // namespace

void ValidateVolumes(Errors* out, const std::vector<core::Volume>& volumes, Volumes* by_name,
                     const Path& p) {
  std::set<std::string> names;
  for (size_t i = 0; i < volumes.size(); ++i) {
    const auto& v = volumes[i];
    Path ip = p.Index(i);
    Errors el;
    VolumeSource(&el, v.volume_source, ip);
    if (v.name.empty()) {
      el.push_back(Required(ip.Child("name")));
    } else {
      AppendInvalid(&el, ip.Child("name"), v.name, IsDNS1123Label(v.name));
    }
    if (names.count(v.name)) el.push_back(Duplicate(ip.Child("name"), QuoteStr(v.name)));
    if (el.empty()) {
      names.insert(v.name);
      (*by_name)[v.name] = &v.volume_source;
    } else {
      Append(out, std::move(el));
    }
  }
}

}  // namespace kubecxx::apiserver::validation::internal
