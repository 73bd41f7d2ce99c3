"""The compiled part of memfrag: the extension module _memfrag, which holds the core library.

It sits one folder below the package so that the core finds the built-in plugins and workloads
where it looks for them, relative to the binary holding it: memfrag/lib/memfrag/plugins and
memfrag/share/memfrag/workloads.
"""
