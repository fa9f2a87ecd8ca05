namespace VrijwilligeOppas.Mapping.Diagnostics;

/// <summary>One <c>common:Detail</c>: why something was refused, in words an OCMW staff member can act on.</summary>
public sealed record Detail(ReasonCode Code, Author Author, Severity Severity, IReadOnlyList<Information> Information)
{
    public string ReasonCodeText => ReasonCatalog.Name(Code);

    public string Diagnostic => ReasonCatalog.Diagnostic(Code);

    public static Detail Gateway(ReasonCode code, params Information[] information) =>
        new(code, Author.Gateway, ReasonCatalog.DefaultSeverity(code), information);

    public static Detail Central(ReasonCode code, params Information[] information) =>
        new(code, Author.Central, ReasonCatalog.DefaultSeverity(code), information);
}

/// <summary>A <c>common:Information</c> pair pointing at the field concerned.</summary>
public sealed record Information(string FieldName, string FieldValue);
