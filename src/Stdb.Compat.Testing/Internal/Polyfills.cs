#if NETSTANDARD2_1
namespace System.Runtime.CompilerServices
{
    /// <summary>Allows <c>init</c> accessors and records on netstandard2.1.</summary>
    internal static class IsExternalInit
    {
    }
}
#endif
