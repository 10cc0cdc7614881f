// Printers of workload kinds (core replicationcontrollers and podtemplates, apps/v1
// deployments, replicasets, statefulsets, daemonsets, controllerrevisions, batch/v1 jobs and
// cronjobs), as upstream's printDeployment, ...
#include "kubecxx/api/apps/v1/types.h"
#include "kubecxx/api/batch/v1/types.h"
#include "lib/apiserver/table/format.h"
#include "lib/apiserver/table/printers.h"

namespace kubecxx::apiserver::table {
namespace {

namespace apps = api::apps::v1;
namespace batch = api::batch::v1;
namespace core = api::core::v1;
using api::core::v1::Container;

constexpr int64_t kSecond = 1000000000;

void LayoutContainers(const std::vector<Container>& cs, Row* row) {
  std::vector<std::string> names;
  std::vector<std::string> images;
  for (const auto& c : cs) {
    names.push_back(c.name);
    images.push_back(c.image);
  }
  row->cells.emplace_back(Join(names, ","));
  row->cells.emplace_back(Join(images, ","));
}

std::string Ratio(int64_t a, int64_t b) { return std::to_string(a) + "/" + std::to_string(b); }

void PrintDeployment(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& d = *obj.As<apps::Deployment>();
  bool ok = true;
  std::string selector = SelectorString(d.spec.selector.get(), &ok);
  if (!ok) selector = "<invalid>";
  row->cells = {d.object_meta.name,
                Ratio(d.status.ready_replicas, d.spec.replicas.value_or(0)),
                static_cast<int64_t>(d.status.updated_replicas),
                static_cast<int64_t>(d.status.available_replicas),
                Since(d.object_meta.creation_timestamp, ctx.now_nanos)};
  LayoutContainers(d.spec.template_.spec.containers, row);
  row->cells.emplace_back(selector);
}

void PrintReplicaSet(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& rs = *obj.As<apps::ReplicaSet>();
  row->cells = {rs.object_meta.name, static_cast<int64_t>(rs.spec.replicas.value_or(0)),
                static_cast<int64_t>(rs.status.replicas),
                static_cast<int64_t>(rs.status.ready_replicas),
                Since(rs.object_meta.creation_timestamp, ctx.now_nanos)};
  LayoutContainers(rs.spec.template_.spec.containers, row);
  row->cells.emplace_back(FormatLabelSelector(rs.spec.selector.get()));
}

void PrintStatefulSet(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& ss = *obj.As<apps::StatefulSet>();
  row->cells = {ss.object_meta.name, Ratio(ss.status.ready_replicas, ss.spec.replicas.value_or(0)),
                Since(ss.object_meta.creation_timestamp, ctx.now_nanos)};
  LayoutContainers(ss.spec.template_.spec.containers, row);
}

void PrintDaemonSet(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& ds = *obj.As<apps::DaemonSet>();
  const auto& st = ds.status;
  row->cells = {ds.object_meta.name,
                static_cast<int64_t>(st.desired_number_scheduled),
                static_cast<int64_t>(st.current_number_scheduled),
                static_cast<int64_t>(st.number_ready),
                static_cast<int64_t>(st.updated_number_scheduled),
                static_cast<int64_t>(st.number_available),
                FormatLabels(ds.spec.template_.spec.node_selector),
                Since(ds.object_meta.creation_timestamp, ctx.now_nanos)};
  LayoutContainers(ds.spec.template_.spec.containers, row);
  row->cells.emplace_back(FormatLabelSelector(ds.spec.selector.get()));
}

bool HasJobCondition(const std::vector<batch::JobCondition>& conds, std::string_view type) {
  for (const auto& c : conds) {
    if (c.type == type) return c.status == "True";
  }
  return false;
}

void PrintJob(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& j = *obj.As<batch::Job>();
  const auto& st = j.status;
  std::string completions;
  if (j.spec.completions) {
    completions = Ratio(st.succeeded, *j.spec.completions);
  } else {
    int32_t parallelism = j.spec.parallelism.value_or(0);
    completions = parallelism > 1 ? Ratio(st.succeeded, 1) + " of " + std::to_string(parallelism)
                                  : Ratio(st.succeeded, 1);
  }
  std::string duration;
  if (st.start_time && !st.completion_time) {
    duration = HumanDuration(ctx.now_nanos - st.start_time->seconds * kSecond);
  } else if (st.start_time) {
    duration = HumanDuration((st.completion_time->seconds - st.start_time->seconds) * kSecond);
  }
  std::string status;
  if (HasJobCondition(st.conditions, "Complete")) {
    status = "Complete";
  } else if (HasJobCondition(st.conditions, "Failed")) {
    status = "Failed";
  } else if (j.object_meta.deletion_timestamp) {
    status = "Terminating";
  } else if (HasJobCondition(st.conditions, "Suspended")) {
    status = "Suspended";
  } else if (HasJobCondition(st.conditions, "FailureTarget")) {
    status = "FailureTarget";
  } else if (HasJobCondition(st.conditions, "SuccessCriteriaMet")) {
    status = "SuccessCriteriaMet";
  } else {
    status = "Running";
  }
  row->cells = {j.object_meta.name, status, completions, duration,
                Since(j.object_meta.creation_timestamp, ctx.now_nanos)};
  LayoutContainers(j.spec.template_.spec.containers, row);
  row->cells.emplace_back(FormatLabelSelector(j.spec.selector.get()));
}

void PrintCronJob(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& cj = *obj.As<batch::CronJob>();
  std::string last = cj.status.last_schedule_time
                         ? Since(*cj.status.last_schedule_time, ctx.now_nanos)
                         : std::string("<none>");
  std::string suspend =
      cj.spec.suspend ? (*cj.spec.suspend ? "True" : "False") : std::string("<unset>");
  row->cells = {cj.object_meta.name,
                cj.spec.schedule,
                cj.spec.time_zone.value_or("<none>"),
                suspend,
                static_cast<int64_t>(cj.status.active.size()),
                last,
                Since(cj.object_meta.creation_timestamp, ctx.now_nanos)};
  LayoutContainers(cj.spec.job_template.spec.template_.spec.containers, row);
  row->cells.emplace_back(FormatLabelSelector(cj.spec.job_template.spec.selector.get()));
}

void PrintControllerRevision(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& cr = *obj.As<apps::ControllerRevision>();
  std::string controller = "<none>";
  for (const auto& ref : cr.object_meta.owner_references) {
    if (ref.controller && *ref.controller) {
      // formatResourceName(GroupKind{group of apiVersion, kind}, name, withKind=true)
      std::string group = ref.api_version.find('/') == std::string::npos
                              ? ""
                              : ref.api_version.substr(0, ref.api_version.find('/'));
      std::string kind = ref.kind;
      for (char& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      controller = (group.empty() ? kind : kind + "." + group) + "/" + ref.name;
      break;
    }
  }
  row->cells = {cr.object_meta.name, controller, cr.revision,
                Since(cr.object_meta.creation_timestamp, ctx.now_nanos)};
}

void PrintReplicationController(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& rc = *obj.As<core::ReplicationController>();
  row->cells = {rc.object_meta.name, static_cast<int64_t>(rc.spec.replicas.value_or(0)),
                static_cast<int64_t>(rc.status.replicas),
                static_cast<int64_t>(rc.status.ready_replicas),
                Since(rc.object_meta.creation_timestamp, ctx.now_nanos)};
  LayoutContainers(rc.spec.template_ ? rc.spec.template_->spec.containers
                                     : std::vector<core::Container>{},
                   row);
  row->cells.emplace_back(FormatLabels(rc.spec.selector));
}

void PrintPodTemplate(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& pt = *obj.As<core::PodTemplate>();
  row->cells = {pt.object_meta.name};
  LayoutContainers(pt.template_.spec.containers, row);
  row->cells.emplace_back(FormatLabels(pt.template_.object_meta.labels));
  (void)ctx;
}

}  // namespace

void AddWorkloadPrinters(std::vector<Printer>* out) {
  out->push_back({"", "v1", "replicationcontrollers", &PrintReplicationController});
  out->push_back({"", "v1", "podtemplates", &PrintPodTemplate});
  out->push_back({"apps", "v1", "deployments", &PrintDeployment});
  out->push_back({"apps", "v1", "replicasets", &PrintReplicaSet});
  out->push_back({"apps", "v1", "statefulsets", &PrintStatefulSet});
  out->push_back({"apps", "v1", "daemonsets", &PrintDaemonSet});
  out->push_back({"apps", "v1", "controllerrevisions", &PrintControllerRevision});
  out->push_back({"batch", "v1", "jobs", &PrintJob});
  out->push_back({"batch", "v1", "cronjobs", &PrintCronJob});
}

}  // namespace kubecxx::apiserver::table
