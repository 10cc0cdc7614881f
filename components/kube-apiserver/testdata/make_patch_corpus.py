#!/usr/bin/env python3
"""Writes patch_corpus.json: the (object, patch) cases patch_diff_test sends to a stock
kube-apiserver and to ours. The shapes follow what k8s.io/apimachinery strategicpatch's
own tests cover (merge lists by key, primitive merge lists, replace lists, nulls,
$patch replace/delete/merge, $retainKeys, $deleteFromPrimitiveList, $setElementOrder, the
patches kubectl apply computes) and evanphx/json-patch's (RFC 6902 operations, pointer
escaping, the v4 quirks); the instances are our own, on built-in types. Base objects are
complete as stored (every default written out) so that stock's defaulting after a patch
adds nothing a patch did not. {p} in a name stands for the per-server prefix.

usage: make_patch_corpus.py > patch_corpus.json"""

import json


def container(name, image="img:1", **extra):
    c = {"name": name, "image": image, "args": ["x", "y"],
         "env": [{"name": "E1", "value": "1"}, {"name": "E2", "value": "2"}],
         "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 81, "protocol": "TCP"}],
         "volumeMounts": [{"name": "v1", "mountPath": "/v1"}, {"name": "v2", "mountPath": "/v2"}],
         "resources": {"limits": {"cpu": "1"}},
         "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
         "imagePullPolicy": "IfNotPresent"}
    c.update(extra)
    return c


def new_container(name, image="img:9"):
    return {"name": name, "image": image, "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File", "imagePullPolicy": "IfNotPresent"}


def pod_spec():
    return {"containers": [container("a"), container("b"), container("c")],
            "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
            "dnsPolicy": "ClusterFirst", "securityContext": {}, "schedulerName": "default-scheduler",
            "volumes": [{"name": "v1", "emptyDir": {}},
                        {"name": "v2", "configMap": {"name": "cfg", "defaultMode": 420}}],
            "tolerations": [{"key": "k", "operator": "Exists", "effect": "NoSchedule"}],
            "imagePullSecrets": [{"name": "s1"}, {"name": "s2"}],
            "nodeSelector": {"disk": "ssd"}}


BASES = {
    "cm": {"path": "/api/v1/namespaces/{ns}/configmaps", "object": {
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"labels": {"a": "1", "b": "2"}, "annotations": {"x": "y", "example.com/k": "v"},
                     "finalizers": ["example.com/a", "example.com/b", "example.com/c"],
                     "ownerReferences": [
                         {"apiVersion": "v1", "kind": "ConfigMap", "name": "o1", "uid": "u1"},
                         {"apiVersion": "v1", "kind": "ConfigMap", "name": "o2", "uid": "u2"}]},
        "data": {"k1": "v1", "k2": "v2", "k3": "v3"}}},
    "pt": {"path": "/api/v1/namespaces/{ns}/podtemplates", "object": {
        "apiVersion": "v1", "kind": "PodTemplate", "metadata": {"labels": {"app": "pt"}},
        "template": {"metadata": {"labels": {"app": "pt"}}, "spec": pod_spec()}}},
    "dep": {"path": "/apis/apps/v1/namespaces/{ns}/deployments", "object": {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"labels": {"app": "d"}},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "d"}},
                 "strategy": {"type": "RollingUpdate",
                              "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}},
                 "template": {"metadata": {"labels": {"app": "d"}}, "spec": pod_spec()}}}},
    "svc": {"path": "/api/v1/namespaces/{ns}/services", "object": {
        "apiVersion": "v1", "kind": "Service", "metadata": {},
        "spec": {"clusterIP": "None", "selector": {"app": "s"},
                 "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"},
                           {"name": "https", "port": 443, "targetPort": 8443, "protocol": "TCP"}]}}},
    "sa": {"path": "/api/v1/namespaces/{ns}/serviceaccounts", "object": {
        "apiVersion": "v1", "kind": "ServiceAccount", "metadata": {},
        "secrets": [{"name": "t1"}, {"name": "t2"}], "imagePullSecrets": [{"name": "p1"}]}},
    "node": {"path": "/api/v1/nodes", "cluster": True, "object": {
        "apiVersion": "v1", "kind": "Node", "metadata": {"labels": {"role": "w"}},
        "spec": {"taints": [{"key": "t1", "effect": "NoSchedule"}, {"key": "t2", "effect": "NoExecute"}]},
        "status": {"capacity": {"cpu": "4", "pods": "110"}, "allocatable": {"cpu": "4", "pods": "110"},
                   "conditions": [
                       {"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "ok",
                        "lastHeartbeatTime": "2026-01-01T00:00:00Z",
                        "lastTransitionTime": "2026-01-01T00:00:00Z"},
                       {"type": "MemoryPressure", "status": "False", "reason": "Fine", "message": "ok",
                        "lastHeartbeatTime": "2026-01-01T00:00:00Z",
                        "lastTransitionTime": "2026-01-01T00:00:00Z"},
                       {"type": "DiskPressure", "status": "False", "reason": "Fine", "message": "ok",
                        "lastHeartbeatTime": "2026-01-01T00:00:00Z",
                        "lastTransitionTime": "2026-01-01T00:00:00Z"}],
                   "addresses": [{"type": "InternalIP", "address": "10.0.0.1"},
                                 {"type": "Hostname", "address": "h1"}]}}},
}

