package org.jwtverifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code identityHeaders}, global and per route: one parsing function, the same forms and the same problems. */
class IdentityHeaderParserTest {
    private static final Path FILE = Path.of("/etc/jwt-verifier/config.yaml");
    private static final String ISSUER = """
            issuers:
              - {issuer: a, jwksFile: a.json, audiences: [x]}
            """;
    private final ConfigParser parser = new ConfigParser(Clock.systemUTC());

    @Test
    void parseWhenClaimMapsToAHeaderNameThenItIsAStringHeaderAsBefore() throws Exception {
        VerifierConfig config = parser.parse(ISSUER + """
                identityHeaders:
                  sub: X-User-Id
                  email: X-User-Email
                """, FILE);
        assertEquals(List.of(new IdentityHeader("sub", "X-User-Id", IdentityHeader.Render.STRING),
                new IdentityHeader("email", "X-User-Email", IdentityHeader.Render.STRING)), config.identityHeaders());
    }

    @Test
    void parseWhenRenderFormsAreGivenThenEachClaimKeepsItsOwnInFileOrder() throws Exception {
        VerifierConfig config = parser.parse(ISSUER + """
                identityHeaders:
                  sub: X-User-Id
                  groups: {header: X-User-Groups, render: json}
                  age: {header: X-User-Age, render: number}
                  email_verified: {header: X-Email-Verified, render: boolean}
                  name: {header: X-User-Name}
                  nickname: {header: X-User-Nickname, render: string}
                """, FILE);
        assertEquals(List.of(IdentityHeader.string("sub", "X-User-Id"),
                new IdentityHeader("groups", "X-User-Groups", IdentityHeader.Render.JSON),
                new IdentityHeader("age", "X-User-Age", IdentityHeader.Render.NUMBER),
                new IdentityHeader("email_verified", "X-Email-Verified", IdentityHeader.Render.BOOLEAN),
                IdentityHeader.string("name", "X-User-Name"),
                IdentityHeader.string("nickname", "X-User-Nickname")), config.identityHeaders());
    }

    @Test
    void parseWhenARouteSetsIdentityHeadersThenTheSameFormsApply() throws Exception {
        VerifierConfig config = parser.parse(ISSUER + """
                routes:
                  - name: admin
                    pathPrefix: /admin
                    identityHeaders:
                      sub: X-Admin-Id
                      groups: {header: X-Admin-Groups, render: json}
                """, FILE);
        assertEquals(Optional.of(List.of(IdentityHeader.string("sub", "X-Admin-Id"),
                        new IdentityHeader("groups", "X-Admin-Groups", IdentityHeader.Render.JSON))),
                config.routes().get(0).policy().identityHeaders());
        assertEquals(List.of(IdentityHeader.string("sub", "X-User-Id"), IdentityHeader.string("email", "X-User-Email")),
                config.identityHeaders(), "the global default stays");
    }

    @Test
    void parseWhenAnEntryIsWrongThenEachProblemNamesItsKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(ISSUER + """
                identityHeaders:
                  groups: {header: X-User-Groups, render: csv}
                  roles: {render: json}
                  age: {header: X-User-Age, render: number, default: 0}
                  email: [X-User-Email]
                  name: {header: "X User Name"}
                  sub: X-User-Id
                  id: x-user-id
                routes:
                  - name: admin
                    identityHeaders:
                      groups: {header: X-Admin-Groups, render: JSON}
                """, FILE));
        assertEquals(List.of(
                "identityHeaders.groups.render: must be one of string, number, boolean, json",
                "identityHeaders.roles.header: is required",
                "identityHeaders.age.default: unknown key",
                "identityHeaders.email: must be a header name, or a mapping with header and render",
                "identityHeaders.name.header: must be a valid HTTP header name",
                "identityHeaders.id: header 'x-user-id' is mapped twice",
                "routes[0].identityHeaders.groups.render: must be one of string, number, boolean, json"),
                e.problems());
    }

    /** The names docs/configuration.md lists, in the case it writes them and in lower case. */
    @Test
    void parseWhenAClaimWouldReplaceAHeaderHttpOrTheProxyReliesOnThenRefusedAndOauth2ProxysNamesAllowed()
            throws Exception {
        List<String> reserved = List.of("Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive",
                "Proxy-Connection", "TE", "Trailer", "Upgrade", "Authorization", "Proxy-Authorization", "Cookie",
                "Set-Cookie", "WWW-Authenticate", "Proxy-Authenticate", "Content-Type", "Cache-Control", "Retry-After",
                "Forwarded", "X-Real-IP", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
                "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Uri", "X-Forwarded-Method",
                "X-Forwarded-Server", "X-Forwarded-Ssl");
        for (String name : reserved) {
            for (String spelled : List.of(name, name.toLowerCase(java.util.Locale.ROOT))) {
                ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(ISSUER
                        + "identityHeaders: {sub: {header: " + spelled + "}}\n", FILE), spelled);
                assertEquals(List.of("identityHeaders.sub.header: '" + spelled + "' is a header HTTP, the proxy or"
                        + " the backend relies on; name the identity header otherwise (X-User-...)"), e.problems());
            }
        }
        VerifierConfig config = parser.parse(ISSUER + """
                identityHeaders: {sub: X-Forwarded-User, email: X-Forwarded-Email, groups: X-Forwarded-Groups}
                """, FILE);
        assertEquals(List.of("X-Forwarded-User", "X-Forwarded-Email", "X-Forwarded-Groups"),
                config.identityHeaders().stream().map(IdentityHeader::header).toList());
    }

    @Test
    void parseWhenTheDocumentedProxyMappingThenStringsAndJsonGroups() throws Exception {
        VerifierConfig config = parser.parse(ISSUER + Files.readString(Path.of("docs/examples/identity-headers.yaml")),
                FILE);
        assertEquals(List.of(IdentityHeader.string("sub", "X-User-Id"), IdentityHeader.string("email", "X-User-Email"),
                new IdentityHeader("groups", "X-User-Groups", IdentityHeader.Render.JSON)), config.identityHeaders());
    }

    @Test
    void parseWhenThePoliciesPageExampleThenItsAdminRouteRendersGroupsAsJson() throws Exception {
        String page = Files.readString(Path.of("docs/policies.md"));
        Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(yaml.find(), "docs/policies.md has no yaml block");
        VerifierConfig config = parser.parse(yaml.group(1) + """
                issuers:
                  - {issuer: https://idp.example.com, jwksFile: jwks.json, audiences: [api]}
                """, FILE);
        RouteConfig admin = config.routes().stream().filter(r -> r.name().equals("admin")).findFirst().orElseThrow();
        assertEquals(Optional.of(List.of(IdentityHeader.string("sub", "X-User-Id"),
                new IdentityHeader("groups", "X-User-Groups", IdentityHeader.Render.JSON))),
                admin.policy().identityHeaders());
    }
}
