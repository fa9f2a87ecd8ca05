using System.Data.Common;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Configuration;

/// <summary>
/// What must hold before the gateway serves, checked before the host starts, so that a refusal is one line for the
/// operator (<see cref="Describe"/>) rather than a hosting failure with a stack trace: every options section valid,
/// and this process the only one writing its audit instance's chain.
/// </summary>
internal static partial class StartupChecks
{
    /// <summary>The process's exit code when it refuses to start.</summary>
    public const int RefusedExitCode = 2;

    /// <summary>
    /// Whether the gateway is its own process. A host that runs it in-process (the tests' WebApplicationFactory) gets
    /// the refusal as the exception, not as a line on the console and an exit code.
    /// </summary>
    public static bool IsTheProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupChecks).Assembly;

    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        services.GetService<IStartupValidator>()?.Validate();
        foreach (var check in services.GetServices<IStartupCheck>())
        {
            await check.CheckAsync(cancellationToken);
        }
    }

    /// <summary>The operator's one line for a refused start-up; null for a failure that is a defect, not a refusal.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        StartupRefusedException refused => refused.Message,
        OptionsValidationException invalid => string.Join(" ", invalid.Failures.Select(failure => Named(invalid.OptionsType, failure))),
        CertificateFileException file => file.Message + " Check the setting that names this file.",
        AggregateException all when all.InnerExceptions.Select(Describe).ToList() is var each && each.TrueForAll(d => d is not null) =>
            string.Join(" ", each.Distinct(StringComparer.Ordinal)),
        _ => null,
    };

    /// <summary>A data-annotation failure ("… 'ReliabilityOptions' members: 'MaxConcurrentMessages' with the error: …") as the setting's key.</summary>
    private static string Named(Type options, string failure)
    {
        if (options.GetField("Section")?.GetValue(null) is not string section)
        {
            return failure;
        }

        if (DataAnnotationFailure().Match(failure) is { Success: true } annotation)
        {
            return $"{section}:{annotation.Groups[1].Value}: {annotation.Groups[2].Value}";
        }

        // The source-generated validators say "Member: message".
        var member = failure.Split(':', 2)[0];
        return options.GetProperty(member) is not null ? $"{section}:{failure}" : failure;
    }

    [System.Text.RegularExpressions.GeneratedRegex("members: '([^']+)' with the error: '(.*)'\\.?$")]
    private static partial System.Text.RegularExpressions.Regex DataAnnotationFailure();
}

/// <summary>
/// Something a feature must hold before the gateway serves (the audit log: its instance's chain, for this process
/// alone); it throws <see cref="StartupRefusedException"/> to refuse the start-up.
/// </summary>
public interface IStartupCheck
{
    Task CheckAsync(CancellationToken cancellationToken);
}
