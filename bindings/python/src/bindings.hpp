// The parts of the extension module, each registered by its own file.
#pragma once

#include <pybind11/pybind11.h>

namespace memfrag::python {

// InputError, PluginError and ResultsFormatError, raised with the CLI's messages.
void bind_errors(pybind11::module_ &module);

// run(): the run matrix, executed with the GIL released.
void bind_run(pybind11::module_ &module);

// Reading, writing and rendering results documents through the core's JSON form.
void bind_results(pybind11::module_ &module);

// The built-in plugins with their parameters, and the built-in workloads.
void bind_catalog(pybind11::module_ &module);

} // namespace memfrag::python
