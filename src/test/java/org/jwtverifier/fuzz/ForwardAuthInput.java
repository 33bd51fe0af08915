package org.jwtverifier.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jwtverifier.decision.ForwardAuthRequest;

/**
 * A forward-auth request written as text, one field a line ({@code name value}), so that seeds can be read and
 * written by hand and the fuzzer's mutations stay close to real requests:
 *
 * <pre>
 * remote 10.0.0.7
 * method GET
 * proto https
 * host api.example.com
 * uri /admin/users?x=1
 * query access_token=...
 * authorization Bearer eyJ...
 * cookie session=eyJ...
 * </pre>
 *
 * {@code authorization} (kept up to three times) and {@code cookie} may repeat; for the others the last line wins.
 * An absent field is an absent header; {@code remote} defaults to 127.0.0.1, since a container always knows the
 * peer. Lines that name nothing known are ignored. A header value cannot hold a line break, as on the wire.
 */
final class ForwardAuthInput {
    private static final int MAX_AUTHORIZATION = 3;
    private static final int MAX_COOKIES = 3;

    private ForwardAuthInput() {
    }

    static ForwardAuthRequest parse(byte[] input) {
        String remote = "127.0.0.1";
        String method = null;
        String proto = null;
        String host = null;
        String uri = null;
        String query = null;
        List<String> authorization = new ArrayList<>();
        List<String> cookies = new ArrayList<>();
        for (String line : new String(input, StandardCharsets.UTF_8).split("\n", -1)) {
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String value = line.substring(space + 1);
            switch (line.substring(0, space)) {
                case "remote" -> remote = value;
                case "method" -> method = value;
                case "proto" -> proto = value;
                case "host" -> host = value;
                case "uri" -> uri = value;
                case "query" -> query = value;
                case "authorization" -> {
                    if (authorization.size() < MAX_AUTHORIZATION) {
                        authorization.add(value);
                    }
                }
                case "cookie" -> {
                    if (cookies.size() < MAX_COOKIES) {
                        cookies.add(value);
                    }
                }
                default -> {
                    // not a field: ignored
                }
            }
        }
        return new ForwardAuthRequest(remote, List.copyOf(authorization), List.copyOf(cookies), query, method, proto,
                host, uri);
    }
}
