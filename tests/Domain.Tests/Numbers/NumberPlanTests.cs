using EmergencyFlow.Domain.Numbers;

namespace EmergencyFlow.Domain.Tests.Numbers;

public class NumberPlanTests
{
    private static readonly NumberPlan Plan = NumberPlan.Default;

    [Theory]
    [InlineData("911", "US")]
    [InlineData("911", "PR")]
    [InlineData("911", "CA")]
    [InlineData("999", "GB")]
    [InlineData("112", "GB")]
    [InlineData("112", "DK")]
    public void Emergency_numbers_of_each_supported_country_start_an_emergency(string number, string country)
    {
        var result = Plan.Classify(number, country);

        result.Kind.ShouldBe(CallKind.Emergency);
        result.Country!.IsoCode.ShouldBe(country);
        result.StartsLifecycle.ShouldBeTrue();
    }

    [Theory]
    [InlineData("+1911", "US")]
    [InlineData("+1 911", "CA")]
    [InlineData("+1-911", "PR")]
    [InlineData(" 9-1-1 ", "US")]
    [InlineData("tel:+1911", "US")]
    [InlineData("+44 999", "GB")]
    [InlineData("0044 112", "GB")]
    [InlineData("+45 112", "DK")]
    public void Numbers_are_normalised_before_matching(string dialled, string country) =>
        Plan.Classify(dialled, country).Kind.ShouldBe(CallKind.Emergency);

    [Theory]
    [InlineData("933", "US")]
    [InlineData("+1 933", "PR")]
    public void The_933_address_check_is_a_test_call_in_the_US_and_Puerto_Rico(string dialled, string country) =>
        Plan.Classify(dialled, country).Kind.ShouldBe(CallKind.TestCall);

    [Fact]
    public void The_933_number_is_not_a_test_call_in_Canada() =>
        Plan.Classify("933", "CA").Kind.ShouldBe(CallKind.NotEmergency);

    [Theory]
    [InlineData("999", "US")]
    [InlineData("112", "US")]
    [InlineData("911", "GB")]
    [InlineData("+14255550123", "US")]
    [InlineData("", "US")]
    public void Other_numbers_are_not_emergencies(string dialled, string country) =>
        Plan.Classify(dialled, country).Kind.ShouldBe(CallKind.NotEmergency);

    [Theory]
    [InlineData("FR")]
    [InlineData("de")]
    [InlineData("")]
    [InlineData(null)]
    public void A_country_outside_the_plan_is_reported_as_unsupported(string? country)
    {
        var result = Plan.Classify("112", country);

        result.Kind.ShouldBe(CallKind.UnsupportedCountry);
        result.StartsLifecycle.ShouldBeFalse();
        result.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Country_codes_match_case_insensitively() =>
        Plan.Classify("999", "gb").Kind.ShouldBe(CallKind.Emergency);

    [Fact]
    public void The_plan_is_data_and_a_configured_plan_adds_a_country()
    {
        var plan = new NumberPlan([.. NumberPlan.Default.Countries, new CountryPlan("FR", "France", "33", ["112", "15", "17", "18"], [])]);

        plan.Classify("+33 15", "FR").Kind.ShouldBe(CallKind.Emergency);
    }
}
