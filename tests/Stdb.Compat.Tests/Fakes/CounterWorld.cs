using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Stdb.Compat.Connection;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Driver;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Tests.Fakes;

public sealed record Counter(ulong Id, uint Value);

public sealed record Bump(ulong Id);

/// <summary>A tiny module on a simulated server, for tests that need a real pump (hosting).</summary>
public sealed class CounterWorld : IDisposable
{
    public CounterWorld()
    {
        Server = new SimulatedServer(new SimulatedServerOptions { TimeProvider = Time });
        Server.Publish("counters", SimModule.Define(ModuleDefVersion.V10)
            .Table("counter", t => t.Column("id", SimType.U64).Column("value", SimType.U32).PrimaryKey("id"))
            .Reducer("bump", p => p.Param("id", SimType.U64), (ctx, args) =>
            {
                var table = ctx.Table("counter");
                var id = args.Get<ulong>(0);
                var row = table.Find(id);
                if (row is null)
                {
                    table.Insert(new SimRow(id, 1u));
                }
                else
                {
                    table.Update(row.With("value", row.Get<uint>("value") + 1));
                }
            }));
    }

    public FakeTimeProvider Time { get; } = new();

    public SimulatedServer Server { get; }

    public static SimulatedDriver Driver() => SimulatedDriver.Create(2)
        .Table<Counter, ulong>("counter", new[] { SimColumn.Of("id", SimType.U64), SimColumn.Of("value", SimType.U32) }, r => new Counter(r.Get<ulong>(0), r.Get<uint>(1)), c => c.Id)
        .Reducer<Bump>("bump", new[] { SimColumn.Of("id", SimType.U64) }, b => new SimRow(b.Id), r => new Bump(r.Get<ulong>(0)))
        .Build();

    /// <summary>Counts the frames the hosted pump has run (set by hosting tests).</summary>
    public Func<long>? Frames { get; set; }

    /// <summary>
    /// Advances fake time frame by frame until the condition holds; after each step waits (without sleeping) for the
    /// hosted pump, which ticks on its own thread, to run the frame.
    /// </summary>
    public async Task DriveAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2_000 && !condition(); i++)
        {
            var before = Frames?.Invoke() ?? 0;
            Time.Advance(TimeSpan.FromMilliseconds(20));
            for (var spin = 0; spin < 1_000_000 && Frames is not null && Frames() == before; spin++)
            {
                await Task.Yield();
            }
        }

        if (!condition())
        {
            throw new TimeoutException("The condition never held while driving the hosted pump.");
        }
    }

    public void Dispose() => Server.Dispose();
}