CASES = []


def case(name, base, kind, patch, **kw):
    c = {"name": name, "base": base, "type": kind, "patch": patch}
    c.update(kw)
    CASES.append(c)


def smp(name, base, patch, **kw):
    case(name, base, "strategic", patch, **kw)


def jp(name, base, ops, **kw):
    case(name, base, "json", ops, **kw)


def mp(name, base, patch, **kw):
    case(name, base, "merge", patch, **kw)


def spec_path(base):
    return {"pt": ["template", "spec"], "dep": ["spec", "template", "spec"]}[base]


def nest(path, value):
    for k in reversed(path):
        value = {k: value}
    return value


def podspec(base, value):
    return nest(spec_path(base), value)


# --- strategic merge: metadata, maps, primitive merge lists -------------------------------
smp("labels-add", "cm", {"metadata": {"labels": {"c": "3"}}})
smp("labels-null-deletes", "cm", {"metadata": {"labels": {"a": None}}})
smp("labels-null-missing-key", "cm", {"metadata": {"labels": {"zz": None}}})
smp("labels-replace-directive", "cm", {"metadata": {"labels": {"$patch": "replace", "n": "1"}}})
smp("labels-delete-directive", "cm", {"metadata": {"labels": {"$patch": "delete"}}})
smp("annotations-slash-key", "cm", {"metadata": {"annotations": {"example.com/k": "w", "new/x": "1"}}})
smp("data-merge", "cm", {"data": {"k1": "n1", "k4": "v4"}})
smp("data-null-all", "cm", {"data": None})
smp("data-replace-directive", "cm", {"data": {"$patch": "replace", "only": "1"}})
smp("data-retainkeys", "cm", {"data": {"$retainKeys": ["k1", "k9"], "k9": "x"}})
smp("data-retainkeys-violation", "cm", {"data": {"$retainKeys": ["k1"], "k2": "x"}})
smp("data-retainkeys-not-list", "cm", {"data": {"$retainKeys": "k1"}})
smp("finalizers-merge-add", "cm", {"metadata": {"finalizers": ["example.com/z"]}})
smp("finalizers-merge-existing-reorders", "cm", {"metadata": {"finalizers": ["example.com/c", "example.com/a"]}})
smp("finalizers-merge-dup", "cm", {"metadata": {"finalizers": ["example.com/z", "example.com/z", "example.com/b"]}})
smp("finalizers-delete-primitive", "cm", {"metadata": {"$deleteFromPrimitiveList/finalizers": ["example.com/b", "example.com/nope"]}})
smp("finalizers-delete-primitive-malformed", "cm", {"metadata": {"$deleteFromPrimitiveListfinalizers": ["example.com/b"]}})
smp("finalizers-setorder", "cm", {"metadata": {"$setElementOrder/finalizers": ["example.com/c", "example.com/b", "example.com/a"]}})
smp("finalizers-setorder-with-add", "cm", {"metadata": {"$setElementOrder/finalizers": ["example.com/c", "example.com/n", "example.com/a", "example.com/b"], "finalizers": ["example.com/n"]}})
smp("finalizers-setorder-mismatch", "cm", {"metadata": {"$setElementOrder/finalizers": ["example.com/a"], "finalizers": ["example.com/n"]}})
smp("finalizers-null", "cm", {"metadata": {"finalizers": None}})
smp("finalizers-empty-list", "cm", {"metadata": {"finalizers": []}})
smp("ownerrefs-merge-by-uid", "cm", {"metadata": {"ownerReferences": [{"uid": "u2", "name": "o2b", "apiVersion": "v1", "kind": "ConfigMap"}]}})
smp("ownerrefs-add", "cm", {"metadata": {"ownerReferences": [{"uid": "u3", "name": "o3", "apiVersion": "v1", "kind": "Secret"}]}})
smp("ownerrefs-delete-directive", "cm", {"metadata": {"ownerReferences": [{"$patch": "delete", "uid": "u1"}]}})
smp("ownerrefs-replace-directive", "cm", {"metadata": {"ownerReferences": [{"uid": "u9", "name": "o9", "apiVersion": "v1", "kind": "ConfigMap"}, {"$patch": "replace"}]}})
smp("ownerrefs-missing-merge-key", "cm", {"metadata": {"ownerReferences": [{"name": "o1"}]}})
smp("ownerrefs-merge-directive-in-list", "cm", {"metadata": {"ownerReferences": [{"$patch": "merge", "uid": "u1"}]}})
smp("ownerrefs-unknown-directive", "cm", {"metadata": {"ownerReferences": [{"$patch": "frob", "uid": "u1"}]}})
smp("ownerrefs-setorder", "cm", {"metadata": {"$setElementOrder/ownerReferences": [{"uid": "u2"}, {"uid": "u1"}]}})
smp("map-unknown-directive", "cm", {"metadata": {"labels": {"$patch": "frob"}}})
smp("map-merge-directive", "cm", {"metadata": {"labels": {"$patch": "merge", "q": "1"}}})
smp("top-level-replace", "cm", {"$patch": "replace", "data": {"z": "1"}})
smp("setorder-malformed", "cm", {"metadata": {"$setElementOrderfinalizers": []}})
smp("body-null", "cm", None)
smp("body-array", "cm", [])
smp("body-invalid-json", "cm", None, raw='{"data":')
smp("data-type-mismatch", "cm", {"data": "notamap"})
smp("unknown-field-ignored", "cm", {"spec": {"x": 1}, "data": {"k1": "u"}})
smp("unknown-field-strict", "cm", {"bogus": 1}, query="fieldValidation=Strict")
smp("name-change", "cm", {"metadata": {"name": "other"}})
smp("namespace-change", "cm", {"metadata": {"namespace": "default"}})
smp("stale-resourceversion", "cm", {"metadata": {"resourceVersion": "1"}, "data": {"k1": "x"}})
smp("not-found", "cm", {"data": {"k": "v"}}, target="does-not-exist")

