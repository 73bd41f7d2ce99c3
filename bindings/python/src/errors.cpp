// The core's exceptions as Python exceptions. Messages are the core's own, the ones the CLI
// prints after "memfrag: error: ".
#include "bindings/python/src/bindings.hpp"

#include "core/plugin/library.hpp"
#include "core/results/json.hpp"
#include "core/run/prepare.hpp"

namespace memfrag::python {

void bind_errors(pybind11::module_ &module) {
   pybind11::register_exception<run::InputError>(module, "InputError", PyExc_ValueError);
   pybind11::register_exception<plugin::PluginError>(module, "PluginError", PyExc_RuntimeError);
   pybind11::register_exception<results::JsonFormatError>(module, "ResultsFormatError",
                                                          PyExc_ValueError);
}

} // namespace memfrag::python
