using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Schema.Fetching;
using Stdb.Compat.Schema.Runtime;

namespace Stdb.Compat.Resilience;

/// <summary>Ready-made <see cref="ICompatibilityCheck"/>s.</summary>
public static class CompatibilityChecks
{
    /// <summary>
    /// The schema check: fetches the live module schema and diffs it with the bindings' manifest (the checker also
    /// stores its latest report and calls the app's <see cref="ISchemaCompatibilityNotifications"/>). Bindings behind
    /// the live module (a breaking change touching what the app uses) forbid another attempt; a schema that cannot be
    /// fetched allows one (the circuit still bounds them).
    /// </summary>
    /// <param name="checker">The schema checker, e.g. from <see cref="SchemaCompatibilityChecker.Create(Schema.Manifest.BindingsManifest, SchemaCompatibilityOptions, IModuleSchemaSource, ISchemaCompatibilityNotifications?, TimeProvider?, Microsoft.Extensions.Logging.ILogger?)"/>.</param>
    public static ICompatibilityCheck FromSchemaChecker(ISchemaCompatibilityChecker checker) =>
        new SchemaCompatibilityCheck(checker ?? throw new ArgumentNullException(nameof(checker)));

    /// <summary>A check from a delegate.</summary>
    public static ICompatibilityCheck FromDelegate(Func<CompatibilityCheckContext, CancellationToken, ValueTask<CompatibilityCheckResult>> check) =>
        new DelegateCheck(check ?? throw new ArgumentNullException(nameof(check)));

    private sealed class DelegateCheck : ICompatibilityCheck
    {
        private readonly Func<CompatibilityCheckContext, CancellationToken, ValueTask<CompatibilityCheckResult>> _check;

        public DelegateCheck(Func<CompatibilityCheckContext, CancellationToken, ValueTask<CompatibilityCheckResult>> check) => _check = check;

        public ValueTask<CompatibilityCheckResult> CheckAsync(CompatibilityCheckContext context, CancellationToken cancellationToken = default) => _check(context, cancellationToken);
    }
}

/// <summary>Adapts the schema feature's checker to the circuit.</summary>
internal sealed class SchemaCompatibilityCheck : ICompatibilityCheck
{
    private readonly ISchemaCompatibilityChecker _checker;

    public SchemaCompatibilityCheck(ISchemaCompatibilityChecker checker) => _checker = checker;

    public async ValueTask<CompatibilityCheckResult> CheckAsync(CompatibilityCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var report = _checker is CompatibilityCheckerEngine engine
                ? await engine.CheckAsync(context.Usage, cancellationToken).ConfigureAwait(false)
                : await _checker.CheckAsync(cancellationToken).ConfigureAwait(false);
            if (report.BindingsBehind)
            {
                var changes = string.Join("; ", report.VerdictChanges.Where(c => c.AffectsApp).Take(3).Select(c => $"{c.Kind} {c.Path}"));
                return CompatibilityCheckResult.Incompatible($"the bindings are behind the live module ({changes}); regenerate them against the live schema", report);
            }

            return CompatibilityCheckResult.Compatible(report, $"schema {report.Verdict}");
        }
        catch (SchemaFetchException ex)
        {
            return CompatibilityCheckResult.Compatible(null, $"the live schema could not be fetched ({ex.Failure})");
        }
    }
}