# --- strategic merge: pod specs (PodTemplate, Deployment) -----------------------------------
for b in ("pt", "dep"):
    smp(b + "-container-image", b, podspec(b, {"containers": [{"name": "b", "image": "img:2"}]}))
    smp(b + "-container-add", b, podspec(b, {"containers": [new_container("z")]}))
    smp(b + "-container-delete", b, podspec(b, {"containers": [{"$patch": "delete", "name": "b"}]}))
    smp(b + "-container-reorder-by-patch", b, podspec(b, {"containers": [{"name": "c"}, {"name": "a"}]}))
    smp(b + "-containers-replace-directive", b, podspec(b, {"containers": [new_container("only"), {"$patch": "replace"}]}))
    smp(b + "-env-merge", b, podspec(b, {"containers": [{"name": "a", "env": [{"name": "E2", "value": "two"}, {"name": "E3", "value": "3"}]}]}))
    smp(b + "-env-delete", b, podspec(b, {"containers": [{"name": "a", "env": [{"$patch": "delete", "name": "E1"}]}]}))
    smp(b + "-ports-merge", b, podspec(b, {"containers": [{"name": "a", "ports": [{"containerPort": 82, "protocol": "TCP"}, {"containerPort": 80, "name": "web", "protocol": "TCP"}]}]}))
    smp(b + "-args-replace", b, podspec(b, {"containers": [{"name": "a", "args": ["only"]}]}))
    smp(b + "-volumemounts-merge", b, podspec(b, {"containers": [{"name": "a", "volumeMounts": [{"name": "v1", "mountPath": "/v1", "readOnly": True}]}]}))
    smp(b + "-volume-retainkeys", b, podspec(b, {"volumes": [{"name": "v1", "$retainKeys": ["name", "configMap"], "configMap": {"name": "c9", "defaultMode": 420}}]}))
    smp(b + "-volume-no-retainkeys-both-sources", b, podspec(b, {"volumes": [{"name": "v3", "emptyDir": {}}]}))
    smp(b + "-setorder-containers", b, podspec(b, {"$setElementOrder/containers": [{"name": "c"}, {"name": "b"}, {"name": "a"}]}))
    smp(b + "-kubectl-apply-shape", b, podspec(b, {
        "$setElementOrder/containers": [{"name": "c"}, {"name": "a"}, {"name": "n"}],
        "containers": [{"name": "a", "image": "img:3"}, new_container("n"), {"$patch": "delete", "name": "b"}]}))
    smp(b + "-env-setorder", b, podspec(b, {"containers": [{"name": "a", "$setElementOrder/env": [{"name": "E2"}, {"name": "E1"}]}]}))
    smp(b + "-tolerations-replace", b, podspec(b, {"tolerations": [{"key": "q", "operator": "Exists"}]}))
    smp(b + "-imagepullsecrets-merge", b, podspec(b, {"imagePullSecrets": [{"name": "s3"}]}))
    smp(b + "-resources-map-merge", b, podspec(b, {"containers": [{"name": "c", "resources": {"limits": {"memory": "1Gi"}}}]}))
    smp(b + "-nodeselector-merge", b, podspec(b, {"nodeSelector": {"zone": "a"}}))
    smp(b + "-container-null-field", b, podspec(b, {"containers": [{"name": "a", "args": None}]}))

