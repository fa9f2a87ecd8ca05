namespace VrijwilligeOppas.Mapping.Contracts;

/// <summary>
/// Maxima the published schemas set and code needs as numbers. The XSDs in <c>xsd/</c> are the source; a test holds
/// these constants to them, so a change to one without the other fails the build's tests.
/// </summary>
public static class ContractLimits
{
    /// <summary>The most prestaties one consult answer holds, and the largest <c>MaxResultaten</c> an OCMW may ask.</summary>
    public const int ConsultPage = 1000;
}
