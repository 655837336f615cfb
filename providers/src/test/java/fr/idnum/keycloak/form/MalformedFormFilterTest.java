package fr.idnum.keycloak.form;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import fr.idnum.protocol.DeviceApi;
import fr.idnum.protocol.DeviceProblems;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.runtime.IOThreadDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

class MalformedFormFilterTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String TOKEN = "realms/idnum/protocol/openid-connect/token";
    private static final String OUR_LOGOUT = "realms/idnum/idnum/logout";

    private final MalformedFormFilter filter = new MalformedFormFilter();

    /** As on a worker thread of the server: Quarkus has set its I/O-thread detectors, and this is none of them. */
    @BeforeEach
    void onAWorkerThread() {
        BlockingOperationControl.setIoThreadDetector(new IOThreadDetector[] {() -> false});
    }

    @AfterEach
    void forgetTheDetectors() {
        BlockingOperationControl.setIoThreadDetector(null);
    }

    @Test
    void aWellFormedFormGoesOnWithItsBodyByteForByte() throws IOException {
        String body = "grant_type=authorization_code&code=a%2Bb+c&client_id=%C3%A9t%C3%A9&redirect_uri=";
        Request request = new Request("POST", FORM + "; charset=UTF-8", TOKEN, body);

        filter.filter(request.context());

        assertNull(request.aborted);
        assertArrayEquals(body.getBytes(StandardCharsets.ISO_8859_1), request.entity.readAllBytes());
    }

    @Test
    void aBadEscapeOnAnOpenIdConnectEndpointIsAnOAuthInvalidRequest() throws IOException {
        Request request = new Request("POST", FORM, TOKEN, "grant_type=%zz");

        filter.filter(request.context());

        Response refusal = request.aborted;
        assertEquals(400, refusal.getStatus());
        assertEquals("application/json", refusal.getMediaType().toString());
        assertEquals("no-store", refusal.getHeaderString("Cache-Control"));
        OAuth2ErrorRepresentation error = (OAuth2ErrorRepresentation) refusal.getEntity();
        assertEquals("invalid_request", error.getError());
        assertEquals(UrlEncodedForm.Defect.BAD_PERCENT_ESCAPE.description(), error.getErrorDescription());
    }

    @Test
    void aNulOnOurLogoutFrontDoorIsOurInvalidRequestProblem() throws IOException {
        Request request = new Request("POST", FORM, OUR_LOGOUT, "client_id=mcf%00");

        filter.filter(request.context());

        Response refusal = request.aborted;
        assertEquals(400, refusal.getStatus());
        assertEquals(DeviceApi.PROBLEM_MEDIA_TYPE, refusal.getMediaType().toString());
        assertEquals(DeviceProblems.TYPE_BASE + DeviceProblems.INVALID_REQUEST, ((Map<?, ?>) refusal.getEntity()).get("type"));
    }

    @Test
    void ourResourceIsToldFromKeycloaksWhateverTheContextPath() {
        for (String ours : List.of(OUR_LOGOUT, "/" + OUR_LOGOUT, "/auth/" + OUR_LOGOUT, "realms/other/idnum/device/activation")) {
            assertEquals(DeviceApi.PROBLEM_MEDIA_TYPE, FormRefusal.of(ours, UrlEncodedForm.Defect.NUL).getMediaType().toString(), ours);
        }
        for (String keycloaks : List.of(TOKEN, "/auth/" + TOKEN, "realms/idnum/idnumber/x", "realms/idnum/login-actions/authenticate")) {
            assertEquals("application/json", FormRefusal.of(keycloaks, UrlEncodedForm.Defect.NUL).getMediaType().toString(), keycloaks);
        }
    }

    @Test
    void aCharsetJavaDoesNotHaveIsRefusedBeforeTheBodyIsRead() throws IOException {
        Request request = new Request("POST", FORM + "; charset=x-no-such-charset", TOKEN, "a=%41");

        filter.filter(request.context());

        assertEquals(400, request.aborted.getStatus());
        assertFalse(request.bodyRead);
    }

    @Test
    void anotherCharsetIsCheckedForEscapesAndNulOnly() throws IOException {
        Request latin1 = new Request("POST", FORM + ";charset=\"ISO-8859-1\"", TOKEN, "name=%E9l%E8ve");
        filter.filter(latin1.context());
        assertNull(latin1.aborted);

        Request nul = new Request("POST", FORM + ";charset=ISO-8859-1", TOKEN, "name=%E9%00");
        filter.filter(nul.context());
        assertEquals(400, nul.aborted.getStatus());
    }

    @Test
    void otherBodiesAndMethodsAreNotEvenRead() throws IOException {
        for (Request request : new Request[] {
                new Request("POST", "application/json", TOKEN, "{\"a\":\"%zz\"}"),
                new Request("POST", "multipart/form-data; boundary=x", TOKEN, "%zz"),
                new Request("POST", null, TOKEN, "a=%zz"),
                new Request("GET", FORM, TOKEN, "a=%zz"),
                new Request("DELETE", FORM, TOKEN, "a=%zz")}) {
            filter.filter(request.context());
            assertNull(request.aborted);
            assertFalse(request.bodyRead);
        }
    }

    @Test
    void onAnIoThreadItStandsAsideRatherThanBlock() throws IOException {
        BlockingOperationControl.setIoThreadDetector(new IOThreadDetector[] {() -> true});
        Request request = new Request("POST", FORM, TOKEN, "grant_type=%zz");

        filter.filter(request.context());

        assertNull(request.aborted);
        assertFalse(request.bodyRead);
    }

    @Test
    void theContentTypeIsReadAsTheFormParserReadsIt() {
        assertTrue(MalformedFormFilter.isUrlEncodedForm(FORM));
        assertTrue(MalformedFormFilter.isUrlEncodedForm(FORM + ";charset=UTF-8"));
        // The parser compares the header's start, case included: it leaves this body alone, so do we.
        assertFalse(MalformedFormFilter.isUrlEncodedForm("Application/X-WWW-Form-Urlencoded"));
        assertEquals(StandardCharsets.UTF_8, MalformedFormFilter.charsetOf(FORM).orElseThrow());
        assertEquals(StandardCharsets.UTF_8, MalformedFormFilter.charsetOf(FORM + "; charset=utf-8").orElseThrow());
        assertTrue(MalformedFormFilter.charsetOf(FORM + "; charset=\"no such\"").isEmpty());
    }

    /** The few parts of a JAX-RS request the filter uses, and what it did with them. */
    private static final class Request {

        private final String method;
        private final String contentType;
        private final String path;
        private InputStream entity;
        private boolean bodyRead;
        private Response aborted;

        Request(String method, String contentType, String path, String body) {
            this.method = method;
            this.contentType = contentType;
            this.path = path;
            this.entity = new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1));
        }

        ContainerRequestContext context() {
            UriInfo uri = (UriInfo) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {UriInfo.class},
                    (proxy, m, args) -> switch (m.getName()) {
                        case "getPath" -> path;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
            return (ContainerRequestContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ContainerRequestContext.class}, (proxy, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getHeaderString" -> "Content-Type".equalsIgnoreCase((String) args[0]) ? contentType : null;
                        case "getUriInfo" -> uri;
                        case "getEntityStream" -> {
                            bodyRead = true;
                            yield entity;
                        }
                        case "setEntityStream" -> {
                            entity = (InputStream) args[0];
                            yield null;
                        }
                        case "abortWith" -> {
                            aborted = (Response) args[0];
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }
}
