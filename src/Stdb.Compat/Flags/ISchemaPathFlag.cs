using System;
using System.Threading;
using System.Threading.Tasks;

namespace Stdb.Compat.Flags;

/// <summary>
/// The flag that names the preferred schema path: read once per connection attempt, never per row or call. In DI it
/// is the host's Microsoft.FeatureManagement variant (the variant name is the path name); without DI, any source.
/// </summary>
public interface ISchemaPathFlag
{
    /// <summary>The name of the flag (for logs and traces).</summary>
    string Name { get; }

    /// <summary>The preferred path's name (the variant), or null when the flag names none (the default path is used).</summary>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    ValueTask<string?> GetPreferredPathAsync(CancellationToken cancellationToken = default);
}

/// <summary>Ready-made <see cref="ISchemaPathFlag"/>s.</summary>
public static class SchemaPathFlags
{
    /// <summary>A flag read from a delegate (e.g. a remote-config value in a Unity game).</summary>
    /// <param name="name">The flag's name.</param>
    /// <param name="read">Returns the preferred path's name, or null.</param>
    public static ISchemaPathFlag FromDelegate(string name, Func<CancellationToken, ValueTask<string?>> read)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A schema-path flag needs a name.", nameof(name));
        }

        return new DelegateFlag(name, read ?? throw new ArgumentNullException(nameof(read)));
    }

    private sealed class DelegateFlag : ISchemaPathFlag
    {
        private readonly Func<CancellationToken, ValueTask<string?>> _read;

        public DelegateFlag(string name, Func<CancellationToken, ValueTask<string?>> read)
        {
            Name = name;
            _read = read;
        }

        public string Name { get; }

        public ValueTask<string?> GetPreferredPathAsync(CancellationToken cancellationToken = default) => _read(cancellationToken);
    }
}
