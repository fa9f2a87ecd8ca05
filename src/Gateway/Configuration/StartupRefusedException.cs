namespace VrijwilligeOppas.Gateway.Configuration;

/// <summary>
/// The gateway will not start as configured. The message is for the operator: one sentence naming the setting and
/// what to do about it (<c>Program</c> prints it as one line and exits with code 2, without a stack trace).
/// </summary>
internal sealed class StartupRefusedException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
