"""memfrag's PEP 517 build backend: builds the extension module with the project's CMake build
and writes the wheel itself, using only the standard library (no download at build time)."""
