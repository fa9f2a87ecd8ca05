using YamlDotNet.RepresentationModel;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// The deployment files parse, and agree with the image and the gateway: ports, probe paths, user, labels,
/// mounted paths, and only configuration keys docs/configuration.md documents.
/// </summary>
public class DeployManifestTests
{
    private static readonly string Readme = File.ReadAllText(RepoPaths.Combine("docs", "configuration.md"));
    private static readonly string[] Dockerfile = File.ReadAllLines(RepoPaths.Combine("Dockerfile"));

    [Fact]
    public void EveryYamlFile_Parses()
    {
        var files = Directory.GetFiles(RepoPaths.Combine("deploy"), "*.yaml", SearchOption.AllDirectories);

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.NotEmpty(Load(file)));
    }

    [Fact]
    public void Compose_BuildsThisImage_PublishesItsPort_AndUsesDocumentedKeys()
    {
        var compose = (YamlMappingNode)Load(RepoPaths.Combine("deploy", "compose.yaml")).Single();
        var gateway = Map(Map(compose, "services"), "gateway");

        Assert.True(File.Exists(Path.Combine(RepoPaths.Combine("deploy"), Text(Map(gateway, "build"), "context"), Text(Map(gateway, "build"), "dockerfile"))));
        Assert.Equal(ExposedPort, Text(gateway, "ports", 0).Split(':')[^1]);
        Assert.Equal("true", Text(gateway, "read_only"));
        Assert.Contains("gateway-data:/data", Seq(gateway, "volumes").Select(v => v.ToString()));
        Assert.All(Map(gateway, "environment").Children.Keys.Select(k => k.ToString()), AssertDocumented);
        foreach (var service in Map(compose, "services").Children.Values.OfType<YamlMappingNode>())
        {
            foreach (var mount in Seq(service, "volumes").Select(v => v.ToString()).Where(v => v.StartsWith("./", StringComparison.Ordinal)))
            {
                Assert.True(File.Exists(RepoPaths.Combine("deploy", mount.Split(':')[0])), mount);
            }
        }
    }

    [Fact]
    public void Kubernetes_ManifestsAgreeWithEachOtherAndWithTheImage()
    {
        var documents = Directory.GetFiles(RepoPaths.Combine("deploy", "k8s"), "*.yaml").SelectMany(Load).Cast<YamlMappingNode>().ToList();
        Assert.All(documents, d => Assert.False(string.IsNullOrEmpty(Text(d, "apiVersion")) || string.IsNullOrEmpty(Text(d, "kind")) || string.IsNullOrEmpty(Text(Map(d, "metadata"), "name"))));
        var deployment = documents.Single(d => Text(d, "kind") == "Deployment");
        var name = Text(Map(deployment, "metadata"), "name");
        var pod = Map(Map(deployment, "spec"), "template");
        var labels = Map(Map(pod, "metadata"), "labels");
        var podSpec = Map(pod, "spec");
        var container = (YamlMappingNode)Seq(podSpec, "containers").Single();
        var ports = Seq(container, "ports").Cast<YamlMappingNode>().ToDictionary(p => Text(p, "name"), p => Text(p, "containerPort"));
        var env = Seq(container, "env").Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"), e => e.Children.TryGetValue("value", out var v) ? v.ToString() : null);

        // Image: the user and the port the Dockerfile declares; probes on the gateway's health paths.
        Assert.Equal(DockerUser, Text(Map(podSpec, "securityContext"), "runAsUser"));
        Assert.Equal("true", Text(Map(container, "securityContext"), "readOnlyRootFilesystem"));
        Assert.Contains(ExposedPort, ports.Values);
        foreach (var (probe, path) in new[] { ("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready") })
        {
            var get = Map(Map(container, probe), "httpGet");
            Assert.Equal(path, Text(get, "path"));
            Assert.Contains(Text(get, "port"), ports.Keys);
        }

        Assert.Equal($"http://+:{ports[Text(Map(Map(container, "readinessProbe"), "httpGet"), "port")]}", env["Kestrel__Endpoints__Http__Url"]);

        // Configuration: only documented keys; every file path lies under a mounted volume that exists.
        Assert.All(env.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)), AssertDocumented);
        var mounts = Seq(container, "volumeMounts").Cast<YamlMappingNode>().ToList();
        var volumes = Seq(podSpec, "volumes").Cast<YamlMappingNode>().Select(v => Text(v, "name")).ToHashSet();
        Assert.All(mounts, m => Assert.Contains(Text(m, "name"), volumes));
        Assert.Contains(mounts, m => Text(m, "mountPath") == "/data");
        foreach (var path in env.Values.OfType<string>().Where(v => v.StartsWith("/etc/", StringComparison.Ordinal)))
        {
            Assert.Contains(mounts, m => path.StartsWith(Text(m, "mountPath") + "/", StringComparison.Ordinal));
        }

        // The production profile: several replicas need PostgreSQL and may not exceed the declared instances.
        Assert.Equal("Production", env["Gateway__Mode"]);
        Assert.Equal("PostgreSql", env["Audit__Store"]);
        var hpa = documents.Single(d => Text(d, "kind") == "HorizontalPodAutoscaler");
        Assert.Equal(name, Text(Map(Map(hpa, "spec"), "scaleTargetRef"), "name"));
        Assert.True(int.Parse(Text(Map(hpa, "spec"), "maxReplicas"), System.Globalization.CultureInfo.InvariantCulture) <= int.Parse(env["Gateway__Instances"]!, System.Globalization.CultureInfo.InvariantCulture));

        // Selectors select the pods; the Service targets a declared port.
        var service = documents.Single(d => Text(d, "kind") == "Service");
        Assert.All(Seq(Map(service, "spec"), "ports").Cast<YamlMappingNode>(), p => Assert.Contains(Text(p, "targetPort"), ports.Keys));
        foreach (var selector in new[]
        {
            Map(Map(service, "spec"), "selector"),
            Map(Map(Map(deployment, "spec"), "selector"), "matchLabels"),
            Map(Map(Map(documents.Single(d => Text(d, "kind") == "PodDisruptionBudget"), "spec"), "selector"), "matchLabels"),
            Map(Map(Map(documents.Single(d => Text(d, "kind") == "NetworkPolicy"), "spec"), "podSelector"), "matchLabels"),
        })
        {
            Assert.All(selector.Children, pair => Assert.Equal(pair.Value.ToString(), labels.Children[pair.Key].ToString()));
        }

        var networkPolicy = documents.Single(d => Text(d, "kind") == "NetworkPolicy");
        // The OCMW ingress reaches the mutual-TLS port only; the management port is a rule of its own, from other namespaces.
        var rules = Seq(Map(networkPolicy, "spec"), "ingress").Cast<YamlMappingNode>().ToList();
        string[] Ports(YamlMappingNode rule) => [.. Seq(rule, "ports").Cast<YamlMappingNode>().Select(p => Text(p, "port"))];
        string[] From(YamlMappingNode rule) => [.. Seq(rule, "from").Cast<YamlMappingNode>().Select(f => Text(Map(Map(f, "namespaceSelector"), "matchLabels"), "kubernetes.io/metadata.name"))];
        Assert.Equal([ports["https"]], Ports(rules.Single(r => From(r).Contains("ingress"))));
        Assert.Equal([ports["management"]], Ports(rules.Single(r => !From(r).Contains("ingress"))));
        Assert.Equal(2, rules.Count);
    }

    private static string ExposedPort => Dockerfile.Single(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal))["EXPOSE ".Length..].Trim();

    private static string DockerUser => Dockerfile.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();

    /// <summary><c>Audit__EncryptionKeys__k2026</c> is documented when docs/configuration.md names <c>Audit:EncryptionKeys</c>.</summary>
    private static void AssertDocumented(string environmentName)
    {
        if (environmentName.StartsWith("OTEL_", StringComparison.Ordinal))
        {
            Assert.Contains("OTEL_", Readme, StringComparison.Ordinal);
            return;
        }

        var parts = environmentName.Split("__");
        var key = string.Join(':', parts.Take(Math.Min(parts.Length, 2)));
        Assert.True(Readme.Contains($"`{key}", StringComparison.Ordinal), $"{environmentName} ({key}) is not in docs/configuration.md");
    }

    private static List<YamlNode> Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static IEnumerable<YamlNode> Seq(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlSequenceNode)value).Children : [];

    private static string Text(YamlMappingNode node, string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value.ToString() : string.Empty;

    private static string Text(YamlMappingNode node, string key, int index) => ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children[index].ToString();
}
