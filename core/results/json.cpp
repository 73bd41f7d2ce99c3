#include "core/results/json.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <utility>

namespace memfrag::results {
namespace {

using nlohmann::json;

// ---- writing ----------------------------------------------------------------------------------

// JSON has no NaN or infinity; they are written as null and read back as NaN.
json number(double value) {
   return std::isfinite(value) ? json(value) : json(nullptr);
}

json param_value_json(const ParamValue &value) {
   return std::visit([](const auto &alternative) { return json(alternative); }, value);
}

json param_map_json(const ParamMap &params) {
   json object = json::object();
   for (const auto &[name, value] : params)
      object[name] = param_value_json(value);
   return object;
}

json named_values_json(const std::vector<std::pair<std::string, double>> &values) {
   json array = json::array();
   for (const auto &[name, value] : values)
      array.push_back({{"name", name}, {"value", number(value)}});
   return array;
}

json request_counts_json(const RequestCounts &counts) {
   return {{"requests", counts.requests},
           {"successes", counts.successes},
           {"exhaustion_failures", counts.exhaustion_failures},
           {"fragmentation_failures", counts.fragmentation_failures},
           {"policy_failures", counts.policy_failures}};
}

json by_order_json(const std::vector<std::array<RequestCounts, kRequestClassCount>> &by_order) {
   json array = json::array();
   for (const auto &classes : by_order) {
      json entry = json::object();
      for (std::size_t c = 0; c < kRequestClassCount; ++c)
         entry[request_class_name(static_cast<RequestClass>(c))] = request_counts_json(classes[c]);
      array.push_back(std::move(entry));
   }
   return array;
}

json free_state_json(const FreeState &state) {
   return {{"op_index", state.op_index},
           {"phase", state.phase},
           {"free_frames", state.free_frames},
           {"live_blocks", state.live_blocks},
           {"nr_free", state.nr_free},
           {"unusable_index", state.unusable_index},
           {"fragmentation_index", state.fragmentation_index}};
}

json timeline_json(const std::vector<FreeState> &timeline) {
   json array = json::array();
   for (const FreeState &state : timeline)
      array.push_back(free_state_json(state));
   return array;
}

json latency_json(const LatencySummary &summary) {
   json buckets = json::array();
   for (const auto &[upper_bound, count] : summary.buckets)
      buckets.push_back({upper_bound, count});
   return {{"count", summary.count},       {"min_ns", summary.min_ns},
           {"p50_ns", summary.p50_ns},     {"p90_ns", summary.p90_ns},
           {"p99_ns", summary.p99_ns},     {"p999_ns", summary.p999_ns},
           {"max_ns", summary.max_ns},     {"mean_ns", number(summary.mean_ns)},
           {"buckets", std::move(buckets)}};
}

json latencies_json(const std::vector<LatencySummary> &by_order) {
   json array = json::array();
   for (const LatencySummary &summary : by_order)
      array.push_back(latency_json(summary));
   return array;
}

json mitigation_json(const MitigationCounts &mitigation) {
   json object = json::object();
   for (const auto &[name, field] : kMitigationFields)
      object[name] = mitigation.*field;
   return object;
}

json sizing_json(const SizingCounts &sizing) {
   json object = json::object();
   for (const auto &[name, field] : kSizingFields)
      object[name] = sizing.*field;
   object["waste_frames"] = sizing.waste_frames();
   object["waste_bytes"] = sizing.waste_bytes();
   return object;
}

json counts_json(const RunCounts &counts) {
   json object = {{"frames", counts.frames},
                  {"max_order", counts.max_order},
                  {"ops", counts.ops},
                  {"allocs", counts.allocs},
                  {"frees", counts.frees},
                  {"by_order", by_order_json(counts.by_order)},
                  {"timeline", timeline_json(counts.timeline)},
                  {"final_state", free_state_json(counts.final_state)},
                  {"peak_live_frames", counts.peak_live_frames},
                  {"metadata_bytes", counts.metadata_bytes},
                  {"mitigation", mitigation_json(counts.mitigation)},
                  {"workload_figures", named_values_json(counts.workload_figures)},
                  {"reference_timeline", timeline_json(counts.reference_timeline)},
                  {"plugin_nr_free", counts.plugin_nr_free ? json(*counts.plugin_nr_free) : json()},
                  {"plugin_stats", named_values_json(counts.plugin_stats)}};
   if (counts.sizing)
      object["sizing"] = sizing_json(*counts.sizing);
   return object;
}

json named_latencies_json(const std::map<std::string, LatencySummary> &latencies) {
   json object = json::object();
   for (const auto &[name, summary] : latencies)
      object[name] = latency_json(summary);
   return object;
}

json first_touch_json(const FirstTouchCost &cost) {
   const json per_frame = cost.frames == 0 ? json() : number(static_cast<double>(cost.ns) /
                                                             static_cast<double>(cost.frames));
   return {{"frames", cost.frames},
           {"ns", cost.ns},
           {"ns_per_frame", per_frame},
           {"minor_faults", cost.minor_faults},
           {"major_faults", cost.major_faults}};
}

json timing_json(const RunTiming &timing) {
   json written = {{"wall_ns", timing.wall_ns},
           {"cpu_ns", timing.cpu_ns},
           {"alloc_ns", timing.alloc_ns},
           {"free_ns", timing.free_ns},
           {"touch_ns", timing.touch_ns},
           {"failed_alloc_ns", timing.failed_alloc_ns},
           {"reclaim_ns", timing.reclaim_ns},
           {"migrate_ns", timing.migrate_ns},
           {"vmap_ns", timing.vmap_ns},
           {"background_cpu_ns", timing.background_cpu_ns},
           {"alloc_latency", latencies_json(timing.alloc_latency)},
           {"free_latency", latencies_json(timing.free_latency)}};
   // Added after schema version 1 came out: written only when measured.
   if (timing.first_touch)
      written["first_touch"] = first_touch_json(*timing.first_touch);
   if (timing.faults)
      written["faults"] = {{"minor", timing.faults->minor}, {"major", timing.faults->major}};
   return written;
}

// The workload's own latencies were added after schema version 1 came out: written only when
// the workload timed something, so documents of other workloads stay as they were.
json timing_with_latencies_json(const RunTiming &timing) {
   json written = timing_json(timing);
   if (!timing.latencies.empty())
      written["latencies"] = named_latencies_json(timing.latencies);
   return written;
}

json violation_json(const std::optional<Violation> &violation) {
   if (!violation)
      return nullptr;
   return {{"op_index", violation->op_index},
           {"kind", violation->kind},
           {"frame", violation->frame},
           {"order", violation->order},
           {"detail", violation->detail}};
}

json last_op_json(const std::optional<LastOp> &last_op) {
   if (!last_op)
      return nullptr;
   return {{"op_index", last_op->op_index},
           {"kind", last_op->kind},
           {"order", last_op->order},
           {"frame", last_op->frame}};
}

json backing_json(const BackingRecord &backing) {
   return {{"asked", backing.asked},
           {"obtained", backing.obtained},
           {"page_bytes", backing.page_bytes},
           {"pages", backing.pages},
           {"mapped_frames", backing.mapped_frames},
           {"thp_bytes", backing.thp_bytes ? json(*backing.thp_bytes) : json()},
           {"prefaulted", backing.prefaulted},
           {"locked", backing.locked}};
}

json execution_json(const ExecutionRecord &execution) {
   return {{"threads", execution.threads},
           {"host_lock", execution.host_lock},
           {"background", execution.background}};
}

json optional_u32(const std::optional<std::uint32_t> &value) {
   return value ? json(*value) : json();
}

json worker_json(const WorkerPlacement &worker) {
   return {{"cpu", optional_u32(worker.cpu)},
           {"pinned", worker.pinned},
           {"running_on", optional_u32(worker.running_on)},
           {"node", optional_u32(worker.node)}};
}

json placement_json(const PlacementRecord &placement) {
   json pages = json::array();
   for (const auto &entry : placement.backing_pages_by_node)
      pages.push_back({{"node", entry.node}, {"backing_pages", entry.backing_pages}});
   json workers = json::array();
   for (const auto &worker : placement.workers)
      workers.push_back(worker_json(worker));
   return {{"workers", workers},
           {"cpu_node", optional_u32(placement.cpu_node)},
           {"mem_node", optional_u32(placement.mem_node)},
           {"mem_bound", placement.mem_bound},
           {"backing_pages_by_node", pages},
           {"backing_pages_not_present", placement.backing_pages_not_present},
           {"warnings", placement.warnings}};
}

json contiguity_json(const ContiguityRecord &contiguity) {
   return {{"checked", contiguity.checked},
           {"reason", contiguity.reason},
           {"blocks", contiguity.blocks},
           {"contiguous_blocks", contiguity.contiguous_blocks},
           {"frames_moved", contiguity.frames_moved}};
}

json run_json(const RunResult &run) {
   json written = {{"plugin", run.plugin},
           {"workload", run.workload},
           {"repetition", run.repetition},
           {"seed", run.seed},
           {"status", run_status_name(run.status)},
           {"message", run.message},
           {"violation", violation_json(run.violation)},
           {"last_op", last_op_json(run.last_op)},
           {"validate_failure", run.validate_failure ? json(*run.validate_failure) : json()},
           {"counts", counts_json(run.counts)},
           {"timing", timing_with_latencies_json(run.timing)}};
   // Added after schema version 1 came out: written only when known, so documents of runs
   // without it stay as they were.
   if (run.backing)
      written["backing"] = backing_json(*run.backing);
   if (run.execution)
      written["execution"] = execution_json(*run.execution);
   if (run.placement)
      written["placement"] = placement_json(*run.placement);
   if (run.contiguity)
      written["contiguity"] = contiguity_json(*run.contiguity);
   return written;
}

json plugin_json(const PluginRecord &plugin) {
   return {{"key", plugin.key},
           {"ref", plugin.ref},
           {"id", plugin.id},
           {"name", plugin.name},
           {"vendor", plugin.vendor},
           {"version", plugin.version},
           {"description", plugin.description},
           {"path", plugin.path},
           {"sha256", plugin.sha256},
           {"thread_safe", plugin.thread_safe},
           {"params", param_map_json(plugin.params)}};
}

json workload_json(const WorkloadRecord &workload) {
   return {{"key", workload.key},   {"ref", workload.ref},       {"name", workload.name},
           {"path", workload.path}, {"sha256", workload.sha256}, {"spec", workload.spec}};
}

template <typename T, typename Write> json array_json(const std::vector<T> &items, Write write) {
   json array = json::array();
   for (const T &item : items)
      array.push_back(write(item));
   return array;
}

// ---- reading ----------------------------------------------------------------------------------

// RFC 6901 escaping of one reference token.
std::string pointer_token(std::string_view key) {
   std::string token;
   for (char c : key) {
      if (c == '~')
         token += "~0";
      else if (c == '/')
         token += "~1";
      else
         token += c;
   }
   return token;
}

// A JSON value with the pointer that leads to it, for error messages.
struct Value {
   const json &node;
   std::string pointer;

