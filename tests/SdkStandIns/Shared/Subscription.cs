// Mirrors ISubscriptionHandle and SubscriptionHandleBase<SubscriptionEventContext, ErrorContext> of
// sdks/csharp/src/Event.cs at v1.12.0 (SDK_V1: legacy SubscribeToAllTables handles) and v2.8.0 (SDK_V2), plus the typed
// query types the 2.x fixtures use.
// Guessed / simplified: Query<TRow> and IQuery<TRow> carry only what the fixtures need (the real typed query builder,
// crates/bindings-csharp/BSATN.Runtime/QueryBuilder.cs at v2.8.0, is much larger); the internal OnApplied/OnEnded/
// OnError plumbing is the stand-in's own.
using System;

namespace SpacetimeDB
{
    public interface ISubscriptionHandle
    {
        internal void OnApplied(ISubscriptionEventContext context, bool legacy);

        internal void OnError(IErrorContext context);

        internal void OnEnded(ISubscriptionEventContext context);

        internal void SetQueryId(uint queryId);
    }

    public class SubscriptionHandleBase<SubscriptionEventContext, ErrorContext> : ISubscriptionHandle
        where SubscriptionEventContext : ISubscriptionEventContext
        where ErrorContext : IErrorContext
    {
        private readonly IDbConnection _conn;
        private readonly Action<SubscriptionEventContext>? _onApplied;
        private readonly Action<ErrorContext, Exception>? _onError;
        private Action<SubscriptionEventContext>? _onEnded;
        private State _state = State.Pending;
        private uint _queryId;
        private bool _unsubscribeCalled;

#if SDK_V1
        /// <summary>Legacy subscribe-all ("SELECT * FROM *"): no error handler, never unsubscribable.</summary>
        protected SubscriptionHandleBase(IDbConnection conn, Action<SubscriptionEventContext>? onApplied, string[] querySqls)
        {
            _conn = conn;
            _onApplied = onApplied;
            conn.LegacySubscribe(this, querySqls);
        }
#endif

        protected SubscriptionHandleBase(
            IDbConnection conn,
            Action<SubscriptionEventContext>? onApplied,
            Action<ErrorContext, Exception>? onError,
            string[] querySqls)
        {
            _conn = conn;
            _onApplied = onApplied;
            _onError = onError;
            conn.Subscribe(this, querySqls);
        }

        private enum State
        {
            Pending,
            Active,
#if SDK_V1
            LegacyActive,
#endif
            Ended,
        }

        public bool IsEnded => _state == State.Ended;

#if SDK_V1
        public bool IsActive => _state is State.Active or State.LegacyActive;
#else
        public bool IsActive => _state == State.Active;
#endif

        public void Unsubscribe() => UnsubscribeThen(null);

        public void UnsubscribeThen(Action<SubscriptionEventContext>? onEnded)
        {
            if (_state != State.Active)
            {
                throw new Exception("Cannot unsubscribe from inactive subscription.");
            }

            if (_unsubscribeCalled)
            {
                throw new Exception("Unsubscribe already called.");
            }

            _unsubscribeCalled = true;
            _onEnded = onEnded;
            _conn.Unsubscribe(_queryId);
        }

        void ISubscriptionHandle.SetQueryId(uint queryId) => _queryId = queryId;

        void ISubscriptionHandle.OnApplied(ISubscriptionEventContext context, bool legacy)
        {
#if SDK_V1
            _state = legacy ? State.LegacyActive : State.Active;
#else
            _state = State.Active;
#endif
            try
            {
                _onApplied?.Invoke((SubscriptionEventContext)context);
            }
            catch (Exception e)
            {
                Log.Exception(e);
            }
        }

        void ISubscriptionHandle.OnError(IErrorContext context)
        {
            _state = State.Ended;
            try
            {
                _onError?.Invoke((ErrorContext)context, context.Event);
            }
            catch (Exception e)
            {
                Log.Exception(e);
            }
        }

        void ISubscriptionHandle.OnEnded(ISubscriptionEventContext context)
        {
            // Reference order: OnDelete for the dropped rows, then onEnded, then the state becomes Ended.
            try
            {
                _onEnded?.Invoke((SubscriptionEventContext)context);
            }
            catch (Exception e)
            {
                Log.Exception(e);
            }

            _state = State.Ended;
        }
    }

#if SDK_V1
    /// <summary>1.12 typed query: the SQL text of a query over <typeparamref name="TRow"/>.</summary>
    public readonly struct Query<TRow>
    {
        public Query(string sql)
        {
            Sql = sql;
        }

        public string Sql { get; }

        public string ToSql() => Sql;

        public override string ToString() => Sql;
    }
#else
    /// <summary>2.x typed query.</summary>
    public interface IQuery<TRow>
    {
        string ToSql();
    }
#endif
}
