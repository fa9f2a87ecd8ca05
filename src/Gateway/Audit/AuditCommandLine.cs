using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>
/// The typed options of the audit commands: each value parsed and checked once, by the parser, so that a bad one is
/// a parse error naming its option (exit code 2) before any setting is read or any store opened.
/// </summary>
internal static class AuditCommandLine
{
    /// <summary>A text option; <paramref name="problem"/>, when given, says what is wrong with a value, or null.</summary>
    public static Option<string> Text(string name, string description, Func<string, string?>? problem = null, bool required = false) =>
        Checked(new Option<string>(name) { Description = description, Required = required }, value => value.Length == 0 ? $"{name} needs a value" : problem?.Invoke(value));

    /// <summary>A whole-number option, within <paramref name="minimum"/>..<paramref name="maximum"/> when given.</summary>
    public static Option<int?> Number(string name, string description, int minimum = int.MinValue, int maximum = int.MaxValue) => new(name)
    {
        Description = description,
        CustomParser = result => Parse<int>(result, text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null, $"{name} must be a whole number",
            value => value < minimum || value > maximum ? string.Create(CultureInfo.InvariantCulture, $"{name} must be between {minimum} and {maximum}") : null),
    };

    /// <summary>A date (midnight UTC) or an instant with its offset, as <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/> reads it.</summary>
    public static Option<DateTimeOffset?> Date(string name, string description, bool required = false) => new(name)
    {
        Description = description,
        Required = required,
        HelpName = "yyyy-MM-dd",
        CustomParser = result => Parse<DateTimeOffset>(result, text => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null, $"{name} must be a date (yyyy-MM-dd) or an instant"),
    };

    /// <summary>The value of a required date option: the parser has refused a command line without it.</summary>
    public static DateTimeOffset Instant(this ParseResult parsed, string name) =>
        parsed.GetValue<DateTimeOffset?>(name) ?? throw new InvalidOperationException($"{name} is required");

    /// <summary>The one line that says what is wrong with the command line: an unknown word, else the parser's first error.</summary>
    public static string Problem(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var name = command.Parents.Any() ? "audit " + command.Name : "audit";
        return parsed.UnmatchedTokens switch
        {
            [['-', ..] option, ..] => $"{name}: unknown option {option} (see {name} --help)",
            [var word, ..] when command.Subcommands.Count > 0 => $"{name}: unknown audit command '{word}' (see audit --help)",
            [var word, ..] => $"{name}: unexpected argument '{word}' (see {name} --help)",
            // An option's own error before the command's (--insz's value before the period --insz requires).
            _ => $"{name}: {parsed.Errors.OrderBy(e => e.SymbolResult is CommandResult).First().Message}",
        };
    }

    private static Option<string> Checked(Option<string> option, Func<string, string?> problem)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && problem(value) is { } message)
            {
                result.AddError(message);
            }
        });
        return option;
    }

    private static T? Parse<T>(ArgumentResult result, Func<string, T?> parse, string problem, Func<T, string?>? check = null)
        where T : struct
    {
        var value = parse(result.Tokens[0].Value);
        if ((value is null ? problem : check?.Invoke(value.Value)) is { } message)
        {
            result.AddError(message);
        }

        return value;
    }
}
