using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Adapters;
using Stdb.Compat.Events;
using Stdb.Compat.Internal;

namespace Stdb.Compat.Connection;

/// <content>What the router carries across path switches: model views, event streams and subscriptions.</content>
internal sealed partial class SchemaPathClient
{
    private interface IViewSlot
    {
        IModelViewControl View { get; }

        void Rebind(SchemaPathDefinition path, IRowSource rows);
    }

    private interface IModelViewControl
    {
        void BeginReconcile();

        void EndReconcile();
    }

    private interface IEventRelay
    {
        void Attach(Lane lane);
    }

    /// <summary>A model view and its binding to the path in use.</summary>
    private sealed class ViewSlot<TModel> : IViewSlot, IModelViewControl
        where TModel : class
    {
        private readonly string? _table;
        private IDisposable? _binding;

        public ViewSlot(ModelView<TModel> view, string? table)
        {
            ModelView = view;
            _table = table;
        }

        public ModelView<TModel> ModelView { get; }

        public IModelViewControl View => this;

        public void Rebind(SchemaPathDefinition path, IRowSource rows)
        {
            _binding?.Dispose();
            _binding = path.RowMapOf<TModel>(_table)?.Attach(ModelView, rows, path.Driver);
        }

        public void BeginReconcile() => ModelView.BeginReconcile();

        public void EndReconcile() => ModelView.EndReconcile();
    }

    /// <summary>An app event stream fed by the lane in use.</summary>
    private sealed class EventRelay<TEvent> : IEventStream<TEvent>, IEventRelay
    {
        private readonly SchemaPathClient _owner;
        private readonly HandlerList<CompatEvent<TEvent>> _received = new();

        public EventRelay(SchemaPathClient owner) => _owner = owner;

        public event Action<CompatEvent<TEvent>>? Received
        {
            add => _received.Add(value);
            remove => _received.Remove(value);
        }

        public EventSourceKind Source => Current?.Source ?? EventSourceKind.None;

        public string? UnavailableReason => Current is { } stream ? stream.UnavailableReason : "no schema path is in use yet";

        private IEventStream<TEvent>? Current => Volatile.Read(ref _owner._lane)?.Client.Events<TEvent>();

        public void Attach(Lane lane) => lane.Client.Events<TEvent>().Received += e =>
        {
            if (lane == Volatile.Read(ref _owner._lane))
            {
                _received.Invoke(e, _owner, "Events<" + typeof(TEvent).Name + ">.Received");
            }
        };
    }

    /// <summary>An app subscription, applied on every lane whose bindings know its tables.</summary>
    private sealed class PathSubscription : ICompatSubscription
    {
        private readonly SchemaPathClient _owner;
        private readonly string[]? _tables;
        private readonly Dictionary<Lane, ICompatSubscription> _perLane = new();
        private readonly TaskCompletionSource<bool> _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PathSubscription(SchemaPathClient owner, string[]? tables)
        {
            _owner = owner;
            _tables = tables;
        }

        public IReadOnlyList<string> Tables => Current?.Tables ?? (IReadOnlyList<string>?)_tables ?? Array.Empty<string>();

        public IReadOnlyList<string> Queries => Current?.Queries ?? Array.Empty<string>();

        public bool IsActive => Current?.IsActive ?? false;

        public Task Applied => _applied.Task;

        private ICompatSubscription? Current
        {
            get
            {
                var lane = Volatile.Read(ref _owner._lane);
                lock (_perLane)
                {
                    return lane is not null && _perLane.TryGetValue(lane, out var s) ? s : null;
                }
            }
        }

        /// <summary>Subscribes on <paramref name="lane"/> (remembered there for every later connection).</summary>
        public void On(Lane lane)
        {
            ICompatSubscription subscription;
            lock (_perLane)
            {
                if (_perLane.ContainsKey(lane))
                {
                    return;
                }

                subscription = _tables is null ? lane.Client.SubscribeToAllTables() : lane.Client.Subscribe(_tables);
                _perLane.Add(lane, subscription);
            }

            _ = ForwardAsync(subscription.Applied);
        }

        /// <summary>Completes when the subscription applied on <paramref name="lane"/> (at once when it is not there).</summary>
        public Task AppliedOn(Lane lane)
        {
            lock (_perLane)
            {
                return _perLane.TryGetValue(lane, out var s) ? s.Applied : Task.CompletedTask;
            }
        }

        public async Task UnsubscribeAsync(CancellationToken cancellationToken = default)
        {
            lock (_owner._gate)
            {
                _owner._subscriptions.Remove(this);
            }

            ICompatSubscription[] all;
            lock (_perLane)
            {
                all = _perLane.Values.ToArray();
                _perLane.Clear();
            }

            foreach (var subscription in all)
            {
                await subscription.UnsubscribeAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task ForwardAsync(Task applied)
        {
            try
            {
                await applied.ConfigureAwait(false);
                _applied.TrySetResult(true);
            }
#pragma warning disable CA1031 // Handed to whoever awaits Applied.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _applied.TrySetException(ex);
            }
        }
    }
}
