/* The list of struct sizes and member offsets the layout tests pin down, expanded by each
 * language with its own SIZE(type) and OFFSET(type, member) and expected values for LP64
 * (x86-64 and AArch64 Linux). */
#define MEMFRAG_ABI_LAYOUT_FIELDS(SIZE, OFFSET)                                                    \
   SIZE(memfrag_version_t, 12)                                                                     \
   OFFSET(memfrag_version_t, minor, 4)                                                             \
   OFFSET(memfrag_version_t, revision, 8)                                                          \
   SIZE(memfrag_plugin_entry_t, 40)                                                                \
   OFFSET(memfrag_plugin_entry_t, init, 16)                                                        \
   OFFSET(memfrag_plugin_entry_t, deinit, 24)                                                      \
   OFFSET(memfrag_plugin_entry_t, get_factory, 32)                                                 \
   SIZE(memfrag_allocator_descriptor_t, 64)                                                        \
   OFFSET(memfrag_allocator_descriptor_t, id, 16)                                                  \
   OFFSET(memfrag_allocator_descriptor_t, description, 48)                                         \
   OFFSET(memfrag_allocator_descriptor_t, features, 56)                                            \
   SIZE(memfrag_region_t, 24)                                                                      \
   OFFSET(memfrag_region_t, base, 8)                                                               \
   OFFSET(memfrag_region_t, numa_node, 16)                                                         \
   OFFSET(memfrag_region_t, cpu_count, 20)                                                         \
   SIZE(memfrag_param_value_t, 8)                                                                  \
   SIZE(memfrag_instance_config_t, 24)                                                             \
   OFFSET(memfrag_instance_config_t, params, 8)                                                    \
   OFFSET(memfrag_instance_config_t, param_count, 16)                                              \
   SIZE(memfrag_allocator_factory_t, 40)                                                           \
   OFFSET(memfrag_allocator_factory_t, create, 32)                                                 \
   SIZE(memfrag_allocator_t, 48)                                                                   \
   OFFSET(memfrag_allocator_t, plugin_data, 8)                                                     \
   OFFSET(memfrag_allocator_t, alloc, 16)                                                          \
   OFFSET(memfrag_allocator_t, free, 24)                                                           \
   OFFSET(memfrag_allocator_t, get_extension, 32)                                                  \
   OFFSET(memfrag_allocator_t, destroy, 40)                                                        \
   SIZE(memfrag_host_t, 48)                                                                        \
   OFFSET(memfrag_host_t, host_data, 16)                                                           \
   OFFSET(memfrag_host_t, get_extension, 40)                                                       \
   SIZE(memfrag_param_info_t, 72)                                                                  \
   OFFSET(memfrag_param_info_t, type, 16)                                                          \
   OFFSET(memfrag_param_info_t, default_value, 24)                                                 \
   OFFSET(memfrag_param_info_t, min_int, 32)                                                       \
   OFFSET(memfrag_param_info_t, min_float, 48)                                                     \
   OFFSET(memfrag_param_info_t, choices, 64)                                                       \
   SIZE(memfrag_stat_t, 16)                                                                        \
   OFFSET(memfrag_stat_t, value, 8)                                                                \
   SIZE(memfrag_ext_histogram_t, 8)                                                                \
   SIZE(memfrag_ext_validate_t, 8)                                                                 \
   SIZE(memfrag_ext_stats_t, 16)                                                                   \
   SIZE(memfrag_ext_params_t, 16)                                                                  \
   SIZE(memfrag_host_log_t, 8)                                                                     \
   SIZE(memfrag_ext_exact_t, 16)                                                                   \
   OFFSET(memfrag_ext_exact_t, free_run, 8)
