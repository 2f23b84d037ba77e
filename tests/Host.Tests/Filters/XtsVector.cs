namespace DumpFramework.Host.Tests.Filters;

/// <summary>One IEEE 1619 XTS-AES test vector (hex strings).</summary>
/// <param name="Number">The vector's number in IEEE Std 1619-2007 Annex B.</param>
/// <param name="Key">Key 1 followed by key 2.</param>
/// <param name="DataUnit">The data unit sequence number (the tweak).</param>
/// <param name="Plaintext">PTX.</param>
/// <param name="Ciphertext">CTX.</param>
internal sealed record XtsVector(int Number, string Key, ulong DataUnit, string Plaintext, string Ciphertext)
{
    public byte[] KeyBytes => Convert.FromHexString(Key);

    public byte[] PlaintextBytes => Convert.FromHexString(Plaintext);

    public byte[] CiphertextBytes => Convert.FromHexString(Ciphertext);
}
