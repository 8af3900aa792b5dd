using Microsoft.AspNetCore.Components.Forms;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Components.Forms;

/// <summary>Puts a service's field errors next to the matching inputs of a static form.</summary>
public static class ServerValidation
{
    /// <summary>Shows each error on its field of <paramref name="model"/>; returns the errors that have no field.</summary>
    public static string? Apply(EditContext editContext, ValidationMessageStore store, object model, IEnumerable<FieldError> errors)
    {
        var general = new List<string>();
        foreach (var error in errors)
        {
            if (error.Field.Length == 0 || model.GetType().GetProperty(error.Field) is null)
            {
                general.Add(error.Message);
            }
            else
            {
                store.Add(new FieldIdentifier(model, error.Field), error.Message);
            }
        }

        editContext.NotifyValidationStateChanged();
        return general.Count == 0 ? null : string.Join(" ", general);
    }
}