   [[noreturn]] void fail(const std::string &why) const {
      throw JsonFormatError("results JSON: " + (pointer.empty() ? std::string("/") : pointer) +
                            ": " + why);
   }
   Value at(std::size_t index) const {
      return {node[index], pointer + "/" + std::to_string(index)};
   }
};

const char *type_name(const json &node) {
   if (node.is_number_integer())
      return "an integer";
   if (node.is_number_float())
      return "a number";
   return node.type_name();
}

// Reads the members of one object; every member must be read, every read member must exist.
class ObjectReader {
 public:
   explicit ObjectReader(const Value &value) : value_(value) {
      if (!value.node.is_object())
         value.fail(std::string("expected an object, found ") + type_name(value.node));
   }
   Value operator[](const char *key) {
      const auto found = value_.node.find(key);
      if (found == value_.node.end())
         value_.fail(std::string("missing field '") + key + "'");
      read_.insert(key);
      return {*found, value_.pointer + "/" + pointer_token(key)};
   }
   // A field added after schema version 1 came out: older documents lack it.
   std::optional<Value> optional(const char *key) {
      if (!value_.node.contains(key))
         return std::nullopt;
      return (*this)[key];
   }
   void finish() const {
      for (const auto &[key, member] : value_.node.items())
         if (!read_.contains(key))
            value_.fail("unknown field '" + key + "'");
   }

