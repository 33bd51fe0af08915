package org.jwtverifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.LogFiles;
import org.jwtverifier.testsupport.StandaloneTomcat;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.VerifierClient;

/**
 * A real Tomcat, started by {@code catalina.sh} as an installation is ({@link StandaloneTomcat}), whose configuration
 * takes an issuer's HMAC key from an environment variable ({@code sharedSecret: ${env:...}}): tokens signed with it
 * are admitted, and the key appears in no log file and in no attribute of any of the verifier's MBeans, read over
 * the remote connector, where the Configuration MBean shows the reference instead.
 */
class SecretReferencesIT {
    private static final String VARIABLE = "JWT_VERIFIER_IT_HMAC_KEY";
    private static final String ISSUER = "https://internal.example.com/secret-references";

    @Test
    void issuerGetsItsHmacKeyFromAnEnvironmentVariableThatNoLogOrMBeanAttributeHolds() throws Exception {
        String secret = "it-hmac-" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "-0123456789abcdef";
        SecretKey key = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
        String token = Jwts.builder().issuer(ISSUER).audience().add(TestConfig.AUDIENCE).and().subject("svc-batch")
                .expiration(Date.from(Instant.now().plusSeconds(300))).signWith(key, Jwts.SIG.HS256).compact();
        Path config = TestConfig.create().freshKeyStore("SecretReferencesIT")
                .issuer(ISSUER, "sharedSecret: ${env:" + VARIABLE + "}").write("SecretReferencesIT");
        List<String> attributeValues;
        Object references;
        Path logs;
        try (StandaloneTomcat tomcat = StandaloneTomcat.create("SecretReferencesIT", config).env(VARIABLE, secret)) {
            tomcat.start();
            VerifierClient client = tomcat.client();
            assertAdmitted(client.verify(token), "svc-batch", "");
            assertEquals(401, client.verify(token.substring(0, token.length() - 4) + "AAAA").statusCode());
            try (JMXConnector jmx = JMXConnectorFactory.connect(
                    new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + tomcat.jmxPort() + "/jmxrmi"),
                    Map.of(JMXConnector.CREDENTIALS, new String[]{"monitor", "monitor-demo"}))) {
                MBeanServerConnection connection = jmx.getMBeanServerConnection();
                attributeValues = allAttributeValues(connection);
                references = connection.getAttribute(
                        new ObjectName("jwt-verifier:type=Configuration,context=/jwt-verifier"), "References");
            }
            logs = tomcat.base().resolve("logs");
        }
        assertTrue(attributeValues.size() > 10, () -> "the MBeans' attributes were read: " + attributeValues);
        assertEquals(List.of(), attributeValues.stream().filter(v -> v.contains(secret)).toList(),
                "an MBean attribute holds the secret");
        assertTrue(flatten(references).contains("issuers[0].sharedSecret")
                && flatten(references).contains("${env:" + VARIABLE + "}"), flatten(references));
        assertEquals(List.of(), LogFiles.findings(logs, List.of(secret)), "a log file holds the secret");
    }

    /** Every readable attribute of every MBean of the verifier, each value flattened to text. */
    private static List<String> allAttributeValues(MBeanServerConnection connection) throws Exception {
        List<String> values = new ArrayList<>();
        for (ObjectName name : connection.queryNames(new ObjectName("jwt-verifier:*"), null)) {
            for (MBeanAttributeInfo attribute : connection.getMBeanInfo(name).getAttributes()) {
                if (attribute.isReadable()) {
                    values.add(name + " " + attribute.getName() + " = "
                            + flatten(connection.getAttribute(name, attribute.getName())));
                }
            }
        }
        return values;
    }

    private static String flatten(Object value) {
        if (value instanceof CompositeData composite) {
            List<String> parts = new ArrayList<>();
            for (String key : composite.getCompositeType().keySet()) {
                parts.add(key + "=" + flatten(composite.get(key)));
            }
            return parts.toString();
        }
        if (value instanceof TabularData table) {
            return flatten(table.values());
        }
        if (value instanceof Collection<?> collection) {
            List<String> parts = new ArrayList<>();
            collection.forEach(v -> parts.add(flatten(v)));
            return parts.toString();
        }
        if (value != null && value.getClass().isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                parts.add(flatten(Array.get(value, i)));
            }
            return parts.toString();
        }
        return String.valueOf(value);
    }
}
