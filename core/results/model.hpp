// The immutable result model: what one `memfrag run` invocation produced. The engine fills it,
// reporters serialize it, the JSON reader rebuilds it. Layout of the JSON form: docs/results.md.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace memfrag::results {

inline constexpr int kSchemaVersion = 1;

// A typed parameter value as resolved for a plugin or a workload.
using ParamValue = std::variant<std::int64_t, double, bool, std::string>;
using ParamMap = std::map<std::string, ParamValue>;

// Request classes counted apart. Index into RunCounts::by_order[o].
enum class RequestClass : std::uint8_t { normal = 0, atomic = 1 };
inline constexpr std::size_t kRequestClassCount = 2;
const char *request_class_name(RequestClass request_class);

// Requests of one order and class. Every failure is exactly one of: exhaustion (fewer free
// frames than the order needs), fragmentation (enough free frames, but no free aligned block of
// the order in the host's view), or policy (a free aligned block existed; the plugin refused,
// e.g. to protect a reserve).
struct RequestCounts {
   std::uint64_t requests = 0;
   std::uint64_t successes = 0;
   std::uint64_t exhaustion_failures = 0;
   std::uint64_t fragmentation_failures = 0;
   std::uint64_t policy_failures = 0;
   std::uint64_t failures() const {
      return exhaustion_failures + fragmentation_failures + policy_failures;
   }
};

// One sample of the region's free state, computed by the host from its shadow map: the free
// frames split greedily into maximal aligned blocks of order <= max_order.
struct FreeState {
   std::uint64_t op_index = 0;             // operations executed before the sample
   std::uint32_t phase = 0;                // workload phase the sample belongs to
   std::uint64_t free_frames = 0;
   std::uint64_t live_blocks = 0;
   std::vector<std::uint64_t> nr_free;     // [order] free blocks (buddyinfo view)
   std::vector<std::int32_t> unusable_index;      // [order] kernel integer, 0..1000
   // [order] kernel integer: -1000 when the order would succeed; otherwise 0..1000, or below 0
   // when fewer frames are free than the order needs (the kernel does not clamp).
   std::vector<std::int32_t> fragmentation_index;
};

struct LatencySummary {
   std::uint64_t count = 0;
   std::uint64_t min_ns = 0, p50_ns = 0, p90_ns = 0, p99_ns = 0, p999_ns = 0, max_ns = 0;
   double mean_ns = 0.0;
   // Histogram: bucket upper bounds (inclusive, ns) and counts, only non-empty buckets.
   std::vector<std::pair<std::uint64_t, std::uint64_t>> buckets;
};

// What mitigation cost in a run, as the host's world counted it: deterministic.
struct MitigationCounts {
   std::uint64_t reclaim_calls = 0;          // untargeted (LRU) reclaim requests served
   std::uint64_t targeted_reclaim_calls = 0; // reclaim of a given frame (reverse map)
   std::uint64_t frames_reclaimed = 0;       // frames freed by either
   std::uint64_t evictions = 0;              // blocks of reclaimable data dropped by reclaim
   std::uint64_t hot_evictions = 0;          // of which in the younger half of the LRU list
   std::uint64_t refaults = 0;               // reads of data reclaim had evicted
   std::uint64_t frees_of_dropped_blocks = 0; // workload frees skipped: the world dropped them
   std::uint64_t frames_dropped_by_workload = 0; // "drop caches" steps of the workload
   std::uint64_t migrations = 0;              // blocks moved
   std::uint64_t migrated_frames = 0;         // frames copied (4096 bytes each)
   std::uint64_t failed_migrations = 0;       // migrate() calls that moved nothing
   std::uint64_t stitched_blocks = 0;         // virtually contiguous blocks mapped
   std::uint64_t stitched_frames = 0;         // frames mapped into them
   std::uint64_t background_runs = 0;         // calls of the plugin's background work
   std::uint64_t refused_service_calls = 0;   // service calls made where the ABI forbids them
};

