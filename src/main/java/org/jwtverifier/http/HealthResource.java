package org.jwtverifier.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jwtverifier.json.Jackson;
import org.jwtverifier.introspection.IntrospectionStatus;
import org.jwtverifier.introspection.Introspector;
import org.jwtverifier.jwks.IssuerKeyStore;
import org.jwtverifier.jwks.KeyStoreStatus;
import org.jwtverifier.revocation.RevocationStoreState;
import org.jwtverifier.runtime.RuntimeStoppedException;
import org.jwtverifier.runtime.VerifierRuntime;

/** Liveness and readiness, both answered from memory: neither ever waits on an IdP. */
@Path("")
public class HealthResource {
    private static final ObjectMapper JSON = Jackson.json();

    @Context
    private ServletContext servletContext;

    /** The application is up and answering. */
    @GET
    @Path("health")
    @jakarta.ws.rs.Produces(MediaType.TEXT_PLAIN)
    public String health() {
        return "UP\n";
    }

    /**
     * 200 when every issuer holds usable keys, else 503; the body tells per issuer what is held and how stale, the
     * revocation store's state, and each introspecting issuer's endpoint (whether it answers): detail only, since an
     * unreachable shared store still leaves this replica enforcing the revocations it last knew, and a failing
     * introspection endpoint still leaves its remembered answers and every JWT served.
     */
    @GET
    @Path("ready")
    public Response ready() {
        VerifierRuntime runtime = VerifierRuntime.from(servletContext);
        List<KeyStoreStatus> statuses;
        Map<String, String> providers = Map.of();
        List<IntrospectionStatus> introspection = List.of();
        try {
            if (runtime == null) {
                throw new RuntimeStoppedException();
            }
            // Statuses are copied inside the hold; rendering needs nothing of the assembly.
            statuses = runtime.read(assembly -> assembly.keyStores().all().stream().map(IssuerKeyStore::status).toList());
            providers = runtime.read(assembly -> assembly.providers().byAlgorithm());
            introspection = runtime.read(assembly -> assembly.introspection().all().stream()
                    .map(Introspector::status).toList());
        } catch (RuntimeStoppedException e) {
            statuses = null;
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode issuers = body.putArray("issuers");
        boolean ready = statuses != null;
        for (KeyStoreStatus status : statuses == null ? List.<KeyStoreStatus>of() : statuses) {
            ready &= status.usable();
            ObjectNode node = issuers.addObject();
            node.put("issuer", status.issuer());
            node.put("usable", status.usable());
            node.put("stale", status.stale());
            node.put("keys", status.keys().size());
            if (status.age() != null) {
                node.put("ageSeconds", status.age().toSeconds());
            }
            if (status.lastError() != null) {
                node.put("lastError", status.lastError());
            }
        }
        body.put("ready", ready);
        if (runtime != null && statuses != null) {
            RevocationStoreState state = runtime.revocations().state();
            ObjectNode revocations = body.putObject("revocations");
            revocations.put("mode", state.mode());
            revocations.put("reachable", state.reachable());
            revocations.put("entries", state.entries());
            revocations.put("pendingWrites", state.pendingWrites());
            revocations.put("detail", state.detail());
        }
        // Detail only, as the revocations: a failing endpoint still leaves remembered answers and every JWT served.
        ArrayNode introspecting = body.putArray("introspection");
        for (IntrospectionStatus status : introspection) {
            ObjectNode node = introspecting.addObject();
            node.put("issuer", status.issuer());
            node.put("endpoint", status.endpoint());
            node.put("answering", status.lastError() == null);
            node.put("inFlight", status.inFlight());
            node.put("entries", status.entries());
            if (status.lastError() != null) {
                node.put("lastError", status.lastError());
            }
        }
        // Which provider verifies each algorithm: names and versions of code, nothing of a key or a token.
        ObjectNode signatureProviders = body.putObject("signatureProviders");
        providers.forEach(signatureProviders::put);
        if (statuses == null) {
            body.put("stopping", true);
        }
        return Response.status(ready ? 200 : 503).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").entity(Jackson.write(JSON, body)).build();
    }
}
