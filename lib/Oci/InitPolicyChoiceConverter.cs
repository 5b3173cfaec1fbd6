using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oci;

/// <summary>Reads and writes <see cref="InitPolicy"/>'s enums by their <see cref="InitPolicyChoices"/> names,
/// so the policy JSON spells them as the YAML does. A name outside the set is a JsonException naming the
/// field and the allowed names (our text, not the trimmed build's resource key).</summary>
public sealed class InitPolicyChoiceConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert == typeof(InitPolicyRestart) || typeToConvert == typeof(InitPolicyReadiness) || typeToConvert == typeof(InitPolicyOnFailure);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        typeToConvert == typeof(InitPolicyRestart) ? new Of<InitPolicyRestart>(InitPolicyChoices.Restart)
        : typeToConvert == typeof(InitPolicyReadiness) ? new Of<InitPolicyReadiness>(InitPolicyChoices.Readiness)
        : typeToConvert == typeof(InitPolicyOnFailure) ? new Of<InitPolicyOnFailure>(InitPolicyChoices.OnFailure)
        : null;

    /// <summary>A name outside its set; the message is ours, so it can be shown as it is.</summary>
    public sealed class Rejected(string message) : JsonException(message);

    private sealed class Of<T>(InitPolicyChoice<T> choice) : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return choice.TryParse(text, out var value) ? value : throw new Rejected(choice.Rejection(text ?? reader.TokenType.ToString()));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(choice.Name(value));
    }
}