// The mitigation counters by their JSON names, in document order.
inline constexpr std::pair<const char *, std::uint64_t MitigationCounts::*> kMitigationFields[] = {
    {"reclaim_calls", &MitigationCounts::reclaim_calls},
    {"targeted_reclaim_calls", &MitigationCounts::targeted_reclaim_calls},
    {"frames_reclaimed", &MitigationCounts::frames_reclaimed},
    {"evictions", &MitigationCounts::evictions},
    {"hot_evictions", &MitigationCounts::hot_evictions},
    {"refaults", &MitigationCounts::refaults},
    {"frees_of_dropped_blocks", &MitigationCounts::frees_of_dropped_blocks},
    {"frames_dropped_by_workload", &MitigationCounts::frames_dropped_by_workload},
    {"migrations", &MitigationCounts::migrations},
    {"migrated_frames", &MitigationCounts::migrated_frames},
    {"failed_migrations", &MitigationCounts::failed_migrations},
    {"stitched_blocks", &MitigationCounts::stitched_blocks},
    {"stitched_frames", &MitigationCounts::stitched_frames},
    {"background_runs", &MitigationCounts::background_runs},
    {"refused_service_calls", &MitigationCounts::refused_service_calls},
};

// Adds every counter of `other`: the costs of several threads of one run.
MitigationCounts &operator+=(MitigationCounts &counts, const MitigationCounts &other);

// Requests the workload sized in bytes or frames rather than as an order, and what served
// them: a block of the next power of two through alloc(), or a run of exactly the frames needed
// through the exact-size extension (include/memfrag/ext/exact.h). The difference is internal
// waste: frames handed out that no byte of the request needed.
struct SizingCounts {
   std::uint64_t requests = 0;     // alloc requests sized in bytes or frames
   std::uint64_t run_requests = 0; // of which asked as runs (the plugin has the extension)
   std::uint64_t successes = 0;
   std::uint64_t bytes_requested = 0;   // summed over the successes
   std::uint64_t frames_needed = 0;     // ceil(bytes / 4096), summed over the successes
   std::uint64_t frames_handed_out = 0; // frames of the blocks and runs that served them
   std::uint64_t waste_frames() const { return frames_handed_out - frames_needed; }
   std::uint64_t waste_bytes() const { return frames_handed_out * 4096 - bytes_requested; }
};

// The stored sizing counters by their JSON names, in document order (the waste figures follow
// them in the document, derived).
inline constexpr std::pair<const char *, std::uint64_t SizingCounts::*> kSizingFields[] = {
    {"requests", &SizingCounts::requests},
    {"run_requests", &SizingCounts::run_requests},
    {"successes", &SizingCounts::successes},
    {"bytes_requested", &SizingCounts::bytes_requested},
    {"frames_needed", &SizingCounts::frames_needed},
    {"frames_handed_out", &SizingCounts::frames_handed_out},
};

// Adds every counter of `other`: the requests of several threads of one run.
SizingCounts &operator+=(SizingCounts &counts, const SizingCounts &other);

// Deterministic outcome of a run: identical for the same plugin, workload and seed.
struct RunCounts {
   std::uint64_t frames = 0;
   std::uint32_t max_order = 0;
   std::uint64_t ops = 0;    // operations executed (alloc + free requests)
   std::uint64_t allocs = 0; // alloc requests
   std::uint64_t frees = 0;
   // [order][class]
   std::vector<std::array<RequestCounts, kRequestClassCount>> by_order;
   std::vector<FreeState> timeline;
   FreeState final_state;
   std::uint64_t peak_live_frames = 0;
   std::uint64_t metadata_bytes = 0;
   MitigationCounts mitigation;
   // Present when the workload sized any request in bytes or frames.
   std::optional<SizingCounts> sizing;
   // Figures the workload itself reports, deterministic (a trace's unseen frees, a scenario's
   // success per pass, a NIC's drops), by snake_case name.
   std::vector<std::pair<std::string, double>> workload_figures;
   // A reference free-state timeline the workload provides beside the plugin's: for trace
   // replay, the traced kernel's own layout over the trace. Empty when there is none.
   std::vector<FreeState> reference_timeline;
   // What the plugin reports about itself, when it implements the extensions.
   std::optional<std::vector<std::uint64_t>> plugin_nr_free;
   std::vector<std::pair<std::string, double>> plugin_stats;
};

