using Microsoft.VisualStudio.TestTools.UnitTesting;

// Each schedule owns its server, driver, client and fake clock; the simulated network registry is thread-safe.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
