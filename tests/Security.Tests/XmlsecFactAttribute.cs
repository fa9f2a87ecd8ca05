namespace VrijwilligeOppas.Security.Tests;

/// <summary>
/// A fact that needs the independent implementation <c>xmlsec1</c> (Debian package <c>xmlsec1</c>). Where it is
/// missing the test is reported as skipped, never passed, and <c>.ci/run</c> (which installs it) fails on any skip.
/// </summary>
public sealed class XmlsecFactAttribute : FactAttribute
{
    public XmlsecFactAttribute()
    {
        if (Xmlsec.Path is null)
        {
            Skip = "xmlsec1 is not installed (apt-get install xmlsec1); .ci/run installs it.";
        }
    }
}