// The first touches of block memory in a run: writing a frame for the first time faults its
// backing page in (zero-filled), a cost of the memory rather than of the allocator.
struct FirstTouchCost {
   std::uint64_t frames = 0;       // frames written for the first time
   std::uint64_t ns = 0;           // summed time of the touches that wrote them (within touch_ns)
   std::uint64_t minor_faults = 0; // page faults taken during those touches
   std::uint64_t major_faults = 0;
};

// Page faults of a whole run's process: region, metadata, plugin and host together.
struct FaultCount {
   std::uint64_t minor = 0;
   std::uint64_t major = 0;
};

// Timing of a run: varies from run to run and is excluded from determinism comparisons.
struct RunTiming {
   std::uint64_t wall_ns = 0;
   std::uint64_t cpu_ns = 0;
   std::uint64_t alloc_ns = 0; // summed time inside alloc()
   std::uint64_t free_ns = 0;  // summed time inside free()
   std::uint64_t touch_ns = 0; // summed time touching block memory
   std::uint64_t failed_alloc_ns = 0;   // summed time inside alloc() calls that failed
   std::uint64_t reclaim_ns = 0;        // summed time in reclaim services (within alloc_ns)
   std::uint64_t migrate_ns = 0;        // summed time in migrate() (copying included)
   std::uint64_t vmap_ns = 0;           // summed time mapping and unmapping stitched blocks
   std::uint64_t background_cpu_ns = 0; // CPU time of the plugin's background work
   std::vector<LatencySummary> alloc_latency; // [order]
   std::vector<LatencySummary> free_latency;  // [order]
   // What the workload timed itself, by snake_case name (the NIC harness's refills and DMA
   // mapping: nic_refill, nic_dma_map, nic_dma_unmap); empty for most workloads.
   std::map<std::string, LatencySummary> latencies;
   // Measured by the engine; absent in documents of memfrag versions that did not measure them.
   std::optional<FirstTouchCost> first_touch;
   std::optional<FaultCount> faults;
};

enum class RunStatus : std::uint8_t {
   ok,       // completed, contract respected
   invalid,  // completed or stopped at a contract violation: figures are not trustworthy
   crashed,  // the child died on a signal
   timeout,  // the child exceeded its time limit and was killed
   error,    // could not start (plugin refused to create, bad parameter, ...)
   skipped,  // not run (interrupted before its turn)
};
const char *run_status_name(RunStatus status);
std::optional<RunStatus> run_status_from_name(const std::string &name);

// The first contract violation the host saw.
struct Violation {
   std::uint64_t op_index = 0;
   std::string kind; // out-of-region, misaligned, overlap, not-allocated, wrong-order, ...
   std::uint64_t frame = 0;
   std::uint32_t order = 0;
   std::string detail;
};

// The last operation a run started, when it did not complete.
struct LastOp {
   std::uint64_t op_index = 0;
   std::string kind; // alloc | free
   std::uint32_t order = 0;
   std::uint64_t frame = 0;
};

// The memory behind a run's region: what was asked and what was obtained.
struct BackingRecord {
   std::string asked;    // 4k | thp | hugetlb-2m | hugetlb-1g | auto
   std::string obtained; // 4k | thp | hugetlb-2m | hugetlb-1g
   std::uint64_t page_bytes = 4096; // backing page size of the mapping
   std::uint64_t pages = 0;         // backing pages mapped
   std::uint64_t mapped_frames = 0; // frames mapped: the region rounded up to whole backing pages
   std::optional<std::uint64_t> thp_bytes; // bytes held by transparent huge pages at the end
   bool prefaulted = false;
   bool locked = false;
};

// How a run executed: its worker threads and how the host drove the plugin.
struct ExecutionRecord {
   std::uint32_t threads = 1; // worker threads issuing requests at once
   // The plugin does not declare itself thread-safe and several workers ran: the host called it
   // under a lock, one call at a time.
   bool host_lock = false;
   std::string background = "none"; // the plugin's background work: none | inline | thread
};

// One worker thread's CPU.
struct WorkerPlacement {
   std::optional<std::uint32_t> cpu;        // the OS CPU it was pinned to; none when not asked
   bool pinned = false;                     // its affinity was exactly that CPU
   std::optional<std::uint32_t> running_on; // the CPU it ran on when the run started
   std::optional<std::uint32_t> node;       // the NUMA node of that CPU
};

