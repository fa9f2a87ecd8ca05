namespace VrijwilligeOppas.Tests.Shared;

internal static class RepoPaths
{
    /// <summary>The repository root: the folder holding Gateway.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Gateway.sln not found above the test binaries.");
    }
}
