package fr.idnum.keycloak.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import fr.idnum.keycloak.device.DeviceCredentialModel;
import fr.idnum.protocol.DeviceProblems;
import fr.idnum.protocol.enrollment.EnrollmentStatus;
import fr.idnum.protocol.enrollment.IdentityAttributes;
import fr.idnum.protocol.enrollment.StatusUpdate;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * What the enrollment service tells Keycloak of a citizen's enrollment ({@code PUT
 * /realms/{realm}/idnum/enrollment-status/{userId}}, body {@code {"status", "remove_devices", "erase_identity"}}):
 * the status attribute is set, and only it; the phones are removed and the identity copied at activation erased
 * when asked. In place of the admin API's read-then-write of the whole user, which put the citizen's identity in
 * admin events (kept after an erasure) and needed the service account to manage every user: the caller is the
 * enrollment service's service account with the realm role {@value StatusUpdate#WRITER_ROLE}, nothing more.
 */
final class EnrollmentStatusUpdate {

    static final String CLIENT_ID = "idnum-enrollment";
    /** The values the realm's user profile accepts for the status attribute. */
    static final Set<String> STATUSES = Arrays.stream(EnrollmentStatus.values()).map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());
    static final String DEVICES_REMOVED_DETAIL = "idnum_devices_removed";

    private final KeycloakSession session;
    private final RealmModel realm;

    EnrollmentStatusUpdate(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    Response apply(String userId, Map<String, Object> body) {
        try {
            AuthenticationManager.AuthResult caller = caller();
            Object status = body == null ? null : body.get(StatusUpdate.STATUS);
            if (!(status instanceof String value) || !STATUSES.contains(value)) {
                throw DeviceProblem.invalidRequest("'" + StatusUpdate.STATUS + "' must be one of " + STATUSES + ".");
            }
            boolean removeDevices = flag(body, StatusUpdate.REMOVE_DEVICES);
            boolean eraseIdentity = flag(body, StatusUpdate.ERASE_IDENTITY);
            UserModel user = userId == null || userId.length() > 36 ? null : session.users().getUserById(realm, userId);
            if (user == null) {
                throw new DeviceProblem(404, DeviceProblems.INVALID_REQUEST, "No such user", "This realm has no such user.");
            }
            // Removed first: a copy of the user read earlier in this session may show the value being set, and
            // setting it again would then write nothing.
            user.removeAttribute(EnrollmentStatus.ATTRIBUTE);
            user.setSingleAttribute(EnrollmentStatus.ATTRIBUTE, value);
            if (eraseIdentity) {
                IdentityAttributes.ALL.forEach(user::removeAttribute);
            }
            int removed = removeDevices ? removeDevices(user) : 0;
            new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.UPDATE_PROFILE)
                    .client(caller.client()).user(user)
                    .detail(EnrollmentStatus.ATTRIBUTE, value)
                    .detail(DEVICES_REMOVED_DETAIL, Integer.toString(removed))
                    .success();
            return Response.noContent().build();
        } catch (DeviceProblem problem) {
            return problem.toResponse();
        }
    }

    private AuthenticationManager.AuthResult caller() {
        AuthenticationManager.AuthResult auth = BearerCaller.authenticate(session, realm, "the enrollment service");
        RoleModel role = realm.getRole(StatusUpdate.WRITER_ROLE);
        if (!CLIENT_ID.equals(auth.token().getIssuedFor()) || role == null || !auth.user().hasRole(role)) {
            throw new DeviceProblem(403, DeviceProblems.WRONG_CLIENT, "Not allowed",
                    "Only the enrollment service's service account may change an enrollment status.");
        }
        return auth;
    }

    private int removeDevices(UserModel user) {
        List<String> devices = user.credentialManager().getStoredCredentialsByTypeStream(DeviceCredentialModel.TYPE)
                .map(CredentialModel::getId).toList();
        devices.forEach(id -> DeviceLookup.provider(session).deleteCredential(realm, user, id));
        return devices.size();
    }

    private static boolean flag(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value != null && !(value instanceof Boolean)) {
            throw DeviceProblem.invalidRequest("'" + name + "' must be true or false.");
        }
        return Boolean.TRUE.equals(value);
    }
}