smp("dep-strategy-recreate-retainkeys", "dep", {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}})
smp("dep-strategy-rollingupdate-change", "dep", {"spec": {"strategy": {"rollingUpdate": {"maxSurge": 2}}}})
smp("dep-replicas", "dep", {"spec": {"replicas": 5}})
smp("dep-paused-minready", "dep", {"spec": {"paused": True, "minReadySeconds": 3}})
smp("dep-set-image-shape", "dep", {"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "nginx:2"}]}}}})
smp("dep-list-of-lists", "dep", {"spec": {"template": {"spec": {"containers": [["a"]]}}}})

smp("svc-port-merge-by-port", "svc", {"spec": {"ports": [{"port": 443, "targetPort": 9443}]}})
smp("svc-port-add", "svc", {"spec": {"ports": [{"name": "alt", "port": 8080, "targetPort": 8080, "protocol": "TCP"}]}})
smp("svc-port-delete", "svc", {"spec": {"ports": [{"$patch": "delete", "port": 443}]}})
smp("svc-selector-merge", "svc", {"spec": {"selector": {"tier": "x"}}})
smp("svc-ports-setorder", "svc", {"spec": {"$setElementOrder/ports": [{"port": 443}, {"port": 80}]}})

smp("sa-secrets-merge", "sa", {"secrets": [{"name": "t3"}]})
smp("sa-secrets-delete", "sa", {"secrets": [{"$patch": "delete", "name": "t1"}]})
smp("sa-imagepullsecrets-replace", "sa", {"imagePullSecrets": [{"name": "p2"}]})

smp("node-taints-replace", "node", {"spec": {"taints": [{"key": "t9", "effect": "NoSchedule"}]}})
smp("node-labels", "node", {"metadata": {"labels": {"zone": "z1"}}})
smp("node-status-condition-update", "node", {"status": {"conditions": [{"type": "Ready", "status": "False", "reason": "Down"}]}}, sub="status")
smp("node-status-condition-add", "node", {"status": {"conditions": [{"type": "PIDPressure", "status": "False", "reason": "Fine", "message": "ok", "lastHeartbeatTime": "2026-01-01T00:00:00Z", "lastTransitionTime": "2026-01-01T00:00:00Z"}]}}, sub="status")
smp("node-status-condition-delete", "node", {"status": {"conditions": [{"$patch": "delete", "type": "DiskPressure"}]}}, sub="status")
smp("node-status-setorder", "node", {"status": {"$setElementOrder/conditions": [{"type": "DiskPressure"}, {"type": "Ready"}, {"type": "MemoryPressure"}], "conditions": [{"type": "Ready", "message": "again"}]}}, sub="status")
smp("node-status-addresses-merge", "node", {"status": {"addresses": [{"type": "ExternalIP", "address": "1.2.3.4"}]}}, sub="status")
smp("node-status-capacity", "node", {"status": {"capacity": {"memory": "1Gi"}, "allocatable": {"memory": "1Gi"}}}, sub="status")
smp("node-status-ignores-spec", "node", {"spec": {"unschedulable": True}, "status": {"capacity": {"cpu": "8"}}}, sub="status")

# --- JSON patch ----------------------------------------------------------------------------
jp("jp-add-label", "cm", [{"op": "add", "path": "/metadata/labels/c", "value": "3"}])
jp("jp-add-escaped-key", "cm", [{"op": "add", "path": "/metadata/annotations/a.io~1b", "value": "1"}])
jp("jp-replace-escaped-key", "cm", [{"op": "replace", "path": "/metadata/annotations/example.com~1k", "value": "z"}])
jp("jp-remove-data", "cm", [{"op": "remove", "path": "/data/k2"}])
jp("jp-remove-missing", "cm", [{"op": "remove", "path": "/data/nope"}])
jp("jp-replace-missing-key-adds", "cm", [{"op": "replace", "path": "/data/new", "value": "n"}])
jp("jp-move", "cm", [{"op": "move", "from": "/data/k1", "path": "/data/moved"}])
jp("jp-copy", "cm", [{"op": "copy", "from": "/data/k1", "path": "/metadata/labels/copied"}])
jp("jp-copy-missing-is-null", "cm", [{"op": "copy", "from": "/data/nope", "path": "/data/n"}])
jp("jp-test-pass", "cm", [{"op": "test", "path": "/data/k1", "value": "v1"}, {"op": "add", "path": "/data/t", "value": "ok"}])
jp("jp-test-fail", "cm", [{"op": "test", "path": "/data/k1", "value": "zzz"}, {"op": "add", "path": "/data/t", "value": "ok"}])
jp("jp-test-missing-null", "cm", [{"op": "test", "path": "/data/nope", "value": None}, {"op": "add", "path": "/data/t", "value": "ok"}])
jp("jp-test-object", "cm", [{"op": "test", "path": "/metadata/labels", "value": {"b": "2", "a": "1"}}, {"op": "add", "path": "/data/t", "value": "ok"}])
jp("jp-finalizers-insert", "cm", [{"op": "add", "path": "/metadata/finalizers/1", "value": "example.com/i"}])
jp("jp-finalizers-append", "cm", [{"op": "add", "path": "/metadata/finalizers/-", "value": "example.com/e"}])
jp("jp-finalizers-negative", "cm", [{"op": "remove", "path": "/metadata/finalizers/-1"}])
jp("jp-finalizers-out-of-range", "cm", [{"op": "add", "path": "/metadata/finalizers/7", "value": "x"}])
jp("jp-finalizers-bad-index", "cm", [{"op": "replace", "path": "/metadata/finalizers/x", "value": "x"}])
jp("jp-ownerref-field", "cm", [{"op": "replace", "path": "/metadata/ownerReferences/0/name", "value": "renamed"}])
jp("jp-no-leading-slash", "cm", [{"op": "add", "path": "data/loose", "value": "x"}])
jp("jp-missing-parent", "cm", [{"op": "add", "path": "/nope/x", "value": "x"}])
jp("jp-unknown-op", "cm", [{"op": "frob", "path": "/data/k1"}])
jp("jp-missing-path", "cm", [{"op": "add", "value": "x"}])
jp("jp-not-array", "cm", {"op": "add", "path": "/data/x", "value": "1"})
jp("jp-array-of-strings", "cm", ["add"])
jp("jp-null-body", "cm", None)
jp("jp-empty", "cm", [])
jp("jp-invalid-json", "cm", None, raw="[{")
jp("jp-too-many-ops", "cm", [{"op": "test", "path": "/data/k1", "value": "v1"}], repeat=10001)
jp("jp-change-name", "cm", [{"op": "replace", "path": "/metadata/name", "value": "zz"}])
jp("jp-change-kind", "cm", [{"op": "replace", "path": "/kind", "value": "Secret"}])
jp("jp-wrong-type", "cm", [{"op": "replace", "path": "/data", "value": 5}])
jp("jp-stale-rv", "cm", [{"op": "replace", "path": "/metadata/resourceVersion", "value": "1"}])
jp("jp-remove-rv", "cm", [{"op": "remove", "path": "/metadata/resourceVersion"}, {"op": "add", "path": "/data/r", "value": "1"}])
jp("jp-pt-container-image", "pt", [{"op": "replace", "path": "/template/spec/containers/1/image", "value": "img:7"}])
jp("jp-pt-env-add", "pt", [{"op": "add", "path": "/template/spec/containers/0/env/-", "value": {"name": "E9", "value": "9"}}])
jp("jp-dep-replicas", "dep", [{"op": "replace", "path": "/spec/replicas", "value": 4}])
jp("jp-node-taint-remove", "node", [{"op": "remove", "path": "/spec/taints/0"}])
jp("jp-node-status", "node", [{"op": "replace", "path": "/status/conditions/0/status", "value": "Unknown"}], sub="status")
jp("jp-not-found", "cm", [{"op": "add", "path": "/data/x", "value": "1"}], target="does-not-exist")

jp("jp-not-array-ignore", "cm", {"op": "add", "path": "/data/x", "value": "1"}, query="fieldValidation=Ignore")
jp("jp-op-not-string", "cm", [{"op": 1, "path": "/data/x", "value": "1"}])
jp("jp-op-not-string-ignore", "cm", [{"op": 1, "path": "/data/x", "value": "1"}], query="fieldValidation=Ignore")
jp("jp-path-not-string", "cm", [{"op": "add", "path": ["x"], "value": "1"}])
jp("jp-strict-ok", "cm", [{"op": "add", "path": "/data/x", "value": "1"}], query="fieldValidation=Strict")

# --- JSON merge patch ----------------------------------------------------------------------
mp("mp-data", "cm", {"data": {"k1": None, "k5": "5"}})
mp("mp-finalizers-replace", "cm", {"metadata": {"finalizers": ["example.com/only"]}})
mp("mp-containers-replace", "pt", {"template": {"spec": {"containers": [new_container("solo")]}}})
mp("mp-null-body", "cm", None)
mp("mp-scalar-body", "cm", 5)
mp("mp-array-body", "cm", [1])
mp("mp-name-change", "cm", {"metadata": {"name": "x2"}})
mp("mp-scalar-body-ignore", "cm", 5, query="fieldValidation=Ignore")
mp("mp-array-body-ignore", "cm", [1], query="fieldValidation=Ignore")
mp("mp-nested-null-new-key", "cm", {"metadata": {"annotations": {"n": None}}, "binaryData": None})


# --- more shapes: nested merge lists, directives inside elements, edge lists ----------------
for b in ("pt", "dep"):
    smp(b + "-delete-and-readd", b, podspec(b, {"containers": [{"$patch": "delete", "name": "a"}, new_container("a", "img:5")]}))
    smp(b + "-element-map-replace", b, podspec(b, {"containers": [{"name": "a", "resources": {"$patch": "replace", "limits": {"memory": "1Gi"}}}]}))
    smp(b + "-element-retainkeys", b, podspec(b, {"containers": [{"name": "b", "$retainKeys": ["name", "image", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy"], "image": "img:8"}]}))
    smp(b + "-empty-merge-list", b, podspec(b, {"containers": []}))
    smp(b + "-new-element-nulls", b, podspec(b, {"containers": [dict(new_container("n2"), args=None, env=[{"name": "Q", "value": None}])]}))
    smp(b + "-resources-null-key", b, podspec(b, {"containers": [{"name": "a", "resources": {"limits": {"cpu": None, "memory": "2Gi"}}}]}))
    smp(b + "-initcontainers-new", b, podspec(b, {"initContainers": [new_container("init")]}))
    smp(b + "-topology-spread-add", b, podspec(b, {"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": "x"}}}]}))
    smp(b + "-hostaliases-add", b, podspec(b, {"hostAliases": [{"ip": "10.1.1.1", "hostnames": ["a.local"]}]}))
    smp(b + "-nested-setorder-and-delete", b, podspec(b, {
        "$setElementOrder/containers": [{"name": "c"}, {"name": "b"}, {"name": "a"}],
        "containers": [{"name": "b", "$setElementOrder/env": [{"name": "E3"}, {"name": "E1"}],
                        "env": [{"name": "E3", "value": "3"}, {"$patch": "delete", "name": "E2"}]}]}))
    smp(b + "-volumes-delete", b, podspec(b, {"volumes": [{"$patch": "delete", "name": "v2"}], "containers": [{"name": "a", "volumeMounts": [{"$patch": "delete", "mountPath": "/v2"}]}, {"name": "b", "volumeMounts": [{"$patch": "delete", "mountPath": "/v2"}]}, {"name": "c", "volumeMounts": [{"$patch": "delete", "mountPath": "/v2"}]}]}))
    smp(b + "-affinity-new", b, podspec(b, {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "k", "operator": "In", "values": ["v"]}]}]}}}}))

