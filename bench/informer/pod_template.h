// The realistic pod of the benchmarks (bench/informer, bench/apiserver): what a Deployment's
// ReplicaSet creates and a kubelet reports, as JSON request bodies. Header-only.
#pragma once

#include <string>

namespace kubecxx::bench {

// A pod as a Deployment's ReplicaSet makes it and a kubelet reports it: labels, an owner, one
// container with ports, env, resources, probes and mounts; the apiserver's admission adds the
// service-account token volume and the default tolerations. Both informers read the same
// objects, so their size only has to be typical, not exact.
inline std::string PodJson(const std::string& name, int i) {
  const std::string node = "node-" + std::to_string(i % 100);
  return R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
         R"(","generateName":"web-7d9f8b6c5-","labels":{"app":"web","tier":"frontend",)"
         R"("pod-template-hash":"7d9f8b6c5","app.kubernetes.io/name":"web",)"
         R"("app.kubernetes.io/version":"1.27.3"},"annotations":{)"
         R"("kubectl.kubernetes.io/restartedAt":"2026-07-01T10:00:00Z",)"
         R"("prometheus.io/scrape":"true","prometheus.io/port":"9090"},)"
         R"("ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d9f8b6c5",)"
         R"("uid":"1f0c3a52-5b7e-4c55-9a5e-0d6b7f2e1a11","controller":true,)"
         R"("blockOwnerDeletion":true}]},"spec":{"nodeName":")" + node +
         R"(","containers":[{"name":"web","image":"registry.example.com/team/web:1.27.3",)"
         R"("imagePullPolicy":"IfNotPresent","args":["--port=8080","--metrics-port=9090"],)"
         R"("ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},)"
         R"({"name":"metrics","containerPort":9090,"protocol":"TCP"}],)"
         R"("env":[{"name":"LOG_LEVEL","value":"info"},{"name":"CACHE_SIZE","value":"256"},)"
         R"({"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},)"
         R"({"name":"POD_IP","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"status.podIP"}}}],)"
         R"("resources":{"requests":{"cpu":"100m","memory":"128Mi"},)"
         R"("limits":{"cpu":"500m","memory":"512Mi"}},)"
         R"("readinessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},)"
         R"("periodSeconds":10,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},)"
         R"("volumeMounts":[{"name":"config","mountPath":"/etc/web","readOnly":true}]}],)"
         R"("volumes":[{"name":"config","configMap":{"name":"web-config","defaultMode":420}}]}})";
}

inline std::string PodStatusJson(int i) {
  const std::string ip = "10.244." + std::to_string(i / 250 % 250) + "." +
                         std::to_string(i % 250 + 2);
  const std::string host = "172.18.0." + std::to_string(i % 100 + 2);
  const std::string t = "2026-07-01T10:0" + std::to_string(i % 10) + ":00Z";
  auto cond = [&](const char* type) {
    return std::string(R"({"type":")") + type + R"(","status":"True","lastProbeTime":null,)"
           R"("lastTransitionTime":")" + t + R"("})";
  };
  return R"({"status":{"phase":"Running","conditions":[)" + cond("PodReadyToStartContainers") +
         "," + cond("Initialized") + "," + cond("Ready") + "," + cond("ContainersReady") + "," +
         cond("PodScheduled") + R"(],"hostIP":")" + host + R"(","hostIPs":[{"ip":")" + host +
         R"("}],"podIP":")" + ip + R"(","podIPs":[{"ip":")" + ip + R"("}],"startTime":")" + t +
         R"(","qosClass":"Burstable","containerStatuses":[{"name":"web","ready":true,)"
         R"("restartCount":0,"started":true,"state":{"running":{"startedAt":")" + t +
         R"("}},"image":"registry.example.com/team/web:1.27.3","imageID":)"
         R"("registry.example.com/team/web@sha256:4c1e7b9a0d3f5e6a8b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a",)"
         R"("containerID":"containerd://9b0f6c1d2e3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c"}]}})";
}

}  // namespace kubecxx::bench
