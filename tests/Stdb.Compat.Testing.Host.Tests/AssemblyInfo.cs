using Microsoft.VisualStudio.TestTools.UnitTesting;

// Every test starts its own SimulatedServer and host on its own random loopback port.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