 private:
   Value value_;
   std::set<std::string, std::less<>> read_;
};

std::uint64_t read_u64(const Value &value) {
   if (value.node.is_number_unsigned())
      return value.node.get<std::uint64_t>();
   if (value.node.is_number_integer() && value.node.get<std::int64_t>() >= 0)
      return static_cast<std::uint64_t>(value.node.get<std::int64_t>());
   value.fail(std::string("expected an unsigned integer, found ") + type_name(value.node));
}

std::uint32_t read_u32(const Value &value) {
   const std::uint64_t wide = read_u64(value);
   if (wide > std::numeric_limits<std::uint32_t>::max())
      value.fail("expected an unsigned 32-bit integer, found " + std::to_string(wide));
   return static_cast<std::uint32_t>(wide);
}

std::int64_t read_i64(const Value &value) {
   if (value.node.is_number_unsigned() &&
       value.node.get<std::uint64_t>() > std::uint64_t{std::numeric_limits<std::int64_t>::max()})
      value.fail("integer out of the signed 64-bit range");
   if (!value.node.is_number_integer())
      value.fail(std::string("expected an integer, found ") + type_name(value.node));
   return value.node.get<std::int64_t>();
}

std::int32_t read_i32(const Value &value) {
   const std::int64_t wide = read_i64(value);
   if (wide < std::numeric_limits<std::int32_t>::min() ||
       wide > std::numeric_limits<std::int32_t>::max())
      value.fail("integer out of the signed 32-bit range: " + std::to_string(wide));
   return static_cast<std::int32_t>(wide);
}

double read_double(const Value &value) {
   if (value.node.is_null())
      return std::numeric_limits<double>::quiet_NaN();
   if (!value.node.is_number())
      value.fail(std::string("expected a number, found ") + type_name(value.node));
   return value.node.get<double>();
}

bool read_bool(const Value &value) {
   if (!value.node.is_boolean())
      value.fail(std::string("expected true or false, found ") + type_name(value.node));
   return value.node.get<bool>();
}

std::string read_string(const Value &value) {
   if (!value.node.is_string())
      value.fail(std::string("expected a string, found ") + type_name(value.node));
   return value.node.get<std::string>();
}

template <typename Read> auto read_array(const Value &value, Read read) {
   if (!value.node.is_array())
      value.fail(std::string("expected an array, found ") + type_name(value.node));
   std::vector<decltype(read(value))> items;
   items.reserve(value.node.size());
   for (std::size_t i = 0; i < value.node.size(); ++i)
      items.push_back(read(value.at(i)));
   return items;
}

template <typename Read> auto read_nullable(const Value &value, Read read) {
   using Item = decltype(read(value));
   return value.node.is_null() ? std::optional<Item>() : std::optional<Item>(read(value));
}

ParamValue read_param_value(const Value &value) {
   if (value.node.is_boolean())
      return value.node.get<bool>();
   if (value.node.is_number_integer())
      return read_i64(value);
   if (value.node.is_number_float())
      return value.node.get<double>();
   if (value.node.is_string())
      return value.node.get<std::string>();
   value.fail(std::string("expected an integer, number, boolean or string, found ") +
              type_name(value.node));
}

ParamMap read_param_map(const Value &value) {
   if (!value.node.is_object())
      value.fail(std::string("expected an object, found ") + type_name(value.node));
   ParamMap params;
   for (const auto &[name, member] : value.node.items())
      params[name] = read_param_value({member, value.pointer + "/" + pointer_token(name)});
   return params;
}

std::pair<std::string, double> read_named_value(const Value &value) {
   ObjectReader object(value);
   std::pair<std::string, double> named{read_string(object["name"]), read_double(object["value"])};
   object.finish();
   return named;
}

RequestCounts read_request_counts(const Value &value) {
   ObjectReader object(value);
   RequestCounts counts;
   counts.requests = read_u64(object["requests"]);
   counts.successes = read_u64(object["successes"]);
   counts.exhaustion_failures = read_u64(object["exhaustion_failures"]);
   counts.fragmentation_failures = read_u64(object["fragmentation_failures"]);
   counts.policy_failures = read_u64(object["policy_failures"]);
   object.finish();
   return counts;
}

std::array<RequestCounts, kRequestClassCount> read_order_counts(const Value &value) {
   ObjectReader object(value);
   std::array<RequestCounts, kRequestClassCount> classes;
   for (std::size_t c = 0; c < kRequestClassCount; ++c)
      classes[c] = read_request_counts(object[request_class_name(static_cast<RequestClass>(c))]);
   object.finish();
   return classes;
}

FreeState read_free_state(const Value &value) {
   ObjectReader object(value);
   FreeState state;
   state.op_index = read_u64(object["op_index"]);
   state.phase = read_u32(object["phase"]);
   state.free_frames = read_u64(object["free_frames"]);
   state.live_blocks = read_u64(object["live_blocks"]);
   state.nr_free = read_array(object["nr_free"], read_u64);
   state.unusable_index = read_array(object["unusable_index"], read_i32);
   state.fragmentation_index = read_array(object["fragmentation_index"], read_i32);
   object.finish();
   return state;
}

std::pair<std::uint64_t, std::uint64_t> read_bucket(const Value &value) {
   if (!value.node.is_array() || value.node.size() != 2)
      value.fail("expected an array [upper bound, count]");
   return {read_u64(value.at(0)), read_u64(value.at(1))};
}

LatencySummary read_latency(const Value &value) {
   ObjectReader object(value);
   LatencySummary summary;
   summary.count = read_u64(object["count"]);
   summary.min_ns = read_u64(object["min_ns"]);
   summary.p50_ns = read_u64(object["p50_ns"]);
   summary.p90_ns = read_u64(object["p90_ns"]);
   summary.p99_ns = read_u64(object["p99_ns"]);
   summary.p999_ns = read_u64(object["p999_ns"]);
   summary.max_ns = read_u64(object["max_ns"]);
   summary.mean_ns = read_double(object["mean_ns"]);
   summary.buckets = read_array(object["buckets"], read_bucket);
   object.finish();
   return summary;
}

MitigationCounts read_mitigation(const Value &value) {
   ObjectReader object(value);
   MitigationCounts mitigation;
   for (const auto &[name, field] : kMitigationFields)
      mitigation.*field = read_u64(object[name]);
   object.finish();
   return mitigation;
}

// The waste figures are derived: a document whose figures disagree with its counters is wrong.
SizingCounts read_sizing(const Value &value) {
   ObjectReader object(value);
   SizingCounts sizing;
   for (const auto &[name, field] : kSizingFields)
      sizing.*field = read_u64(object[name]);
   if (sizing.frames_handed_out < sizing.frames_needed ||
       sizing.frames_handed_out * 4096 < sizing.bytes_requested)
      value.fail("expected frames_handed_out to cover frames_needed and bytes_requested");
   if (read_u64(object["waste_frames"]) != sizing.waste_frames() ||
       read_u64(object["waste_bytes"]) != sizing.waste_bytes())
      value.fail("expected waste_frames and waste_bytes to follow from the counters");
   object.finish();
   return sizing;
}

RunCounts read_counts(const Value &value) {
   ObjectReader object(value);
   RunCounts counts;
   counts.frames = read_u64(object["frames"]);
   counts.max_order = read_u32(object["max_order"]);
   counts.ops = read_u64(object["ops"]);
   counts.allocs = read_u64(object["allocs"]);
   counts.frees = read_u64(object["frees"]);
   counts.by_order = read_array(object["by_order"], read_order_counts);
   counts.timeline = read_array(object["timeline"], read_free_state);
   counts.final_state = read_free_state(object["final_state"]);
   counts.peak_live_frames = read_u64(object["peak_live_frames"]);
   counts.metadata_bytes = read_u64(object["metadata_bytes"]);
   counts.mitigation = read_mitigation(object["mitigation"]);
   if (const auto sizing = object.optional("sizing"))
      counts.sizing = read_sizing(*sizing);
   counts.workload_figures = read_array(object["workload_figures"], read_named_value);
   counts.reference_timeline = read_array(object["reference_timeline"], read_free_state);
   counts.plugin_nr_free = read_nullable(object["plugin_nr_free"], [](const Value &nr_free) {
      return read_array(nr_free, read_u64);
   });
   counts.plugin_stats = read_array(object["plugin_stats"], read_named_value);
   object.finish();
   return counts;
}

// ns_per_frame is derived from ns and frames: checked for type, not kept.
FirstTouchCost read_first_touch(const Value &value) {
   ObjectReader object(value);
   FirstTouchCost cost;
   cost.frames = read_u64(object["frames"]);
   cost.ns = read_u64(object["ns"]);
   read_double(object["ns_per_frame"]);
   cost.minor_faults = read_u64(object["minor_faults"]);
   cost.major_faults = read_u64(object["major_faults"]);
   object.finish();
   return cost;
}

FaultCount read_faults(const Value &value) {
   ObjectReader object(value);
   FaultCount faults{read_u64(object["minor"]), read_u64(object["major"])};
   object.finish();
   return faults;
}

RunTiming read_timing(const Value &value) {
   ObjectReader object(value);
   RunTiming timing;
   timing.wall_ns = read_u64(object["wall_ns"]);
   timing.cpu_ns = read_u64(object["cpu_ns"]);
   timing.alloc_ns = read_u64(object["alloc_ns"]);
   timing.free_ns = read_u64(object["free_ns"]);
   timing.touch_ns = read_u64(object["touch_ns"]);
   timing.failed_alloc_ns = read_u64(object["failed_alloc_ns"]);
   timing.reclaim_ns = read_u64(object["reclaim_ns"]);
   timing.migrate_ns = read_u64(object["migrate_ns"]);
   timing.vmap_ns = read_u64(object["vmap_ns"]);
   timing.background_cpu_ns = read_u64(object["background_cpu_ns"]);
   timing.alloc_latency = read_array(object["alloc_latency"], read_latency);
   timing.free_latency = read_array(object["free_latency"], read_latency);
   if (const auto latencies = object.optional("latencies")) {
      if (!latencies->node.is_object())
         latencies->fail(std::string("expected an object, found ") + type_name(latencies->node));
      for (const auto &[name, summary] : latencies->node.items())
         timing.latencies[name] =
             read_latency({summary, latencies->pointer + "/" + pointer_token(name)});
   }
   if (const auto first_touch = object.optional("first_touch"))
      timing.first_touch = read_first_touch(*first_touch);
   if (const auto faults = object.optional("faults"))
      timing.faults = read_faults(*faults);
   object.finish();
   return timing;
}

Violation read_violation(const Value &value) {
   ObjectReader object(value);
   Violation violation;
   violation.op_index = read_u64(object["op_index"]);
   violation.kind = read_string(object["kind"]);
   violation.frame = read_u64(object["frame"]);
   violation.order = read_u32(object["order"]);
   violation.detail = read_string(object["detail"]);
   object.finish();
   return violation;
}

LastOp read_last_op(const Value &value) {
   ObjectReader object(value);
   LastOp last_op;
   last_op.op_index = read_u64(object["op_index"]);
   last_op.kind = read_string(object["kind"]);
   last_op.order = read_u32(object["order"]);
   last_op.frame = read_u64(object["frame"]);
   object.finish();
   return last_op;
}

BackingRecord read_backing(const Value &value) {
   ObjectReader object(value);
   BackingRecord backing;
   backing.asked = read_string(object["asked"]);
   backing.obtained = read_string(object["obtained"]);
   backing.page_bytes = read_u64(object["page_bytes"]);
   backing.pages = read_u64(object["pages"]);
   backing.mapped_frames = read_u64(object["mapped_frames"]);
   backing.thp_bytes = read_nullable(object["thp_bytes"], read_u64);
   backing.prefaulted = read_bool(object["prefaulted"]);
   backing.locked = read_bool(object["locked"]);
   object.finish();
   return backing;
}

ExecutionRecord read_execution(const Value &value) {
   ObjectReader object(value);
   ExecutionRecord execution;
   execution.threads = read_u32(object["threads"]);
   execution.host_lock = read_bool(object["host_lock"]);
   execution.background = read_string(object["background"]);
   object.finish();
   return execution;
}

WorkerPlacement read_worker(const Value &value) {
   ObjectReader object(value);
   WorkerPlacement worker;
   worker.cpu = read_nullable(object["cpu"], read_u32);
   worker.pinned = read_bool(object["pinned"]);
   worker.running_on = read_nullable(object["running_on"], read_u32);
   worker.node = read_nullable(object["node"], read_u32);
   object.finish();
   return worker;
}

NodeBackingPages read_node_pages(const Value &value) {
   ObjectReader object(value);
   NodeBackingPages pages{read_u32(object["node"]), read_u64(object["backing_pages"])};
   object.finish();
   return pages;
}

PlacementRecord read_placement(const Value &value) {
   ObjectReader object(value);
   PlacementRecord placement;
   placement.workers = read_array(object["workers"], read_worker);
   placement.cpu_node = read_nullable(object["cpu_node"], read_u32);
   placement.mem_node = read_nullable(object["mem_node"], read_u32);
   placement.mem_bound = read_bool(object["mem_bound"]);
   placement.backing_pages_by_node = read_array(object["backing_pages_by_node"], read_node_pages);
   placement.backing_pages_not_present = read_u64(object["backing_pages_not_present"]);
   placement.warnings = read_array(object["warnings"], read_string);
   object.finish();
   return placement;
}

ContiguityRecord read_contiguity(const Value &value) {
   ObjectReader object(value);
   ContiguityRecord contiguity;
   contiguity.checked = read_bool(object["checked"]);
   contiguity.reason = read_string(object["reason"]);
   contiguity.blocks = read_array(object["blocks"], read_u64);
   contiguity.contiguous_blocks = read_array(object["contiguous_blocks"], read_u64);
   contiguity.frames_moved = read_u64(object["frames_moved"]);
   object.finish();
   return contiguity;
}

RunStatus read_status(const Value &value) {
   const std::string name = read_string(value);
   const std::optional<RunStatus> status = run_status_from_name(name);
   if (!status)
      value.fail("unknown run status '" + name +
                 "' (expected ok, invalid, crashed, timeout, error or skipped)");
   return *status;
}

RunResult read_run(const Value &value) {
   ObjectReader object(value);
   RunResult run;
   run.plugin = read_string(object["plugin"]);
   run.workload = read_string(object["workload"]);
   run.repetition = read_u32(object["repetition"]);
   run.seed = read_u64(object["seed"]);
   run.status = read_status(object["status"]);
   run.message = read_string(object["message"]);
   run.violation = read_nullable(object["violation"], read_violation);
   run.last_op = read_nullable(object["last_op"], read_last_op);
   run.validate_failure = read_nullable(object["validate_failure"], read_string);
   run.counts = read_counts(object["counts"]);
   run.timing = read_timing(object["timing"]);
   if (const auto backing = object.optional("backing"))
      run.backing = read_backing(*backing);
   if (const auto execution = object.optional("execution"))
      run.execution = read_execution(*execution);
   if (const auto placement = object.optional("placement"))
      run.placement = read_placement(*placement);
   if (const auto contiguity = object.optional("contiguity"))
      run.contiguity = read_contiguity(*contiguity);
   object.finish();
   return run;
}

PluginRecord read_plugin(const Value &value) {
   ObjectReader object(value);
   PluginRecord plugin;
   plugin.key = read_string(object["key"]);
   plugin.ref = read_string(object["ref"]);
   plugin.id = read_string(object["id"]);
   plugin.name = read_string(object["name"]);
   plugin.vendor = read_string(object["vendor"]);
   plugin.version = read_string(object["version"]);
   plugin.description = read_string(object["description"]);
   plugin.path = read_string(object["path"]);
   plugin.sha256 = read_string(object["sha256"]);
   plugin.thread_safe = read_bool(object["thread_safe"]);
   plugin.params = read_param_map(object["params"]);
   object.finish();
   return plugin;
}

WorkloadRecord read_workload(const Value &value) {
   ObjectReader object(value);
   WorkloadRecord workload;
   workload.key = read_string(object["key"]);
   workload.ref = read_string(object["ref"]);
   workload.name = read_string(object["name"]);
   workload.path = read_string(object["path"]);
   workload.sha256 = read_string(object["sha256"]);
   workload.spec = object["spec"].node;
   object.finish();
   return workload;
}

void check_schema_version(const Value &document) {
   if (!document.node.is_object())
      document.fail(std::string("expected an object, found ") + type_name(document.node));
   const auto found = document.node.find("schema_version");
   if (found == document.node.end())
      document.fail("missing field 'schema_version': not a memfrag results document");
   const Value version{*found, "/schema_version"};
   if (!found->is_number_integer() || found->get<std::int64_t>() != kSchemaVersion)
      version.fail("schema_version " + found->dump() + " is not supported: this memfrag reads " +
                   "version " + std::to_string(kSchemaVersion) +
                   "; use the memfrag release that wrote the file");
}

nlohmann::json read_environment(const Value &value) {
   if (!value.node.is_object())
      value.fail(std::string("expected an object, found ") + type_name(value.node));
   return value.node;
}

json shard_json(const Shard &shard) {
   return {{"index", shard.index},
           {"count", shard.count},
           {"matrix_cells", shard.matrix_cells},
           {"matrix_sha256", shard.matrix_sha256}};
}

Shard read_shard(const Value &value) {
   ObjectReader object(value);
   Shard shard;
   shard.index = read_u32(object["index"]);
   shard.count = read_u32(object["count"]);
   shard.matrix_cells = read_u64(object["matrix_cells"]);
   shard.matrix_sha256 = read_string(object["matrix_sha256"]);
   object.finish();
   if (shard.count == 0 || shard.index == 0 || shard.index > shard.count)
      value.fail("shard " + std::to_string(shard.index) + "/" + std::to_string(shard.count) +
                 ": expected 1 <= index <= count");
   return shard;
}

} // namespace

nlohmann::json to_json(const Document &document) {
   return {{"schema_version", document.schema_version},
           {"memfrag_version", document.memfrag_version},
           {"complete", document.complete},
           {"created", document.created},
           {"command", document.command},
           {"environment", document.environment},
           {"seeds", document.seeds},
           {"repeat", document.repeat},
           {"plugins", array_json(document.plugins, plugin_json)},
           {"workloads", array_json(document.workloads, workload_json)},
           {"runs", array_json(document.runs, run_json)},
           {"shard", document.shard ? shard_json(*document.shard) : json(nullptr)}};
}

Document from_json(const nlohmann::json &json) {
   const Value root{json, ""};
   check_schema_version(root);
   ObjectReader object(root);
   Document document;
   document.schema_version = static_cast<int>(read_i64(object["schema_version"]));
   document.memfrag_version = read_string(object["memfrag_version"]);
   document.complete = read_bool(object["complete"]);
   document.created = read_string(object["created"]);
   document.command = read_array(object["command"], read_string);
   document.environment = read_environment(object["environment"]);
   document.seeds = read_array(object["seeds"], read_u64);
   document.repeat = read_u32(object["repeat"]);
   document.plugins = read_array(object["plugins"], read_plugin);
   document.workloads = read_array(object["workloads"], read_workload);
   document.runs = read_array(object["runs"], read_run);
   // Added after schema version 1 was released: documents written before have no "shard".
   if (json.contains("shard"))
      document.shard = read_nullable(object["shard"], read_shard);
   object.finish();
   return document;
}

nlohmann::json run_to_json(const RunResult &run) { return run_json(run); }

RunResult run_from_json(const nlohmann::json &json) { return read_run(Value{json, ""}); }

nlohmann::json param_schema_to_json(const ParamSchemaEntry &entry) {
   json schema{{"name", entry.name},
               {"doc", entry.doc},
               {"type", entry.type},
               {"default", param_value_json(entry.default_value)},
               {"choices", entry.choices}};
   schema["min"] = entry.min ? param_value_json(*entry.min) : json(nullptr);
   schema["max"] = entry.max ? param_value_json(*entry.max) : json(nullptr);
   return schema;
}

Document document_from_text(std::string_view text) {
   nlohmann::json parsed;
   try {
      parsed = nlohmann::json::parse(text);
   } catch (const nlohmann::json::parse_error &error) {
      throw JsonFormatError(std::string("results JSON: not valid JSON: ") + error.what());
   }
   return from_json(parsed);
}

} // namespace memfrag::results
