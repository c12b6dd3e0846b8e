using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Stdb.Compat.Connection;
using Stdb.Compat.Driver;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Chaos.Tests;

/// <summary>
/// Judges every reducer call's outcome against the simulated server's own call log. It wraps the driver: each send
/// of an argument object is matched to the server record it produced (the server decides a call inside the send, so
/// the log grows by exactly one record, or by none when the socket was already dead), and each result the SDK hands
/// the client is matched to the run it reports (one connection's results come in the order the server ran its calls).
/// The app's argument objects are distinct, and SDK 2.x hands back the very object, so calls are told apart by reference.
/// </summary>
/// <remarks>
/// The rules, for a call whose runs (server records of any of its attempts) end with the run <c>last</c>:
/// <list type="bullet">
/// <item><b>Committed</b> only if <c>last</c> committed and its result reached the client.</item>
/// <item><b>Failed</b> only if <c>last</c> failed, its result reached the client, and the reason is the server's text.</item>
/// <item><b>NotConnected</b> only if the server ran no attempt at all: it claims the call certainly did not apply.</item>
/// <item><b>Dropped</b> / <b>TimedOut</b> when the server ran no attempt, or ran it but its result could not be known by
/// the client when the call ended: the result was lost with the connection (a drop or restart while it was held), was
/// still held or unread when the client gave the session up, or reached the client only after the call had already
/// ended TimedOut. A client cannot tell "never ran" from "ran, result lost"; the outcome says exactly that ("may or may
/// not have run"), which is the truth. What it must not do is ignore a result it was handed while the call still
/// waited for it: a call with one attempt (not idempotent) whose result the SDK delivered while the call was pending
/// must end with that result.</item>
/// <item>OutOfEnergy never (the simulated 2.x server has no energy).</item>
/// </list>
/// For idempotent calls (retried after Dropped/TimedOut) the outcome is the last attempt's, so <c>last</c> is judged;
/// an earlier attempt's commit does not make a later Failed wrong (the reducer is idempotent by the app's word), but it
/// does make NotConnected wrong.
/// </remarks>
internal sealed class CallOracle : IConnectionDriver
{
    private readonly IConnectionDriver _inner;
    private readonly SimulatedServer _server;
    private readonly Dictionary<object, Call> _calls = new(ReferenceEqualityComparer.Instance);
    private readonly List<Call> _order = new();

    public CallOracle(IConnectionDriver inner, SimulatedServer server)
    {
        _inner = inner;
        _server = server;
    }

    /// <summary>Sessions the client opened.</summary>
    public int Opens { get; private set; }

    public DriverCapabilities Capabilities => _inner.Capabilities;

    public IReadOnlyList<DriverTable> Tables => _inner.Tables;

    public IReadOnlyList<DriverReducer> Reducers => _inner.Reducers;

    /// <summary>The queries the client subscribed on the latest session it opened (the schema gate leaves some out).</summary>
    public List<string> LastQueries { get; private set; } = new();

    public IDriverSession Open(DriverSessionOptions options, IDriverSessionListener listener)
    {
        Opens++;
        LastQueries = new List<string>();
        var session = new Session(this, listener);
        session.Inner = _inner.Open(options, session);
        return session;
    }

    /// <summary>Tracks one app call: <paramref name="args"/> is the object <paramref name="call"/> passes to <c>CallReducerAsync</c>.</summary>
    public Task<ReducerOutcome> Track(object args, bool idempotent, Func<Task<ReducerOutcome>> call)
    {
        var tracked = new Call(idempotent);
        _calls.Add(args, tracked);
        _order.Add(tracked);
        tracked.Task = call();
        return tracked.Task;
    }

    /// <summary>Every rule broken, one line each (empty when every outcome is the right one).</summary>
    public List<string> Judge()
    {
        var log = _server.CallLog;
        var violations = new List<string>();
        foreach (var call in _order)
        {
            if (!call.Task.IsCompletedSuccessfully)
            {
                continue; // "exactly one outcome" is asserted separately
            }

            var outcome = call.Task.Result;
            var last = call.Runs.Count == 0 ? null : log[call.Runs[^1]];
            var seen = last is not null && call.Seen.ContainsKey(last.Sequence);
            var what = $"call {outcome.CallId} {outcome.Reducer}{(call.Idempotent ? " (idempotent)" : string.Empty)} ended {outcome.Kind} '{outcome.Reason}'; server ran [{string.Join(", ", call.Runs.ConvertAll(i => log[i].ToString()))}], results seen [{string.Join(", ", call.Seen.Keys)}]";
            switch (outcome.Kind)
            {
                case ReducerOutcomeKind.Committed when last is null || !last.Committed || !seen:
                    violations.Add($"{what}: Committed, but the server's last run of it did not commit or its result never reached the client");
                    break;
                case ReducerOutcomeKind.Failed when last is null || last.Committed || !seen:
                    violations.Add($"{what}: Failed, but the server's last run of it did not fail or its result never reached the client");
                    break;
                case ReducerOutcomeKind.Failed when !string.Equals(outcome.Reason, last!.Failure, StringComparison.Ordinal):
                    violations.Add($"{what}: Failed with a reason other than the server's '{last.Failure}'");
                    break;
                case ReducerOutcomeKind.NotConnected when call.Runs.Count > 0:
                    violations.Add($"{what}: NotConnected claims it certainly did not apply, but the server ran it");
                    break;
                case ReducerOutcomeKind.Dropped or ReducerOutcomeKind.TimedOut when IgnoredAResult(call, outcome.Kind):
                    violations.Add($"{what}: {outcome.Kind}, but the server's result reached the client while the call still waited for it");
                    break;
                case ReducerOutcomeKind.OutOfEnergy:
                    violations.Add($"{what}: OutOfEnergy from a server without energy");
                    break;
            }
        }

        return violations;
    }

