// Mirrors sdks/csharp/src/Event.cs (contexts, IDbContext, Event<R>, ReducerEvent<R>, Status, ProcedureEvent),
// ProcedureCallbacks.cs (ProcedureCallback<T>, ProcedureCallbackResult<T>), CallReducerFlags.cs (1.x), Compression.cs
// and the ClientApi types generated code touches (sdks/csharp/src/SpacetimeDB/ClientApi/*.g.cs), at v1.12.0 (SDK_V1)
// and v2.8.0 (SDK_V2).
// ClientApi types: ReducerCallInfo, EnergyQuanta, TransactionUpdate with [Type], their fields and both generated
// constructors as in ClientApi/*.g.cs@v1.12.0.
// Guessed / simplified: DatabaseUpdate carries List<string> TableNames instead of List<TableUpdate> Tables (rows are
// parsed elsewhere); ProcedureStatus and UpdateStatus are shells over TaggedEnum without their BSATN serializers; the
// members the BSATN source generator adds to Status (variant records, ToString) are written by hand.
// Member-by-member audit: tests/SdkStandIns/AUDIT.md.
using System;
using System.IO;

namespace SpacetimeDB
{
    public interface IEventContext
    {
    }

    public interface IReducerEventContext
    {
    }

    public interface ISubscriptionEventContext
    {
    }

    public interface IProcedureEventContext
    {
    }

    public interface IErrorContext
    {
        public Exception Event { get; }
    }

#if SDK_V1
    /// <summary>1.10–1.12 form: five parameters.</summary>
    public interface IDbContext<DbView, RemoteReducers, SetReducerFlags_, SubscriptionBuilder_, RemoteProcedures>
    {
        public DbView Db { get; }

        public RemoteReducers Reducers { get; }

        public SetReducerFlags_ SetReducerFlags { get; }

        public RemoteProcedures Procedures { get; }

        public bool IsActive { get; }

        public void Disconnect();

        public SubscriptionBuilder_ SubscriptionBuilder();

        public Identity? Identity { get; }

        public ConnectionId ConnectionId { get; }
    }
#else
    /// <summary>2.x form: four parameters (no SetReducerFlags).</summary>
    public interface IDbContext<DbView, RemoteReducers, SubscriptionBuilder_, RemoteProcedures>
    {
        public DbView Db { get; }

        public RemoteReducers Reducers { get; }

        public RemoteProcedures Procedures { get; }

        public bool IsActive { get; }

        public void Disconnect();

        public SubscriptionBuilder_ SubscriptionBuilder();

        public Identity? Identity { get; }

        public ConnectionId ConnectionId { get; }
    }
#endif

    public interface IReducerArgs : BSATN.IStructuralReadWrite
    {
        string ReducerName { get; }
    }

    public interface IProcedureArgs : BSATN.IStructuralReadWrite
    {
        string ProcedureName { get; }
    }

#if SDK_V1
    public enum CallReducerFlags : byte
    {
        FullUpdate = 0,
        NoSuccessNotify = 1,
    }
#endif

    public enum Compression
    {
        None,
        Brotli,
        Gzip,
    }

    [Type]
    public partial record Status : TaggedEnum<(Unit Committed, string Failed, Unit OutOfEnergy)>;

    // ---- what the BSATN source generator emits for Status (written by hand here) ----
    public partial record Status
    {
        private Status()
        {
        }

        public sealed record Committed(Unit Committed_) : Status
        {
            public override string ToString() => "Committed";
        }

        public sealed record Failed(string Failed_) : Status
        {
            public override string ToString() => $"Failed({Failed_})";
        }

        public sealed record OutOfEnergy(Unit OutOfEnergy_) : Status
        {
            public override string ToString() => "OutOfEnergy";
        }

        public readonly partial struct BSATN : global::SpacetimeDB.BSATN.IReadWrite<Status>
        {
            private static readonly global::SpacetimeDB.BSATN.String StringRW = new();

            public Status Read(BinaryReader reader) => reader.ReadByte() switch
            {
                0 => new Committed(default),
                1 => new Failed(StringRW.Read(reader)),
                2 => new OutOfEnergy(default),
                var tag => throw new InvalidDataException($"Invalid tag {tag} for Status."),
            };

            public void Write(BinaryWriter writer, Status value)
            {
                switch (value)
                {
                    case Committed:
                        writer.Write((byte)0);
                        break;
                    case Failed failed:
                        writer.Write((byte)1);
                        StringRW.Write(writer, failed.Failed_);
                        break;
                    case OutOfEnergy:
                        writer.Write((byte)2);
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(value));
                }
            }
        }
    }

    public record ReducerEvent<R>(
        Timestamp Timestamp,
        Status Status,
        Identity CallerIdentity,
        ConnectionId? CallerConnectionId,
        U128? EnergyConsumed,
        R Reducer);

    public record Event<R>
    {
        private Event()
        {
        }

        public record Reducer(ReducerEvent<R> ReducerEvent) : Event<R>;

#if SDK_V2
        public record Transaction : Event<R>;
#endif

        public record SubscribeApplied : Event<R>;

        public record UnsubscribeApplied : Event<R>;

        public record SubscribeError(Exception Exception) : Event<R>;

        public record UnknownTransaction : Event<R>;
    }

    public record ProcedureEvent(
        Timestamp Timestamp,
        ClientApi.ProcedureStatus Status,
        Identity CallerIdentity,
        ConnectionId? CallerConnectionId,
        TimeDuration TotalHostExecutionDuration,
        uint RequestId);

    public delegate void ProcedureCallback<T>(IProcedureEventContext ctx, ProcedureCallbackResult<T> result);

    public readonly struct ProcedureCallbackResult<T>
    {
        public readonly bool IsSuccess;
        public readonly T? Value;
        public readonly Exception? Error;

        private ProcedureCallbackResult(bool isSuccess, T? value, Exception? error)
        {
            IsSuccess = isSuccess;
            Value = value;
            Error = error;
        }

        public static ProcedureCallbackResult<T> Success(T value) => new(true, value, null);

        public static ProcedureCallbackResult<T> Failure(Exception error) => new(false, default, error);
    }
}