struct NodeBackingPages {
   std::uint32_t node = 0;
   std::uint64_t backing_pages = 0;
};

// Where a run's workers and region memory were, as asked and as obtained: environment, not
// figures.
struct PlacementRecord {
   std::vector<WorkerPlacement> workers; // one per worker thread
   std::optional<std::uint32_t> cpu_node; // node the CPUs were asked on (--node, --cpu-node)
   std::optional<std::uint32_t> mem_node; // node the memory was asked on (--node, --mem-node)
   bool mem_bound = false;                // the region's memory was bound to mem_node
   // At the end of the run: backing pages by node, and those never faulted in.
   std::vector<NodeBackingPages> backing_pages_by_node;
   std::uint64_t backing_pages_not_present = 0;
   std::vector<std::string> warnings; // pinning or binding failed, pages on another node
};

// Physical contiguity of the blocks a run handed out (memfrag run --contiguity), from the
// region's physical frame numbers: environment, not figures.
struct ContiguityRecord {
   bool checked = false; // frame numbers were readable and every block was checked
   std::string reason;   // why not checked; empty when checked
   std::vector<std::uint64_t> blocks;            // [order] blocks handed out (stitched aside)
   std::vector<std::uint64_t> contiguous_blocks; // [order] of which physically contiguous
   // Frames whose physical frame number changed between the start and the end of the run
   // (the kernel migrated them): the check used the numbers of the start.
   std::uint64_t frames_moved = 0;
};

struct RunResult {
   std::string plugin;   // PluginRecord::key
   std::string workload; // WorkloadRecord::key
   std::uint32_t repetition = 0;
   std::uint64_t seed = 0;
   RunStatus status = RunStatus::ok;
   std::string message;  // why, for every status but ok
   std::optional<Violation> violation;
   std::optional<LastOp> last_op;
   std::optional<std::string> validate_failure; // the plugin's validate() message, if it failed
   RunCounts counts;
   RunTiming timing;
   std::optional<BackingRecord> backing;       // absent when the run did not complete in its child
   std::optional<ExecutionRecord> execution;   // likewise
   std::optional<PlacementRecord> placement;   // likewise
   std::optional<ContiguityRecord> contiguity; // present when the check was asked for
};

struct ParamSchemaEntry {
   std::string name, doc, type; // type: int | float | bool | string
   ParamValue default_value;
   std::optional<ParamValue> min, max;
   std::vector<std::string> choices;
};

struct PluginRecord {
   std::string key;     // unique in the document: the allocator id, suffixed when ids clash
   std::string ref;     // as the user named it: "buddy" or "./libmine.so:fast"
   std::string id, name, vendor, version, description;
   std::string path;    // library file loaded
   std::string sha256;  // of that file
   bool thread_safe = false;
   ParamMap params;     // resolved values, defaults included
};

struct WorkloadRecord {
   std::string key;    // unique in the document
   std::string ref;    // as the user named it: "mixed-70", "my.toml"
   std::string name;
   std::string path;   // file it was read from
   std::string sha256; // of the resolved specification (file content plus overrides)
   nlohmann::json spec; // resolved specification, overrides applied
};

// The part of a run matrix one document holds when the matrix was split (`memfrag run --shard
// K/N`): cell i of the whole matrix, in execution order, belongs to part (i mod N) + 1.
struct Shard {
   std::uint32_t index = 1;        // K, 1-based
   std::uint32_t count = 1;        // N
   std::uint64_t matrix_cells = 0; // cells of the whole matrix
   std::string matrix_sha256;      // identity of the whole matrix: results/matrix.hpp
};

struct Document {
   int schema_version = kSchemaVersion;
   std::string memfrag_version;
   bool complete = true;   // false when interrupted: `runs` holds what completed
   std::string created;    // UTC, ISO 8601
   std::vector<std::string> command;
   nlohmann::json environment = nlohmann::json::object();
   std::vector<std::uint64_t> seeds;
   std::uint32_t repeat = 1;
   std::vector<PluginRecord> plugins;
   std::vector<WorkloadRecord> workloads;
   std::vector<RunResult> runs;
   std::optional<Shard> shard; // none for a whole matrix
};

} // namespace memfrag::results
