#include "core/workload/generator_workload.hpp"

#include "core/support/sha256.hpp"
#include "core/workload/generator_spec_reader.hpp"
#include "core/workload/overrides.hpp"
#include "core/workload/plugin_settings.hpp"
#include "core/workload/toml_fields.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <toml++/toml.h>

namespace memfrag::workload {

toml::table parse_workload_toml(std::string_view text, const std::string &path) {
   try {
      return toml::parse(text, path);
   } catch (const toml::parse_error &error) {
      throw WorkloadError(origin_of(error.source()) +
                          ": TOML syntax error: " + std::string(error.description()));
   }
}

Spec engine_spec(const GeneratorSpec &generator, nlohmann::json resolved) {
   Spec spec;
   spec.name = generator.name;
   spec.description = generator.description;
   spec.frames = generator.frames;
   spec.ops = generator.ops;
   spec.max_order = generator.max_order;
   spec.samples = generator.samples;
   spec.background_thread = generator.background_thread;
   spec.resolved = std::move(resolved);
   return spec;
}

std::string read_workload_file(const std::string &path) {
   std::error_code ignored;
   if (std::filesystem::is_directory(path, ignored)) {
      throw WorkloadError("cannot read workload file '" + path + "': it is a directory");
   }
   std::ifstream file(path, std::ios::binary);
   if (!file) {
      throw WorkloadError("cannot read workload file '" + path + "': " + std::strerror(errno));
   }
   return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

LoadedWorkload load_generator_text(std::string_view text, const std::string &path,
                                   const std::vector<Override> &overrides) {
   auto root = parse_workload_toml(text, path);
   apply_overrides(root, overrides);
   auto generator = read_generator_spec(root, std::filesystem::path(path).stem().string());
   auto settings = read_plugin_settings(root);
   auto resolved = generator_spec_to_json(generator);
   resolved["plugin"] = plugin_settings_to_json(settings);

   LoadedWorkload workload;
   workload.path = path;
   // nlohmann's default object keeps keys sorted, so dump() is canonical.
   workload.sha256 = support::sha256_hex(resolved.dump());
   workload.spec = engine_spec(generator, std::move(resolved));
   workload.plugin_params = std::move(settings);
   return workload;
}

LoadedWorkload load_generator_file(const std::string &path,
                                   const std::vector<Override> &overrides) {
   return load_generator_text(read_workload_file(path), path, overrides);
}

} // namespace memfrag::workload
