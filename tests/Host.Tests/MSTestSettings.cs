// Plugin load/unload checks rely on the GC; they do not mix with parallel tests.
[assembly: DoNotParallelize]
