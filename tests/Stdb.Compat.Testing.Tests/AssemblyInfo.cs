using Microsoft.VisualStudio.TestTools.UnitTesting;

// Every test builds its own SimulatedServer; the only static state (SimulatedNetwork) is locked and keyed by unique URIs.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
