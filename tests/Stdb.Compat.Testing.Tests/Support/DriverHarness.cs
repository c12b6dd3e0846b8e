using System;
using System.Collections.Generic;
using Stdb.Compat.Driver;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Driver;

namespace Stdb.Compat.Testing.Tests.Support;

internal sealed record Player(ulong Id, string Username, uint Score);

internal sealed record DamageEvent(ulong Target, uint Amount);

internal sealed record CreatePlayer(string Username);

internal sealed record DealDamage(ulong Target, uint Amount);

/// <summary>Records every callback in order as text.</summary>
internal sealed class Recorder : IDriverSessionListener, IDriverTableListener<Player>, IDriverTableListener<DamageEvent>, IDriverSubscriptionListener
{
    public List<string> Log { get; } = new();

    public List<DriverEvent> ReducerEvents { get; } = new();

    public List<DriverEvent> RowEvents { get; } = new();

    public DriverConnectedInfo? Connected { get; private set; }

    public Exception? ConnectError { get; private set; }

    public Exception? DisconnectError { get; private set; }

    public bool Disconnected { get; private set; }

    public void OnConnected(DriverConnectedInfo info)
    {
        Connected = info;
        Log.Add("connected");
    }

    public void OnConnectError(Exception error)
    {
        ConnectError = error;
        Log.Add("connect-error");
    }

    public void OnDisconnected(Exception? error)
    {
        Disconnected = true;
        DisconnectError = error;
        Log.Add(error is null ? "disconnected" : "disconnected-error");
    }

    public void OnReducerEvent(in DriverEvent reducerEvent)
    {
        ReducerEvents.Add(reducerEvent);
        Log.Add($"reducer {reducerEvent.ReducerName} {reducerEvent.Status} self={reducerEvent.CallerIsSelf}");
    }

    public void OnInsert(in DriverEvent context, Player row) => Row(context, $"insert {row.Username} {row.Score}");

    public void OnUpdate(in DriverEvent context, Player oldRow, Player newRow) => Row(context, $"update {oldRow.Username} {oldRow.Score}->{newRow.Score}");

    public void OnBeforeDelete(in DriverEvent context, Player row) => Row(context, $"before-delete {row.Username}");

    public void OnDelete(in DriverEvent context, Player row) => Row(context, $"delete {row.Username}");

    public void OnInsert(in DriverEvent context, DamageEvent row) => Row(context, $"damage {row.Target} {row.Amount}");

    public void OnUpdate(in DriverEvent context, DamageEvent oldRow, DamageEvent newRow) => Row(context, "damage-update?!");

    public void OnBeforeDelete(in DriverEvent context, DamageEvent row) => Row(context, "damage-before-delete?!");

    public void OnDelete(in DriverEvent context, DamageEvent row) => Row(context, "damage-delete?!");

    public void OnApplied() => Log.Add("applied");

    public void OnError(Exception error) => Log.Add($"sub-error {error.Message}");

    public void OnEnded() => Log.Add("ended");

    public void Clear()
    {
        Log.Clear();
        ReducerEvents.Clear();
        RowEvents.Clear();
    }

    private void Row(in DriverEvent context, string text)
    {
        RowEvents.Add(context);
        Log.Add($"{text} [{context.Kind}]");
    }
}

internal static class DriverHarness
{
    public static SimulatedDriver V1Driver(bool noSuccessNotify = false) => SimulatedDriver.Create(1)
        .Table<Player, ulong>("Player", WireHarness.PlayerV1Columns, r => new Player(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2)), p => p.Id, encode: p => new SimRow(p.Id, p.Username, p.Score))
        .Reducer<CreatePlayer>("create_player", new[] { SimColumn.Of("username", SimType.String) }, a => new SimRow(a.Username), r => new CreatePlayer(r.Get<string>(0)), noSuccessNotify)
        .Reducer<DealDamage>("deal_damage", new[] { SimColumn.Of("target", SimType.U64), SimColumn.Of("amount", SimType.U32) }, a => new SimRow(a.Target, a.Amount), r => new DealDamage(r.Get<ulong>(0), r.Get<uint>(1)))
        .Build();

    public static SimulatedDriver V2Driver() => SimulatedDriver.Create(2)
        .Table<Player, ulong>("player", WireHarness.PlayerV2Columns, r => new Player(r.Get<ulong>(0), r.Get<string>(1), r.Get<uint>(2)), p => p.Id)
        .EventTable<DamageEvent>("damage_event", new[] { SimColumn.Of("target", SimType.U64), SimColumn.Of("amount", SimType.U32) }, r => new DamageEvent(r.Get<ulong>(0), r.Get<uint>(1)))
        .Reducer<CreatePlayer>("create_player", new[] { SimColumn.Of("username", SimType.String) }, a => new SimRow(a.Username), r => new CreatePlayer(r.Get<string>(0)))
        .Reducer<DealDamage>("deal_damage", new[] { SimColumn.Of("target", SimType.U64), SimColumn.Of("amount", SimType.U32) }, a => new SimRow(a.Target, a.Amount), r => new DealDamage(r.Get<ulong>(0), r.Get<uint>(1)))
        .Build();

    public static (IDriverSession Session, Recorder Recorder) Open(SimulatedDriver driver, Stdb.Compat.Testing.Server.SimulatedServer server, string db = WireHarness.Db, string? token = null, bool light = false)
    {
        var recorder = new Recorder();
        IDriverSession session = driver.Open(new DriverSessionOptions(server.Uri, db) { Token = token, LightMode = light }, recorder);
        foreach (DriverTable table in driver.Tables)
        {
            switch (table)
            {
                case DriverTable<Player> players:
                    session.Tap(players, recorder);
                    break;
                case DriverTable<DamageEvent> damage:
                    session.Tap(damage, recorder);
                    break;
            }
        }

        return (session, recorder);
    }

    public static DriverTable<Player> PlayerTable(SimulatedDriver driver) => (DriverTable<Player>)driver.Tables[0];
}
