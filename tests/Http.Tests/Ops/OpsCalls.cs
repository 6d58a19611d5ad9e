using EmergencyFlow.Application.Ops;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Http.Ops;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyFlow.Http.Tests.Ops;

/// <summary>Calls each ops handler the way either host does: the body bound from the request, the service over a backend.</summary>
public sealed class OpsCalls(IOpsBackend backend)
{
    private readonly OpsService _service = new(backend, NullLogger<OpsService>.Instance);

    public async Task<IResult> ReplacePoolAsync(HttpRequest request) =>
        await OpsApi.ReplacePool(await JsonBody<PoolDocument>.BindAsync(request.HttpContext), _service, CancellationToken.None);

    public async Task<IResult> ReleaseLeaseAsync(string number, CancellationToken cancellationToken) =>
        await OpsApi.ReleaseLease(number, _service, cancellationToken);

    public async Task<IResult> ListLeasesAsync(CancellationToken cancellationToken) => await OpsApi.ListLeases(_service, cancellationToken);

    public async Task<IResult> PutContactsAsync(string agentId, HttpRequest request) =>
        await OpsApi.PutContacts(agentId, await JsonBody<ContactsDocument>.BindAsync(request.HttpContext), _service, CancellationToken.None);

    public async Task<IResult> GetContactsAsync(string agentId, CancellationToken cancellationToken) =>
        await OpsApi.GetContacts(agentId, _service, cancellationToken);

    public async Task<IResult> PutAgentAsync(string agentId, HttpRequest request) =>
        await OpsApi.PutAgent(agentId, await JsonBody<AgentDocument>.BindAsync(request.HttpContext), _service, CancellationToken.None);

    public async Task<IResult> GetAgentAsync(string agentId, CancellationToken cancellationToken) => await OpsApi.GetAgent(agentId, _service, cancellationToken);

    public async Task<IResult> DeleteAgentAsync(string agentId, CancellationToken cancellationToken) =>
        await OpsApi.DeleteAgent(agentId, _service, cancellationToken);

    public async Task<IResult> PutTemplateAsync(HttpRequest request) =>
        await OpsApi.PutTemplate(await JsonBody<NotificationTemplate>.BindAsync(request.HttpContext), _service, CancellationToken.None);

    public async Task<IResult> GetEmergencyAsync(string instanceId, CancellationToken cancellationToken) =>
        await OpsApi.GetEmergency(instanceId, _service, cancellationToken);

    public async Task<IResult> AcknowledgeAlertAsync(HttpRequest request) =>
        await OpsApi.AcknowledgeAlert(await JsonBody<AlertAcknowledgementDocument>.BindAsync(request.HttpContext), _service, CancellationToken.None);

    public async Task<IResult> ListAcknowledgementsAsync() => await OpsApi.ListAcknowledgements(_service, CancellationToken.None);

    public async Task<IResult> HandoverAsync(int? hours, string? format, string? accept = null)
    {
        var context = new DefaultHttpContext();
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        return await OpsApi.Handover(context, _service, hours, format);
    }
}
