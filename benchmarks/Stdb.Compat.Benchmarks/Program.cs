using System;
using BenchmarkDotNet.Running;
using Stdb.Compat.Benchmarks.Tables;

if (args.Length > 0 && args[0] == "--kept")
{
    KeptBytesPerRow.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : RowApplyBenchmarks.BatchRows);
    return;
}

if (args.Length > 0 && args[0] == "--interleaved-adapter")
{
    Stdb.Compat.Benchmarks.Adapters.InterleavedAdapterLayer.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
