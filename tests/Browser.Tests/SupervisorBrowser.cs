using System.Reflection;
using Microsoft.Playwright;

namespace EmergencyFlow.Browser.Tests;

/// <summary>
/// Debian's chromium under Playwright, on the supervisor page of a <see cref="LocalHost.Tests.TestHost"/>.
/// Playwright's own browser download cannot work here, so the browser is the system one.
/// </summary>
internal sealed class SupervisorBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private SupervisorBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, Uri baseAddress)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
        BaseAddress = baseAddress;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public Uri BaseAddress { get; }

    public static string ScreenshotDirectory { get; } =
        typeof(SupervisorBrowser).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ScreenshotDirectory").Value!;

    /// <summary>Opens <c>/supervisor</c> in a fresh headless chromium (phone-sized when <paramref name="viewport"/> says so).</summary>
    public static async Task<SupervisorBrowser> OpenAsync(Uri baseAddress, ViewportSize? viewport = null, string timeZone = "UTC")
    {
        File.Exists(ChromiumPath).ShouldBeTrue($"{ChromiumPath} is missing: run scripts/install-browser.sh (it installs Debian's chromium with apt).");
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // CI runs as root, where chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = viewport is { Width: < 600 },
            HasTouch = viewport is { Width: < 600 },
            Locale = "en-US",
            TimezoneId = timeZone,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/supervisor");
        return new SupervisorBrowser(playwright, browser, context, page, baseAddress);
    }

    public ILocator Section(string heading) => Page.GetByRole(AriaRole.Region, new() { Name = heading, Exact = true });

    public async Task SignInAsync(string key)
    {
        await Page.GetByLabel("Ops key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Section("Active emergencies")).ToBeVisibleAsync();
    }

    /// <summary>Saves a full-page screenshot under <see cref="ScreenshotDirectory"/> and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