    /// <summary>
    /// True when the call ended Dropped/TimedOut although the result of the run its final attempt produced was handed
    /// to the client while the call still waited. A call with one attempt: any such result. An idempotent call: only for
    /// Dropped, which comes from a sent attempt ended by its connection (so the last send is the final attempt, and a
    /// result surfaced while the call waited came before that end); a TimedOut attempt may have been given up before
    /// its result came, and the retry that followed may never have been sent, which the driver cannot see.
    /// </summary>
    private static bool IgnoredAResult(Call call, ReducerOutcomeKind kind) =>
        (!call.Idempotent || kind == ReducerOutcomeKind.Dropped)
        && call.LastSendRun is { } run
        && call.Seen.TryGetValue(run, out var whilePending)
        && whilePending;

    private sealed class Call
    {
        public Call(bool idempotent) => Idempotent = idempotent;

        public bool Idempotent { get; }

        public Task<ReducerOutcome> Task { get; set; } = null!;

        /// <summary>Server log positions of the runs of this call's attempts, in order.</summary>
        public List<int> Runs { get; } = new();

        /// <summary>The server record of the latest send of this call's arguments (null: that send reached no server).</summary>
        public int? LastSendRun { get; set; }

        /// <summary>Runs whose result the SDK handed the client, and whether the call was still pending then.</summary>
        public Dictionary<int, bool> Seen { get; } = new();
    }

    /// <summary>One session: forwards everything, noting sends and the reducer results the SDK surfaces.</summary>
    private sealed class Session : IDriverSession, IDriverSessionListener
    {
        private readonly CallOracle _oracle;
        private readonly IDriverSessionListener _listener;
        private readonly Dictionary<object, Queue<int>> _runsAwaitingResult = new(ReferenceEqualityComparer.Instance);

        public Session(CallOracle oracle, IDriverSessionListener listener)
        {
            _oracle = oracle;
            _listener = listener;
            _queries = oracle.LastQueries;
        }

        public IDriverSession Inner { get; set; } = null!;

        public bool IsActive => Inner.IsActive;

        public void FrameTick() => Inner.FrameTick();

        public void Disconnect() => Inner.Disconnect();

        public void Dispose() => Inner.Dispose();

        public void Tap<TRow>(DriverTable<TRow> table, IDriverTableListener<TRow> listener)
            where TRow : class => Inner.Tap(table, listener);

        private readonly List<string> _queries;

        public IDriverSubscription Subscribe(IReadOnlyList<string> querySql, IDriverSubscriptionListener listener)
        {
            _queries.AddRange(querySql);
            return Inner.Subscribe(querySql, listener);
        }

        public void CallReducer(object reducerArgs)
        {
            var before = _oracle._server.CallLogCount;
            Inner.CallReducer(reducerArgs);
            var after = _oracle._server.CallLogCount;
            if (!_oracle._calls.TryGetValue(reducerArgs, out var call))
            {
                return; // not a tracked call
            }

            call.LastSendRun = after == before ? null : before;
            if (after == before)
            {
                return; // the socket was already dead: the server never saw it
            }

            if (after != before + 1)
            {
                throw new InvalidOperationException($"one send produced {after - before} server records");
            }

            call.Runs.Add(before);
            if (!_runsAwaitingResult.TryGetValue(reducerArgs, out var queue))
            {
                queue = new Queue<int>();
                _runsAwaitingResult[reducerArgs] = queue;
            }

            queue.Enqueue(before);
        }

        public void OnConnected(DriverConnectedInfo info) => _listener.OnConnected(info);

        public void OnConnectError(Exception error) => _listener.OnConnectError(error);

        public void OnDisconnected(Exception? error) => _listener.OnDisconnected(error);

        public void OnReducerEvent(in DriverEvent reducerEvent)
        {
            if (reducerEvent.CallerIsSelf && reducerEvent.ReducerArgs is { } args
                && _oracle._calls.TryGetValue(args, out var call)
                && _runsAwaitingResult.TryGetValue(args, out var queue) && queue.Count > 0)
            {
                call.Seen[queue.Dequeue()] = !call.Task.IsCompleted;
            }

            _listener.OnReducerEvent(reducerEvent);
        }
    }
}
