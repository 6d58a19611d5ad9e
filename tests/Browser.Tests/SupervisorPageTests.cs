using System.Net;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using EmergencyFlow.LocalHost.Tests;
using Microsoft.Playwright;
using EmergencyFlow.Http.Webhook;
using static Microsoft.Playwright.Assertions;

namespace EmergencyFlow.Browser.Tests;

/// <summary>
/// What a supervisor sees on <c>/supervisor</c> while a whole emergency plays through the webhook.
/// Time moves only on the host's virtual clock; the page is waited for with Playwright's
/// auto-retrying assertions, never with sleeps.
/// </summary>
public sealed partial class SupervisorPageTests
{
    private const string PoolNumber = "+14255550123";

    [Fact]
    public async Task A_supervisor_follows_an_emergency_from_dial_to_release_on_the_page()
    {
        await using var host = await TestHost.StartAsync();
        await using var browser = await SupervisorBrowser.OpenAsync(host.Http.BaseAddress!);
        var page = browser.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("00-sign-in");
        await browser.SignInAsync(TestHost.OpsKey);
        var active = browser.Section("Active emergencies");
        var leases = browser.Section("Live callback leases");
        await Expect(active).ToContainTextAsync("No active emergencies.");
        await Expect(browser.Section("Callback pool")).ToContainTextAsync("3 free · 0 leased · 3 numbers");
        page.Url.ShouldNotContain(TestHost.OpsKey);
        await browser.ScreenshotAsync("01-signed-in");

        // New emergency: agent-042 (Ana Lima) dials 911 in the US.
        (await host.PostAsync(TestHost.Sample("outbound-call-placed"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var card = active.GetByRole(AriaRole.Article, new() { Name = "Ana Lima · 911 US" });
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("On the emergency call");
        await Expect(card).ToContainTextAsync("Dialled at7:00 PM");
        await Expect(card).ToContainTextAsync("Callback number+*********23");
        await Expect(card.Locator("[data-since]")).ToHaveTextAsync(TimeOnTheClock());
        await browser.ScreenshotAsync("02-new-emergency");

        // Do Not Disturb, the lease and the email are done; the call is under way.
        var steps = card.GetByRole(AriaRole.List, new() { Name = "Progress for Ana Lima" });
        await Expect(steps.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(
        [
            "Agent set to Do Not Disturb (done)",
            "Callback number leased (done)",
            "Contacts emailed (done)",
            "Call in progress (current)",
            "Presence restored (pending)",
            "Callback number released (pending)",
        ]);
        await browser.ScreenshotAsync("03-do-not-disturb");

        // The lease counts down to its release.
        var lease = leases.GetByRole(AriaRole.Article, new() { Name = "+*********23 → Ana Lima" });
        await Expect(lease).ToBeVisibleAsync();
        await Expect(lease.GetByRole(AriaRole.Timer)).ToHaveTextAsync(TimeOnTheClock());
        await Expect(lease).ToContainTextAsync("No callbacks yet.");
        await Expect(lease).ToContainTextAsync("At the latest: the call is still going");
        await Expect(browser.Section("Callback pool")).ToContainTextAsync("2 free · 1 leased · 3 numbers");
        await browser.ScreenshotAsync("04-lease-countdown");

        // The emergency service calls back: the call rings Ana directly.
        await host.AdvanceToAsync(TestHost.T0.AddMinutes(5));
        (await host.PostAsync(IncomingCallTo(PoolNumber), FunctionNames.OnIncomingCall)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect(lease.GetByRole(AriaRole.List, new() { Name = "Routed callbacks" }))
            .ToHaveTextAsync("7:05 PM (just now) Callback to +*********23 rang Ana Lima directly");
        await browser.ScreenshotAsync("05-routed-callback");

        // The call ends at 19:12: presence comes back and the 60-minute callback window starts.
        await host.AdvanceToAsync(TestHost.T0.AddMinutes(12));
        (await host.PostAsync(TestHost.Sample("outbound-call-ended"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect(card).ToContainTextAsync("Call over, callback window open");
        await Expect(steps.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Presence restored" })).ToHaveTextAsync("Presence restored (done)");
        await Expect(lease).ToContainTextAsync("Release at8:12 PM (in 1 hr.)");
        await Expect(lease.GetByRole(AriaRole.Timer)).ToHaveTextAsync(new Regex("^(60:00|59:[0-5][0-9])$"));
        await Expect(lease).Not.ToContainTextAsync("At the latest");
        await browser.ScreenshotAsync("06-presence-restored");

        // The window closes: the number goes back to the pool and the emergency is finished.
        await host.AdvanceToAsync(TestHost.T0.AddMinutes(72));
        await Expect(leases).ToContainTextAsync("No live callback leases.");
        await Expect(active).ToContainTextAsync("No active emergencies.");
        await Expect(browser.Section("Recently finished").GetByRole(AriaRole.Row).Nth(1))
            .ToHaveTextAsync("Ana Lima911US7:00 PM (1 hr. ago)Completed, callback number released");
        await Expect(browser.Section("Callback pool")).ToContainTextAsync("3 free · 0 leased · 3 numbers");
        await Expect(browser.Section("Alerts")).ToContainTextAsync("No alerts.");
        await browser.ScreenshotAsync("07-released");

        (await page.ContentAsync()).ShouldNotContain("4255550123", customMessage: "the page shows only masked numbers");
    }

    [Fact]
    public async Task Pool_exhaustion_and_a_bounced_email_appear_as_alerts_that_say_what_to_do()
    {
        await using var host = await TestHost.StartAsync();
        (await host.OpsSendAsync(HttpMethod.Put, "pool", new { numbers = new[] { PoolNumber } })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await using var browser = await SupervisorBrowser.OpenAsync(host.Http.BaseAddress!);
        var page = browser.Page;

        // Signed in with the keyboard alone: the key field has focus, Enter submits.
        await Expect(page.GetByLabel("Ops key")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(TestHost.OpsKey);
        await page.Keyboard.PressAsync("Enter");
        await Expect(browser.Section("Alerts")).ToContainTextAsync("No alerts.");
        await page.GetByLabel("Sound for new emergencies and alerts").CheckAsync();
        var chimesBefore = await Chimes(page);

        await host.PostAsync(TestHost.Sample("outbound-call-placed"));
        await host.PostAsync(TestHost.Sample("outbound-call-placed", d =>
        {
            d["agentId"] = "agent-007";
            d["agentAcsId"] = "8:acs:1b5cc06b-f352-4571-b1e6-d9b259b7c776_00000021-0000-0000-0000-000000000007";
            d["serverCallId"] = "c2Vjb25kLWVtZXJnZW5jeS1jYWxs";
            d["correlationId"] = "0b1c2d3e-0000-4000-8000-000000000002";
            d["dialledNumber"] = "933";
        }));
        await host.PostAsync(TestHost.Sample("email-delivery-report"));

        var alerts = browser.Section("Alerts");
        var exhausted = alerts.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Callback pool exhausted" }) });
        await Expect(exhausted).ToContainTextAsync("Agent: Ben Okafor");
        await Expect(exhausted).ToContainTextAsync("What to do: Add callback numbers to the pool now");
        await Expect(exhausted.GetByRole(AriaRole.Link, new() { Name = "Runbook: Callback pool exhausted" }))
            .ToHaveAttributeAsync("href", "supervisor/runbook.html#alert-pool-exhausted");
        var bounced = alerts.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Notification email bounced" }) });
        await Expect(bounced).ToContainTextAsync("j***@contoso.com was Bounced");
        await Expect(bounced).ToContainTextAsync("What to do: Phone the contact whose email bounced");

        var ben = browser.Section("Active emergencies").GetByRole(AriaRole.Article, new() { Name = "Ben Okafor · 933 US" });
        await Expect(ben).ToContainTextAsync("TEST CALL");
        await Expect(ben.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "pool exhausted" })).ToHaveTextAsync("No callback number: pool exhausted (problem)");
        await Expect(browser.Section("Callback pool")).ToContainTextAsync("0 free · 1 leased · 1 number");
        await browser.ScreenshotAsync("08-alerts");

        // Noticed from another tab: the title counts what is new and, with sound on, a chime played; coming back resets it.
        (await page.TitleAsync()).ShouldMatch(@"^\(\d+ new\) EmergencyFlow supervisor$");
        (await Chimes(page)).ShouldBeGreaterThan(chimesBefore);
        await page.GetByRole(AriaRole.Heading, new() { Name = "EmergencyFlow supervisor" }).ClickAsync();
        (await page.TitleAsync()).ShouldBe("EmergencyFlow supervisor");

        var content = await page.ContentAsync();
        content.ShouldNotContain("(unknown)");
        content.ShouldNotContain("jane.doe");

        // Acknowledged with a name and a note: the alert leaves the red list and stays in the history.
        await exhausted.GetByText("Acknowledge this alert").ClickAsync();
        await exhausted.GetByLabel("Your name").FillAsync("Maria Santos");
        await exhausted.GetByLabel("What you did (who you called, what they said)").FillAsync("Gave the PSAP the main number; added two pool numbers.");
        await browser.ScreenshotAsync("08b-acknowledging");
        await exhausted.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Expect(alerts.GetByRole(AriaRole.Heading, new() { Name = "Callback pool exhausted" })).ToHaveCountAsync(0);
        var history = browser.Section("Acknowledged alerts (last 24 hours)").GetByRole(AriaRole.Listitem);
        await Expect(history).ToContainTextAsync("Callback pool exhausted");
        await Expect(history).ToContainTextAsync("Acknowledged by Maria Santos");
        await Expect(history).ToContainTextAsync("Gave the PSAP the main number; added two pool numbers.");
        await browser.ScreenshotAsync("08c-acknowledged");

        // The shift hand-over: shown on the page (and printable), and saved as CSV, masked.
        var handover = browser.Section("Shift hand-over (last 24 hours)");
        await handover.GetByRole(AriaRole.Button, new() { Name = "Show hand-over" }).ClickAsync();
        await Expect(handover.GetByRole(AriaRole.Table, new() { Name = "Alerts and who handled them" })).ToContainTextAsync("Maria Santos");
        await Expect(handover.GetByRole(AriaRole.Table, new() { Name = "Emergencies, oldest first" })).ToContainTextAsync("Ben Okafor");
        await handover.ScrollIntoViewIfNeededAsync();
        await browser.ScreenshotAsync("08e-handover");
        var download = await page.RunAndWaitForDownloadAsync(() => handover.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());
        download.SuggestedFilename.ShouldBe("emergencyflow-handover-20261121-1900Z.csv");
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        csv.ShouldStartWith("record,time_utc,agent,dialled_number");
        csv.ShouldContain("alert,");
        csv.ShouldContain("Maria Santos");
        csv.ShouldContain("'+*********23");
        csv.ShouldNotContain("4255550123");

        // The sound choice is remembered by this browser.
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Sound for new emergencies and alerts")).ToBeCheckedAsync();

        // Each alert's runbook entry is a page of the app, readable with the same accessibility bar.
        await Expect(bounced.GetByRole(AriaRole.Link, new() { Name = "Runbook: Notification email bounced" })).ToBeVisibleAsync();
        await bounced.GetByRole(AriaRole.Link, new() { Name = "Runbook: Notification email bounced" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notification email bounced" })).ToBeInViewportAsync();
        page.Url.ShouldEndWith("/supervisor/runbook.html#alert-email-bounced");
        await browser.ScreenshotAsync("08d-runbook");
        var axe = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21aa"] },
        });
        axe.Violations.Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();
    }

    [Fact]
    public async Task Times_read_in_the_viewers_own_zone_with_the_exact_UTC_time_on_hover()
    {
        await using var host = await TestHost.StartAsync();
        await host.PostAsync(TestHost.Sample("outbound-call-placed"));
        await using var browser = await SupervisorBrowser.OpenAsync(host.Http.BaseAddress!, timeZone: "America/New_York");
        await browser.SignInAsync(TestHost.OpsKey);

        var card = browser.Section("Active emergencies").GetByRole(AriaRole.Article);
        var dialled = card.Locator("time").First;
        await Expect(dialled).ToContainTextAsync("2:00 PM");
        await Expect(dialled).ToHaveAttributeAsync("title", "2026-11-21T19:00:00Z (UTC)");
        await Expect(dialled).ToHaveAttributeAsync("datetime", "2026-11-21T19:00:00Z");
        await Expect(dialled).ToContainTextAsync("(just now)");
        await host.AdvanceToAsync(TestHost.T0.AddMinutes(4));
        await Expect(dialled).ToContainTextAsync("(4 min. ago)");
        await browser.ScreenshotAsync("11-local-times");
    }

    private static Task<int> Chimes(IPage page) => page.EvaluateAsync<int>("() => Number(document.body.dataset.chimes || 0)");

    [Fact]
    public async Task On_a_phone_the_page_reads_in_one_column_and_passes_the_accessibility_checks()
    {
        await using var host = await TestHost.StartAsync();
        await host.PostAsync(TestHost.Sample("outbound-call-placed"));
        await using var browser = await SupervisorBrowser.OpenAsync(host.Http.BaseAddress!, new ViewportSize { Width = 390, Height = 844 });
        await browser.SignInAsync(TestHost.OpsKey);
        await Expect(browser.Section("Active emergencies").GetByRole(AriaRole.Article)).ToContainTextAsync("Ana Lima");

        var overflow = await browser.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        overflow.ShouldBeFalse("nothing is wider than the phone's screen");
        await browser.ScreenshotAsync("09-phone");

        var axe = await browser.Page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21aa"] },
        });
        axe.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))})").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_sign_in_form_says_so()
    {
        await using var host = await TestHost.StartAsync();
        await using var browser = await SupervisorBrowser.OpenAsync(host.Http.BaseAddress!);

        await browser.Page.GetByLabel("Ops key").FillAsync("not-the-key");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(browser.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The ops key was refused. Check it and sign in again.");
        await Expect(browser.Section("Active emergencies")).ToBeHiddenAsync();
        (await browser.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('emergencyflow.opsKey')")).ShouldBeNull();
    }

    [Fact]
    public async Task The_API_reference_shows_each_operations_response_schema_from_this_host_only_under_its_content_policy()
    {
        await using var host = await TestHost.StartAsync();
        await using var browser = await SupervisorBrowser.OpenAsync(host.Http.BaseAddress!);
        var origin = host.Http.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var elsewhere = new List<string>();
        var refused = new List<string>();
        browser.Page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };
        browser.Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                refused.Add(message.Text);
            }
        };

        await browser.Page.GetByRole(AriaRole.Link, new() { Name = "interactive reference" }).ClickAsync();
        await Expect(browser.Page.GetByText("EmergencyFlow ops API").First).ToBeVisibleAsync();
        await browser.Page.GetByText("Makes the pool exactly these numbers (a number with a live lease cannot be removed).", new() { Exact = true }).First.ClickAsync();

        // The pool change's 202 answer, with its schema: what changed, whether it is applied yet, the pool after it.
        var putPool = browser.Page.Locator("section", new() { HasText = "/api/ops/pool" }).Filter(new() { HasText = "202" }).Last;
        await Expect(putPool).ToContainTextAsync("Accepted");
        await Expect(putPool).ToContainTextAsync("\"applied\"");
        await Expect(putPool).ToContainTextAsync("application/problem+json");
        await Expect(browser.Page.GetByText("x-ops-key").First).ToBeVisibleAsync();
        (await browser.Page.ContentAsync()).ShouldNotContain("?code=");
        await browser.ScreenshotAsync("10-api-reference", fullPage: false);

        elsewhere.ShouldBeEmpty();
        refused.ShouldBeEmpty();
    }

    private static Regex TimeOnTheClock() => ClockPattern();

    [GeneratedRegex(@"^(\d+:)?\d\d:\d\d$")]
    private static partial Regex ClockPattern();

    private static System.Text.Json.Nodes.JsonArray IncomingCallTo(string number) =>
        TestHost.Sample("incoming-call", d =>
        {
            d["to"]!["rawId"] = "4:" + number;
            d["to"]!["phoneNumber"]!["value"] = number;
        });
}
