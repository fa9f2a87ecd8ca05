namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>The image build restores from project files copied one by one; a project missing there breaks the image only.</summary>
public class DockerfileTests
{
    [Fact]
    public void EveryProjectUnderSrc_IsCopiedBeforeTheRestore()
    {
        var dockerfile = File.ReadAllLines(RepoPaths.Combine("Dockerfile"));
        var restore = Array.FindIndex(dockerfile, line => line.StartsWith("RUN dotnet restore", StringComparison.Ordinal));

        foreach (var project in Directory.GetFiles(RepoPaths.Combine("src"), "*.csproj", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepoPaths.Root, project).Replace('\\', '/');
            var copy = Array.FindIndex(dockerfile, line => line.StartsWith($"COPY {relative} ", StringComparison.Ordinal));
            Assert.True(copy >= 0 && copy < restore, $"Dockerfile does not copy {relative} before the restore");
        }
    }
}
