namespace Notarial.Portal.Features.Plugins;

/// <summary>One line a plugin wrote (or the supervisor wrote about it), already redacted.</summary>
public sealed record PluginLogLine(DateTimeOffset At, string Stream, string Text);

/// <summary>
/// The last <see cref="Capacity"/> lines of a plugin's stdout and stderr, with secrets redacted before they are kept
/// (<see cref="SecretRedactor"/>, plus the plugin's own current client secret, verbatim).
/// </summary>
public sealed class PluginLog(TimeProvider time)
{
    public const int Capacity = 500;

    private readonly Queue<PluginLogLine> _lines = new();
    private readonly Lock _gate = new();
    private string? _secret;

    /// <summary>The secret the plugin was started with: removed from every line whatever its shape.</summary>
    public void Forget(string? secret)
    {
        lock (_gate)
        {
            _secret = secret;
        }
    }

    public void Add(string stream, string text)
    {
        lock (_gate)
        {
            if (_secret is { Length: > 0 } secret)
            {
                text = text.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal);
            }

            _lines.Enqueue(new PluginLogLine(time.GetUtcNow(), stream, SecretRedactor.Redact(text)));
            while (_lines.Count > Capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public IReadOnlyList<PluginLogLine> Lines()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }
}
