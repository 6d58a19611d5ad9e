using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EmergencyFlow.Application.Ops;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Http.Supervisor;

namespace EmergencyFlow.Http.Tests.Supervisor;

/// <summary>
/// Every alert links to its runbook entry on a page the app itself serves (the same relative link on both hosts), and
/// the runbook says what docs/operations.md says: the operations guide is the one source, the page its copy for supervisors.
/// </summary>
public sealed partial class RunbookTests
{
    private static readonly string Runbook = Encoding.UTF8.GetString(SupervisorAssets.Find("runbook.html")!.Content);

    private static readonly string OperationsGuide = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "operations.md"));

    public static TheoryData<string> Kinds()
    {
        var kinds = new TheoryData<string>();
        foreach (var kind in Enum.GetValues<AlertKind>())
        {
            kinds.Add(AlertGuidance.For(kind).Docs);
        }

        kinds.Add(AlertGuidance.LifecycleFailed.Docs);
        return kinds;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_alert_links_to_an_entry_of_the_runbook_the_page_serves(string docs)
    {
        docs.ShouldStartWith(AlertGuidance.RunbookPage + "#alert-");
        var anchor = docs[(docs.IndexOf('#', StringComparison.Ordinal) + 1)..];

        Runbook.ShouldContain($"<section id=\"{anchor}\"");
        OperationsGuide.ShouldContain($"<a id=\"{anchor}\"></a>");
    }

    [Fact]
    public void Each_runbook_entry_says_what_the_operations_guide_says()
    {
        var entries = Anchor().Matches(OperationsGuide).Select(m => m.Groups[1].Value).ToList();
        entries.Count.ShouldBeGreaterThan(10);
        foreach (var anchor in entries)
        {
            var start = OperationsGuide.IndexOf($"<a id=\"{anchor}\"></a>", StringComparison.Ordinal);
            var firstParagraph = OperationsGuide[start..].Split("\n\n")[1];
            var words = Plain(Markdown().Replace(firstParagraph, string.Empty));
            var section = Runbook[Runbook.IndexOf($"<section id=\"{anchor}\"", StringComparison.Ordinal)..];
            Plain(WebUtility.HtmlDecode(Tags().Replace(section[..section.IndexOf("</section>", StringComparison.Ordinal)], string.Empty)))
                .ShouldContain(words, customMessage: $"runbook entry {anchor} differs from docs/operations.md: regenerate it from the guide");
        }
    }

    private static string Plain(string text) => Spaces().Replace(text, " ").Trim();

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "EmergencyFlow.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("EmergencyFlow.sln not found above the test's folder.");
    }

    [GeneratedRegex("<a id=\"(alert-[a-z-]+)\"></a>")]
    private static partial Regex Anchor();

    [GeneratedRegex(@"[`*]")]
    private static partial Regex Markdown();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
