package fr.idnum.keycloak.registration;

import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The form's validation context, handed to Keycloak's own user-creation validation so that its verdict is kept
 * rather than applied: {@link AccountCreationAction} then applies it as is, or replaces an "address already used"
 * refusal by a success. Everything else (the event, the session, the request) is the real context's.
 */
final class ValidationOutcome implements ValidationContext {

    private final ValidationContext context;
    private boolean succeeded;
    private boolean excludeOthers;
    private String error;
    private MultivaluedMap<String, String> formData;
    private List<FormMessage> errors;

    ValidationOutcome(ValidationContext context) {
        this.context = context;
    }

    /** What the validation refused; empty when it succeeded. */
    List<FormMessage> errors() {
        return errors == null ? List.of() : errors;
    }

    /** Gives the real context the verdict as Keycloak's validation gave it. */
    void apply() {
        if (excludeOthers) {
            context.excludeOtherErrors();
        }
        if (error != null) {
            context.error(error);
        }
        if (errors != null) {
            context.validationError(formData, errors);
        } else if (succeeded) {
            context.success();
        }
    }

    @Override
    public void validationError(MultivaluedMap<String, String> formData, List<FormMessage> errors) {
        this.formData = formData;
        this.errors = errors;
    }

    @Override
    public void error(String error) {
        this.error = error;
    }

    @Override
    public void success() {
        this.succeeded = true;
    }

    @Override
    public void excludeOtherErrors() {
        this.excludeOthers = true;
    }

    @Override
    public EventBuilder getEvent() {
        return context.getEvent();
    }

    @Override
    public EventBuilder newEvent() {
        return context.newEvent();
    }

    @Override
    public AuthenticationExecutionModel getExecution() {
        return context.getExecution();
    }

    @Override
    public UserModel getUser() {
        return context.getUser();
    }

    @Override
    public void setUser(UserModel user) {
        context.setUser(user);
    }

    @Override
    public RealmModel getRealm() {
        return context.getRealm();
    }

    @Override
    public AuthenticationSessionModel getAuthenticationSession() {
        return context.getAuthenticationSession();
    }

    @Override
    public ClientConnection getConnection() {
        return context.getConnection();
    }

    @Override
    public UriInfo getUriInfo() {
        return context.getUriInfo();
    }

    @Override
    public KeycloakSession getSession() {
        return context.getSession();
    }

    @Override
    public HttpRequest getHttpRequest() {
        return context.getHttpRequest();
    }

    @Override
    public AuthenticatorConfigModel getAuthenticatorConfig() {
        return context.getAuthenticatorConfig();
    }
}
