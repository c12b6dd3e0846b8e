using System;

namespace Stdb.Compat.Migrations;

/// <summary>A progress snapshot, reported after every batch (and at the start and end of a run).</summary>
/// <param name="Rows">Source rows handled so far (written, found already written, or rejected).</param>
/// <param name="TotalRows">Source rows in all, when the source is a collection; else null.</param>
/// <param name="Written">Rows written by this run.</param>
/// <param name="Batches">Reducer calls that committed in this run.</param>
/// <param name="Failures">Rows rejected so far (this run and earlier runs).</param>
/// <param name="RowsPerSecond">Rows written per second in this run (rows skipped as already written by an earlier run do not count); the ETA divides the rows left by it.</param>
/// <param name="Elapsed">Time since this run started.</param>
/// <param name="Eta">Estimated time left, when <paramref name="TotalRows"/> and a rate are known.</param>
public sealed record MigrationProgress(long Rows, long? TotalRows, long Written, long Batches, long Failures, double RowsPerSecond, TimeSpan Elapsed, TimeSpan? Eta);
