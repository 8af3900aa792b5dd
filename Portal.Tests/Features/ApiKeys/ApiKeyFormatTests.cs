using Notarial.Portal.Features.ApiKeys;

namespace Notarial.Portal.Tests.Features.ApiKeys;

public sealed class ApiKeyFormatTests
{
    // Computed independently with Python: body + base62(zlib.crc32(body)), alphabet 0-9A-Za-z, 6 digits.
    public const string PythonLiveKey = "notary_xK9mP2vR4nQ8sT6wY1hJ3fD5cZ2h7t4s";
    public const string PythonTestKey = "notary_test_xK9mP2vR4nQ8sT6wY1hJ3fD5cZ139vmv";

    public static TheoryData<string> Environments => new() { "live", "test" };

    [Theory]
    [MemberData(nameof(Environments))]
    public void Generated_keys_have_the_prefix_the_length_and_a_valid_checksum(string environment)
    {
        for (var i = 0; i < 2_000; i++)
        {
            var key = ApiKeyFormat.Generate(environment);

            Assert.StartsWith(environment == "test" ? "notary_test_" : "notary_", key);
            Assert.Equal(environment == "test" ? 44 : 39, key.Length);
            Assert.True(ApiKeyFormat.TryGetEnvironment(key, out var parsed), key);
            Assert.Equal(environment, parsed);
        }
    }

    [Fact]
    public void Generated_keys_do_not_repeat_and_use_the_whole_alphabet()
    {
        var keys = Enumerable.Range(0, 5_000).Select(_ => ApiKeyFormat.Generate("live")).ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
        var used = keys.SelectMany(k => k.Substring(7, ApiKeyFormat.RandomLength)).ToHashSet();
        Assert.Equal(62, used.Count);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Any_single_character_change_at_any_position_is_refused(string environment)
    {
        for (var round = 0; round < 20; round++)
        {
            var key = ApiKeyFormat.Generate(environment);
            for (var position = 0; position < key.Length; position++)
            {
                foreach (var replacement in ApiKeyFormat.Alphabet + "_-.~ ")
                {
                    if (replacement == key[position])
                    {
                        continue;
                    }

                    var changed = string.Concat(key.AsSpan(0, position), replacement.ToString(), key.AsSpan(position + 1));
                    Assert.False(ApiKeyFormat.IsValid(changed), $"{changed} (position {position}) should be refused");
                }
            }
        }
    }

    [Fact]
    public void The_checksum_is_zlib_crc32_of_prefix_and_random_part_in_base62_so_scanners_can_check_it()
    {
        Assert.True(ApiKeyFormat.TryGetEnvironment(PythonLiveKey, out var live));
        Assert.Equal("live", live);
        Assert.True(ApiKeyFormat.TryGetEnvironment(PythonTestKey, out var test));
        Assert.Equal("test", test);
        // The same random part under the other prefix has a different checksum.
        Assert.False(ApiKeyFormat.IsValid("notary_test_" + PythonLiveKey[7..]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("notary_")]
    [InlineData("notary_test_")]
    [InlineData("sk_live_1234567890abcdef")]
    [InlineData("NOTARY_xK9mP2vR4nQ8sT6wY1hJ3fD5cZ2h7t4s")]
    [InlineData(" notary_xK9mP2vR4nQ8sT6wY1hJ3fD5cZ2h7t4s")]
    [InlineData("notary_xK9mP2vR4nQ8sT6wY1hJ3fD5cZ2h7t4s ")]
    [InlineData("notary_xK9mP2vR4nQ8sT6wY1hJ3fD5cZ2h7t4sx")]
    [InlineData("notary_xK9mP2vR4nQ8sT6wY1hJ3fD5cZ2h7t4")]
    [InlineData("notary_xK9mP2vR4nQ8sT6wY1hJ3fD5cZzzzzz")]
    [InlineData("notary_xK9mP2vR4nQ8sT6wY1hJ3fD5cä2h7t4s")]
    [InlineData("notary_xK9mP2vR4nQ8sT6wY1hJ3fD5c\02h7t4s")]
    [InlineData("notary_' OR 1=1 --aaaaaaaaaaaaaaaaaaaaa")]
    public void Malformed_values_are_refused(string value) => Assert.False(ApiKeyFormat.IsValid(value));

    [Fact]
    public void The_hint_shows_the_prefix_the_first_and_the_last_four_characters()
    {
        Assert.Equal("notary_xK9m…7t4s", ApiKeyFormat.Hint(PythonLiveKey));
        Assert.Equal("notary_test_xK9m…9vmv", ApiKeyFormat.Hint(PythonTestKey));
    }

    [Fact]
    public void The_hash_is_sha256_of_the_whole_key()
    {
        var expected = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(PythonLiveKey));

        Assert.Equal(expected, ApiKeyHasher.Hash(PythonLiveKey).ToArray());
        Assert.Equal(ApiKeyHasher.Hash(PythonLiveKey), ApiKeyHash.FromBytes(expected));
        Assert.NotEqual(ApiKeyHasher.Hash(PythonLiveKey), ApiKeyHasher.Hash(PythonTestKey));
    }
}