namespace SpacetimeDB.ClientApi
{
    using System.Collections.Generic;

    /// <summary>Wire type (generated in the real SDK): the outcome of a procedure call.</summary>
    [Type]
    public partial record ProcedureStatus : TaggedEnum<(List<byte> Returned, Unit OutOfEnergy, string InternalError)>
    {
        private ProcedureStatus()
        {
        }

        public sealed record Returned(List<byte> Returned_) : ProcedureStatus;

        public sealed record OutOfEnergy(Unit OutOfEnergy_) : ProcedureStatus;

        public sealed record InternalError(string InternalError_) : ProcedureStatus;
    }

#if SDK_V1
    /// <summary>v1 <c>UpdateStatus</c> (wire type).</summary>
    [Type]
    public partial record UpdateStatus : TaggedEnum<(DatabaseUpdate Committed, string Failed, Unit OutOfEnergy)>
    {
        private UpdateStatus()
        {
        }

        public sealed record Committed(DatabaseUpdate Committed_) : UpdateStatus;

        public sealed record Failed(string Failed_) : UpdateStatus;

        public sealed record OutOfEnergy(Unit OutOfEnergy_) : UpdateStatus;
    }

    /// <summary>v1 <c>DatabaseUpdate</c> (wire type). The stand-in keeps the rows elsewhere; this carries only the table names.</summary>
    [Type]
    public sealed partial class DatabaseUpdate
    {
        public List<string> TableNames = new();
    }

    /// <summary>v1 <c>ReducerCallInfo</c> (wire type).</summary>
    [Type]
    public sealed partial class ReducerCallInfo
    {
        public string ReducerName;
        public uint ReducerId;
        public List<byte> Args;
        public uint RequestId;

        public ReducerCallInfo(string ReducerName, uint ReducerId, List<byte> Args, uint RequestId)
        {
            this.ReducerName = ReducerName;
            this.ReducerId = ReducerId;
            this.Args = Args;
            this.RequestId = RequestId;
        }

        public ReducerCallInfo()
        {
            this.ReducerName = "";
            this.Args = new();
        }
    }

    /// <summary>v1 <c>EnergyQuanta</c> (wire type).</summary>
    [Type]
    public sealed partial class EnergyQuanta
    {
        public U128 Quanta;

        public EnergyQuanta(U128 Quanta)
        {
            this.Quanta = Quanta;
        }

        public EnergyQuanta()
        {
        }
    }

    /// <summary>v1 <c>TransactionUpdate</c> (wire type), handed to the generated <c>ToReducer</c>.</summary>
    [Type]
    public sealed partial class TransactionUpdate
    {
        public UpdateStatus Status;
        public Timestamp Timestamp;
        public Identity CallerIdentity;
        public ConnectionId CallerConnectionId;
        public ReducerCallInfo ReducerCall;
        public EnergyQuanta EnergyQuantaUsed;
        public TimeDuration TotalHostExecutionDuration;

        public TransactionUpdate(
            UpdateStatus Status,
            Timestamp Timestamp,
            Identity CallerIdentity,
            ConnectionId CallerConnectionId,
            ReducerCallInfo ReducerCall,
            EnergyQuanta EnergyQuantaUsed,
            TimeDuration TotalHostExecutionDuration)
        {
            this.Status = Status;
            this.Timestamp = Timestamp;
            this.CallerIdentity = CallerIdentity;
            this.CallerConnectionId = CallerConnectionId;
            this.ReducerCall = ReducerCall;
            this.EnergyQuantaUsed = EnergyQuantaUsed;
            this.TotalHostExecutionDuration = TotalHostExecutionDuration;
        }

        public TransactionUpdate()
        {
            this.Status = null!;
            this.ReducerCall = new();
            this.EnergyQuantaUsed = new();
        }
    }
#endif
}