smp("finalizers-add-and-delete-disjoint", "cm", {"metadata": {"finalizers": ["example.com/x"], "$deleteFromPrimitiveList/finalizers": ["example.com/a"]}})
smp("finalizers-setorder-and-delete", "cm", {"metadata": {"$setElementOrder/finalizers": ["example.com/c", "example.com/a"], "$deleteFromPrimitiveList/finalizers": ["example.com/b"]}})
smp("ownerrefs-setorder-add-delete", "cm", {"metadata": {"$setElementOrder/ownerReferences": [{"uid": "u3"}, {"uid": "u2"}], "ownerReferences": [{"uid": "u3", "name": "o3", "apiVersion": "v1", "kind": "Secret"}, {"$patch": "delete", "uid": "u1"}]}})
smp("node-status-dup-in-patch", "node", {"status": {"conditions": [{"type": "Ready", "status": "False"}, {"type": "Ready", "reason": "R2"}]}}, sub="status")
smp("node-status-addresses-setorder", "node", {"status": {"$setElementOrder/addresses": [{"type": "Hostname"}, {"type": "InternalIP"}]}}, sub="status")
smp("sa-secrets-setorder", "sa", {"$setElementOrder/secrets": [{"name": "t2"}, {"name": "t1"}]})
smp("svc-port-delete-and-add", "svc", {"spec": {"ports": [{"$patch": "delete", "port": 80}, {"name": "web", "port": 8000, "targetPort": 8000, "protocol": "TCP"}]}})
smp("svc-port-name-change", "svc", {"spec": {"ports": [{"port": 80, "name": "web"}]}})
smp("dep-strategy-delete-map", "dep", {"spec": {"strategy": {"$patch": "delete"}}})
smp("dep-template-labels-replace", "dep", {"spec": {"template": {"metadata": {"labels": {"$patch": "replace", "app": "d", "v": "2"}}}}})
jp("jp-test-number", "dep", [{"op": "test", "path": "/spec/replicas", "value": 2}, {"op": "replace", "path": "/spec/replicas", "value": 3}])
jp("jp-env-copy", "pt", [{"op": "copy", "from": "/template/spec/containers/0/env/0", "path": "/template/spec/containers/1/env/0"}])
jp("jp-container-move", "pt", [{"op": "move", "from": "/template/spec/containers/2", "path": "/template/spec/containers/0"}])
jp("jp-remove-labels", "cm", [{"op": "remove", "path": "/metadata/labels"}])
jp("jp-escape-tilde", "cm", [{"op": "test", "path": "/metadata/annotations/example.com~1k", "value": "v"}, {"op": "test", "path": "/data/a~0b", "value": None}, {"op": "add", "path": "/data/tilde", "value": "t"}])
jp("jp-escape-order", "cm", [{"op": "test", "path": "/metadata/annotations/example.com~01k", "value": "v"}, {"op": "add", "path": "/data/tilde", "value": "t"}])
jp("jp-replace-root", "cm", [{"op": "replace", "path": "", "value": {"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "b"}}}])
jp("jp-test-root", "cm", [{"op": "test", "path": "", "value": {}}])
jp("jp-svc-port-replace", "svc", [{"op": "replace", "path": "/spec/ports/1/targetPort", "value": 9443}])
mp("mp-labels-null", "cm", {"metadata": {"labels": {"a": None, "n": "1"}}})
mp("mp-svc-ports", "svc", {"spec": {"ports": [{"name": "only", "port": 81, "targetPort": 81, "protocol": "TCP"}]}})

# --- scale subresource --------------------------------------------------------------------
smp("scale-strategic", "dep", {"spec": {"replicas": 3}}, sub="scale")
mp("scale-merge", "dep", {"spec": {"replicas": 4}}, sub="scale")
jp("scale-json", "dep", [{"op": "replace", "path": "/spec/replicas", "value": 5}], sub="scale")
jp("scale-json-test-fail", "dep", [{"op": "test", "path": "/spec/replicas", "value": 9}], sub="scale")
smp("scale-stale-rv", "dep", {"metadata": {"resourceVersion": "1"}, "spec": {"replicas": 3}}, sub="scale")

# --- content types ---------------------------------------------------------------------------
case("ct-unknown", "cm", "other", {"data": {}}, content_type="application/x-foo")
case("ct-empty", "cm", "other", {"data": {}}, content_type="")
case("ct-json", "cm", "other", {"data": {}}, content_type="application/json")
case("ct-with-charset", "cm", "strategic", {"data": {"cs": "1"}},
     content_type="application/strategic-merge-patch+json; charset=utf-8")

print(json.dumps({"bases": BASES, "cases": CASES}, indent=1))
