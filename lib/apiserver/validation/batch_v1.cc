// batch/v1 Job and CronJob (pkg/apis/batch/validation), with robfig/cron v3's ParseStandard
// errors for schedules. Not yet: podFailurePolicy, successPolicy, scheduling rules, time zone
// database lookups, the Job template immutability message (upstream prints the internal
// template as JSON).
#include <cctype>

#include "lib/api/go_strconv.h"
#include "lib/apiserver/validation/meta.h"
#include "lib/apiserver/validation/pod.h"
#include "lib/apiserver/validation/workloads.h"

namespace kubecxx::apiserver::validation::internal {
namespace {

namespace batch = api::batch::v1;

std::vector<std::string> Fields(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? at : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

// strconv.Atoi then robfig's non-negative check.
std::string ParseUint(const std::string& e, int64_t* out) {
  auto n = api::ParseGoInt64(e);
  if (!n) {
    bool digits = !e.empty();
    for (size_t i = (e.size() && (e[0] == '-' || e[0] == '+')) ? 1 : 0; i < e.size(); ++i) {
      digits = digits && std::isdigit(static_cast<unsigned char>(e[i]));
    }
    std::string why = digits && e.size() > 1 ? "value out of range" : "invalid syntax";
    return "failed to parse int from " + e + ": strconv.Atoi: parsing " + QuoteStr(e) + ": " + why;
  }
  if (*n < 0) return "negative number (" + std::to_string(*n) + ") not allowed: " + e;
  *out = *n;
  return "";
}

struct Bounds {
  int64_t min, max;
  std::vector<std::string> names;  // index + min = value
};

std::string ParseIntOrName(const std::string& e, const Bounds& b, int64_t* out) {
  std::string lower = e;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t i = 0; i < b.names.size(); ++i) {
    if (b.names[i] == lower) {
      *out = static_cast<int64_t>(i) + b.min;
      return "";
    }
  }
  return ParseUint(e, out);
}

std::string GetRange(const std::string& expr, const Bounds& b) {
  auto range_step = Split(expr, '/');
  auto low_high = Split(range_step[0], '-');
  int64_t start = 0, end = 0, step = 1;
  if (low_high[0] == "*" || low_high[0] == "?") {
    start = b.min;
    end = b.max;
  } else {
    if (auto e = ParseIntOrName(low_high[0], b, &start); !e.empty()) return e;
    if (low_high.size() == 1) {
      end = start;
    } else if (low_high.size() == 2) {
      if (auto e = ParseIntOrName(low_high[1], b, &end); !e.empty()) return e;
    } else {
      return "too many hyphens: " + expr;
    }
  }
  if (range_step.size() == 2) {
    if (auto e = ParseUint(range_step[1], &step); !e.empty()) return e;
    if (low_high.size() == 1) end = b.max;
  } else if (range_step.size() > 2) {
    return "too many slashes: " + expr;
  }
  if (start < b.min) {
    return "beginning of range (" + std::to_string(start) + ") below minimum (" + std::to_string(b.min) + "): " + expr;
  }
  if (end > b.max) {
    return "end of range (" + std::to_string(end) + ") above maximum (" + std::to_string(b.max) + "): " + expr;
  }
  if (start > end) {
    return "beginning of range (" + std::to_string(start) + ") beyond end of range (" + std::to_string(end) + "): " + expr;
  }
  if (step == 0) return "step of range should be a positive number: " + expr;
  return "";
}

// cron.ParseStandard's error, "" when the schedule parses. Time zone prefixes are not
// resolved (any name is accepted).
std::string CronError(const std::string& schedule) {
  if (schedule.empty()) return "empty spec string";
  std::string spec = schedule;
  if (spec.rfind("TZ=", 0) == 0 || spec.rfind("CRON_TZ=", 0) == 0) {
    size_t sp = spec.find(' ');
    spec = sp == std::string::npos ? "" : spec.substr(sp);
    size_t b = spec.find_first_not_of(" \t\n\r\v\f");
    spec = b == std::string::npos ? "" : spec.substr(b, spec.find_last_not_of(" \t\n\r\v\f") - b + 1);
  }
  if (!spec.empty() && spec[0] == '@') {
    static const char* kDescriptors[] = {"@yearly", "@annually", "@monthly", "@weekly",
                                         "@daily",  "@midnight", "@hourly"};
    for (const char* d : kDescriptors) {
      if (spec == d) return "";
    }
    if (spec.rfind("@every ", 0) == 0) return "";
    return "unrecognized descriptor: " + spec;
  }
  auto fields = Fields(spec);
  if (fields.size() != 5) {
    std::string list = "[";
    for (size_t i = 0; i < fields.size(); ++i) list += (i ? " " : "") + fields[i];
    return "expected exactly 5 fields, found " + std::to_string(fields.size()) + ": " + list + "]";
  }
  static const Bounds kBounds[] = {
      {0, 59, {}},
      {0, 23, {}},
      {1, 31, {}},
      {1, 12, {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
      {0, 6, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
  };
  for (size_t i = 0; i < 5; ++i) {
    for (const std::string& expr : Split(fields[i], ',')) {
      if (expr.empty()) continue;  // strings.FieldsFunc drops empty parts
      if (auto e = GetRange(expr, kBounds[i]); !e.empty()) return e;
    }
  }
  return "";
}

void JobSpecCommon(Errors* out, const batch::JobSpec& s, const Path& p) {
  if (s.parallelism) NonNegative(out, p.Child("parallelism"), *s.parallelism);
  if (s.completions) NonNegative(out, p.Child("completions"), *s.completions);
  if (s.active_deadline_seconds) NonNegative(out, p.Child("activeDeadlineSeconds"), *s.active_deadline_seconds);
  if (s.backoff_limit) NonNegative(out, p.Child("backoffLimit"), *s.backoff_limit);
  if (s.ttl_seconds_after_finished) {
    NonNegative(out, p.Child("ttlSecondsAfterFinished"), *s.ttl_seconds_after_finished);
  }
  if (s.backoff_limit_per_index) NonNegative(out, p.Child("backoffLimitPerIndex"), *s.backoff_limit_per_index);
  if (s.max_failed_indexes) {
    NonNegative(out, p.Child("maxFailedIndexes"), *s.max_failed_indexes);
    if (!s.backoff_limit_per_index) {
      out->push_back(Required(p.Child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"));
    }
  }
  bool indexed = s.completion_mode && *s.completion_mode == "Indexed";
  if (s.completion_mode) {
    if (*s.completion_mode != "NonIndexed" && !indexed) {
      out->push_back(NotSupported(p.Child("completionMode"), *s.completion_mode, {"NonIndexed", "Indexed"}));
    }
    if (indexed) {
      if (!s.completions) out->push_back(Required(p.Child("completions"), "when completion mode is Indexed"));
      if (s.parallelism && *s.parallelism > 100000) {
        out->push_back(InvalidInt(p.Child("parallelism"), *s.parallelism,
                                  "must be less than or equal to 100000 when completion mode is Indexed"));
      }
      if (s.completions && s.max_failed_indexes && *s.max_failed_indexes > *s.completions) {
        out->push_back(InvalidInt(p.Child("maxFailedIndexes"), *s.max_failed_indexes,
                                  "must be less than or equal to completions"));
      }
    }
  }
  if (!indexed) {
    if (s.backoff_limit_per_index) {
      out->push_back(InvalidInt(p.Child("backoffLimitPerIndex"), *s.backoff_limit_per_index,
                                "requires indexed completion mode"));
    }
    if (s.max_failed_indexes) {
      out->push_back(InvalidInt(p.Child("maxFailedIndexes"), *s.max_failed_indexes,
                                "requires indexed completion mode"));
    }
  }
  if (s.pod_replacement_policy) {
    const std::string& v = *s.pod_replacement_policy;
    if (s.pod_failure_policy) {
      if (v != "Failed") out->push_back(NotSupported(p.Child("podReplacementPolicy"), v, {"Failed"}));
    } else if (v != "Failed" && v != "TerminatingOrFailed") {
      out->push_back(NotSupported(p.Child("podReplacementPolicy"), v, {"Failed", "TerminatingOrFailed"}));
    }
  }
  ValidatePodTemplateSpec(out, s.template_, p.Child("template"));
  Path rp = p.Child("template").Child("spec").Child("restartPolicy");
  const std::string& restart = s.template_.spec.restart_policy;
  if (restart == "Always" || restart.empty()) {
    out->push_back(Required(rp, "valid values: \"OnFailure\", \"Never\""));
  } else if (restart != "OnFailure" && restart != "Never") {
    out->push_back(NotSupported(rp, restart, {"OnFailure", "Never"}));
  } else if (s.pod_failure_policy && restart != "Never") {
    out->push_back(InvalidStr(rp, restart, "only \"Never\" is supported when podFailurePolicy is specified"));
  }
}

void JobSpec(Errors* out, const batch::JobSpec& s, const Path& p) {
  JobSpecCommon(out, s, p);
  if (!s.selector) {
    out->push_back(Required(p.Child("selector")));
  } else {
    ValidateLabelSelector(out, s.selector.get(), p.Child("selector"));
  }
  bool valid = true, empty = false;
  if (!SelectorMatches(s.selector.get(), s.template_.object_meta.labels, &valid, &empty) && valid) {
    out->push_back(Invalid(p.Child("template").Child("metadata").Child("labels"),
                           JsonOfMap(s.template_.object_meta.labels),
                           "`selector` does not match template `labels`"));
  }
}

void GeneratedSelector(Errors* out, const batch::Job& j, bool prefixed) {
  if (j.spec.manual_selector.value_or(false) || !j.spec.selector) return;
  if (j.object_meta.uid.empty()) out->push_back(Required(Path("metadata").Child("uid")));
  Path tm = Path("spec").Child("template").Child("metadata");
  const auto& labels = j.spec.template_.object_meta.labels;
  auto has = [&](const std::string& key, const std::string& want) {
    auto it = labels.find(key);
    if (it == labels.end()) {
      out->push_back(Required(tm.Child("labels").Key(key), "must be '" + want + "'"));
    } else if (it->second != want) {
      out->push_back(Invalid(tm.Child("labels").Key(key), JsonOfMap(labels), "must be '" + want + "'"));
    }
  };
  std::map<std::string, std::string> expected = {{"controller-uid", j.object_meta.uid},
                                                 {"job-name", j.object_meta.name}};
  has("controller-uid", j.object_meta.uid);
  has("job-name", j.object_meta.name);
  if (prefixed) {
    has("batch.kubernetes.io/controller-uid", j.object_meta.uid);
    has("batch.kubernetes.io/job-name", j.object_meta.name);
    expected["batch.kubernetes.io/controller-uid"] = j.object_meta.uid;
    expected["batch.kubernetes.io/job-name"] = j.object_meta.name;
  }
  bool valid = true, empty = false;
  if (!SelectorMatches(j.spec.selector.get(), expected, &valid, &empty) && valid) {
    out->push_back(Invalid(Path("spec").Child("selector"), ToJson(*j.spec.selector),
                           "`selector` not auto-generated"));
  }
}

void NameAllowsCompletions(Errors* out, const batch::Job& j) {
  const auto& s = j.spec;
  if (s.completion_mode && *s.completion_mode == "Indexed" && s.completions && *s.completions > 0) {
    std::string host = j.object_meta.name + "-" + std::to_string(*s.completions - 1);
    if (!IsDNS1123Label(host).empty()) {
      out->push_back(InvalidStr(Path("metadata").Child("name"), j.object_meta.name,
                                "will not able to create pod with invalid DNS label: " + host));
    }
  }
}

void CronJobSpec(Errors* out, const batch::CronJobSpec& s, const batch::CronJobSpec* old,
                 const Path& p, Errors* declarative) {
  Path sp = p.Child("schedule");
  if (s.schedule.empty()) {
    // The handwritten error is covered by the beta declarative rule, which comes last.
    declarative->push_back(Required(sp));
  } else {
    if (std::string e = CronError(s.schedule); !e.empty()) out->push_back(InvalidStr(sp, s.schedule, e));
    bool allow_tz = old != nullptr && old->schedule.find("TZ") != std::string::npos;
    bool has_tz = s.schedule.find("TZ") != std::string::npos;
    if (allow_tz && has_tz && s.time_zone) {
      out->push_back(InvalidStr(sp, s.schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
    } else if (!allow_tz && has_tz) {
      out->push_back(InvalidStr(sp, s.schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
    }
  }
  if (s.starting_deadline_seconds) {
    NonNegative(out, p.Child("startingDeadlineSeconds"), *s.starting_deadline_seconds);
  }
  if ((old == nullptr || old->time_zone != s.time_zone) && s.time_zone && s.time_zone->empty()) {
    out->push_back(Invalid(p.Child("timeZone"), "\"\"", "timeZone must be nil or non-empty string"));
  }
  Path cp = p.Child("concurrencyPolicy");
  const std::string& cpv = s.concurrency_policy;
  if (cpv.empty()) {
    out->push_back(Required(cp));
  } else if (cpv != "Allow" && cpv != "Forbid" && cpv != "Replace") {
    out->push_back(NotSupported(cp, cpv, {"Allow", "Forbid", "Replace"}));
  }
  Path jt = p.Child("jobTemplate");
  JobSpecCommon(out, s.job_template.spec, jt.Child("spec"));
  if (s.job_template.spec.selector) {
    out->push_back(Invalid(jt.Child("spec").Child("selector"), ToJson(*s.job_template.spec.selector),
                           "`selector` will be auto-generated"));
  }
  if (s.job_template.spec.manual_selector.value_or(false)) {
    out->push_back(FieldNotSupported(jt.Child("spec").Child("manualSelector").str(), "true", {"nil", "false"}));
  }
  if (s.successful_jobs_history_limit) {
    NonNegative(out, p.Child("successfulJobsHistoryLimit"), *s.successful_jobs_history_limit);
  }
  if (s.failed_jobs_history_limit) {
    NonNegative(out, p.Child("failedJobsHistoryLimit"), *s.failed_jobs_history_limit);
  }
}

}  // namespace

void JobCreate(Errors* out, const batch::Job& j) {
  ValidateObjectMeta(out, j.object_meta, MetaRules{}, Path("metadata"));
  GeneratedSelector(out, j, true);
  JobSpec(out, j.spec, Path("spec"));
  NameAllowsCompletions(out, j);
}

void JobUpdate(Errors* out, const batch::Job& j, const batch::Job& old) {
  ValidateObjectMetaUpdate(out, j.object_meta, old.object_meta, true, Path("metadata"));
  Path p("spec");
  JobSpec(out, j.spec, p);
  SelectorImmutable(out, j.spec.selector.get(), old.spec.selector.get(), p.Child("selector"));
  if (j.spec.completion_mode != old.spec.completion_mode) {
    out->push_back(Invalid(p.Child("completionMode"),
                           j.spec.completion_mode ? QuoteJson(*j.spec.completion_mode) : "null", kImmutableMsg));
  }
  NameAllowsCompletions(out, j);
}

void CronJobCreate(Errors* out, const batch::CronJob& c) {
  Errors declarative;
  ValidateObjectMeta(out, c.object_meta, MetaRules{}, Path("metadata"));
  CronJobSpec(out, c.spec, nullptr, Path("spec"), &declarative);
  if (c.object_meta.name.size() > 52) {
    out->push_back(InvalidStr(Path("metadata").Child("name"), c.object_meta.name, "must be no more than 52 characters"));
  }
  Append(out, std::move(declarative));
}

void CronJobUpdate(Errors* out, const batch::CronJob& c, const batch::CronJob& old) {
  Errors declarative;
  ValidateObjectMetaUpdate(out, c.object_meta, old.object_meta, true, Path("metadata"));
  CronJobSpec(out, c.spec, &old.spec, Path("spec"), &declarative);
  Append(out, std::move(declarative));
}

}  // namespace kubecxx::apiserver::validation::internal
