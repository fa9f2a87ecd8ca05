namespace VrijwilligeOppas.Mapping.Diagnostics;

/// <summary>Who raised a detail: written as <c>common:AuthorCodeList</c>.</summary>
public enum Author
{
    Gateway,
    Central,
}

public enum Severity
{
    Information,
    Warning,
    Error,
}
