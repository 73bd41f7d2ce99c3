// The extension module memfrag._native._memfrag. It exchanges results documents as JSON text in
// the schema the CLI writes (docs/results.md); the Python package builds everything else on it.
#include "bindings/python/src/bindings.hpp"

PYBIND11_MODULE(_memfrag, module) {
   module.doc() = "memfrag's core library: runs, results documents, built-in plugins and "
                  "workloads. Use the memfrag package rather than this module.";
   memfrag::python::bind_errors(module);
   memfrag::python::bind_run(module);
   memfrag::python::bind_results(module);
   memfrag::python::bind_catalog(module);
}
