using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VrijwilligeOppas.Audit;

/// <summary>
/// Checkpoints and purge markers copied, as they are made, to append-only files outside the database (a separate
/// volume): whoever cuts a chain's tail together with its checkpoint rows, or rewrites them, still disagrees with
/// the witness, which <see cref="AuditVerifier"/> reads. One file per instance (<c>{instance}.witness</c>), one JSON
/// line per entry, written through to the disk before the checkpoint counts as made.
/// </summary>
public sealed class AuditWitness(string directory)
{
    public const string Extension = ".witness";

    public string Directory { get; } = directory;

    public Task AppendAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken) =>
        AppendAsync(checkpoint.Instance, new WitnessLine("checkpoint", checkpoint.Instance, checkpoint.Sequence, Convert.ToHexString(checkpoint.Hash), checkpoint.Created.ToUnixTimeMilliseconds(), null,
            Convert.ToBase64String(checkpoint.Signature), checkpoint.TimestampToken is { } token ? Convert.ToBase64String(token) : null), cancellationToken);

    public Task AppendAsync(AuditPurgeMarker marker, CancellationToken cancellationToken) =>
        AppendAsync(marker.Instance, new WitnessLine("purge", marker.Instance, marker.Sequence, Convert.ToHexString(marker.Hash), marker.Created.ToUnixTimeMilliseconds(), marker.Before.ToUnixTimeMilliseconds(),
            Convert.ToBase64String(marker.Signature), null), cancellationToken);

    /// <summary>Every entry of every instance, and the lines that could not be read (a damaged witness is itself a finding).</summary>
    public async Task<WitnessContents> ReadAsync(CancellationToken cancellationToken)
    {
        var checkpoints = new List<AuditCheckpoint>();
        var purges = new List<AuditPurgeMarker>();
        var unreadable = new List<string>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return new WitnessContents(checkpoints, purges, [$"the witness folder {Directory} does not exist"]);
        }

        foreach (var file in System.IO.Directory.GetFiles(Directory, "*" + Extension).Order(StringComparer.Ordinal))
        {
            var number = 0;
            foreach (var text in await File.ReadAllLinesAsync(file, cancellationToken))
            {
                number++;
                if (text.Length == 0)
                {
                    continue;
                }

                try
                {
                    var line = JsonSerializer.Deserialize(text, WitnessJson.Default.WitnessLine) ?? throw new JsonException("empty");
                    var (hash, signature, created) = (Convert.FromHexString(line.Hash), Convert.FromBase64String(line.Signature), DateTimeOffset.FromUnixTimeMilliseconds(line.Created));
                    if (line.Kind == "purge" && line.Before is { } before)
                    {
                        purges.Add(new AuditPurgeMarker(line.Instance, line.Sequence, hash, DateTimeOffset.FromUnixTimeMilliseconds(before), created, [], signature));
                    }
                    else if (line.Kind == "checkpoint")
                    {
                        checkpoints.Add(new AuditCheckpoint(line.Instance, line.Sequence, hash, created, [], signature, line.Timestamp is { } token ? Convert.FromBase64String(token) : null));
                    }
                    else
                    {
                        throw new JsonException("unknown kind");
                    }
                }
                catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
                {
                    unreadable.Add(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)} line {number} cannot be read"));
                }
            }
        }

        return new WitnessContents(checkpoints, purges, unreadable);
    }

    private async Task AppendAsync(string instance, WitnessLine line, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(line, WitnessJson.Default.WitnessLine) + "\n");

        // FileMode.Append opens with O_APPEND: every write lands at the end, and the file is never rewritten.
        await using var file = new FileStream(Path.Combine(Directory, FileName(instance)), FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 4096, FileOptions.WriteThrough | FileOptions.Asynchronous);
        await file.WriteAsync(bytes, cancellationToken);
        file.Flush(flushToDisk: true);
    }

    private static string FileName(string instance)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return new string([.. instance.Select(c => invalid.Contains(c) || c == '.' ? '_' : c)]) + Extension;
    }
}

/// <summary>What the witness holds.</summary>
public sealed record WitnessContents(IReadOnlyList<AuditCheckpoint> Checkpoints, IReadOnlyList<AuditPurgeMarker> Purges, IReadOnlyList<string> Unreadable)
{
    public IEnumerable<string> Instances => Checkpoints.Select(c => c.Instance).Concat(Purges.Select(p => p.Instance)).Distinct(StringComparer.Ordinal);
}

/// <summary>One line of a witness file.</summary>
internal sealed record WitnessLine(string Kind, string Instance, long Sequence, string Hash, long Created, long? Before, string Signature, string? Timestamp);

[System.Text.Json.Serialization.JsonSerializable(typeof(WitnessLine))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class WitnessJson : System.Text.Json.Serialization.JsonSerializerContext;
