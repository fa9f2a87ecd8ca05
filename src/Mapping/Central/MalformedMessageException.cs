namespace VrijwilligeOppas.Mapping.Central;

/// <summary>A message of the eHealth contract that is not well-formed or breaks its schema.</summary>
public sealed class MalformedMessageException : Exception
{
    public MalformedMessageException(string message)
        : base(message)
    {
    }

    public MalformedMessageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
