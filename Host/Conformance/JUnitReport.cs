using System.Globalization;
using System.Xml;

namespace DumpFramework.Host.Conformance;

/// <summary>The outcomes as JUnit XML, the form CI systems read: one test case per scenario, a failure with what
/// failed, a skipped element with why a scenario does not apply.</summary>
internal static class JUnitReport
{
    public static void Write(string path, string stackName, IReadOnlyList<ScenarioOutcome> outcomes)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var writer = XmlWriter.Create(path, settings);
        Write(writer, stackName, outcomes);
    }

    public static void Write(XmlWriter writer, string stackName, IReadOnlyList<ScenarioOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(outcomes);
        string Seconds(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
        string suite = $"dumpstack conformance {stackName}";
        writer.WriteStartDocument();
        writer.WriteStartElement("testsuites");
        writer.WriteAttributeString("name", suite);
        writer.WriteStartElement("testsuite");
        writer.WriteAttributeString("name", suite);
        writer.WriteAttributeString("tests", outcomes.Count.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("failures", outcomes.Count(o => o.Result == ScenarioResult.Fail).ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("errors", "0");
        writer.WriteAttributeString("skipped", outcomes.Count(o => o.Result == ScenarioResult.NotApplicable).ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("time", Seconds(outcomes.Sum(o => o.Seconds)));
        foreach (var outcome in outcomes)
        {
            writer.WriteStartElement("testcase");
            writer.WriteAttributeString("classname", $"conformance.{stackName}");
            writer.WriteAttributeString("name", outcome.Scenario);
            writer.WriteAttributeString("time", Seconds(outcome.Seconds));
            if (outcome.Result == ScenarioResult.Fail)
            {
                writer.WriteStartElement("failure");
                writer.WriteAttributeString("message", Clean(outcome.Detail));
                writer.WriteString(Clean(outcome.Detail));
                writer.WriteEndElement();
            }
            else if (outcome.Result == ScenarioResult.NotApplicable)
            {
                writer.WriteStartElement("skipped");
                writer.WriteAttributeString("message", "not applicable: " + Clean(outcome.Detail));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    // A driver's message may carry characters XML 1.0 cannot hold (control bytes from a device string).
    private static string Clean(string text) => string.Concat(text.Select(c => XmlConvert.IsXmlChar(c) ? c : '?'));
}
