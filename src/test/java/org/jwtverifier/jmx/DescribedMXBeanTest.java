package org.jwtverifier.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import org.jwtverifier.metrics.VerifierMetrics;
import org.junit.jupiter.api.Test;

class DescribedMXBeanTest {
    @Test
    void infoThenEveryAttributeAndOperationIsDescribedAndActionsAreMarked() {
        for (Class<?> type : new Class<?>[]{VerifierMXBean.class, KeyStoreMXBean.class, ConfigurationMXBean.class,
                TokenCacheMXBean.class}) {
            MBeanInfo info = info(type);
            assertFalse(info.getDescription().isBlank());
            for (MBeanAttributeInfo attribute : info.getAttributes()) {
                assertNotEquals(attribute.getName(), attribute.getDescription(), type + "." + attribute.getName());
                assertFalse(attribute.getDescription().startsWith("Attribute exposed"), attribute.getName());
            }
            for (MBeanOperationInfo operation : info.getOperations()) {
                assertFalse(operation.getDescription().startsWith("Operation exposed"), operation.getName());
                assertEquals(MBeanOperationInfo.ACTION, operation.getImpact(), operation.getName());
            }
        }
    }

    @Test
    void infoWhenRevocationsThenDescribedAndEveryOperationButListIsAnAction() {
        MBeanInfo info = info(RevocationsMXBean.class);
        assertFalse(info.getDescription().isBlank());
        for (MBeanOperationInfo operation : info.getOperations()) {
            assertFalse(operation.getDescription().startsWith("Operation exposed"), operation.getName());
            assertEquals(operation.getName().equals("list") ? MBeanOperationInfo.INFO : MBeanOperationInfo.ACTION,
                    operation.getImpact(), operation.getName());
            for (javax.management.MBeanParameterInfo p : operation.getSignature()) {
                assertFalse(p.getName().matches("p\\d+"), operation.getName() + " names its parameters");
            }
        }
    }

    @Test
    void invokeWhenAnActionThenOneAuditLineWithPrincipalTargetArgumentsAndOutcome() throws Exception {
        java.util.List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger audit = java.util.logging.Logger.getLogger(DescribedMXBean.AUDIT_LOGGER);
        audit.addHandler(handler);
        javax.management.MBeanServer server = javax.management.MBeanServerFactory.newMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName("jwt-verifier:type=KeyStore,context=/t");
        KeyStoreMXBean impl = (KeyStoreMXBean) java.lang.reflect.Proxy.newProxyInstance(
                KeyStoreMXBean.class.getClassLoader(), new Class<?>[]{KeyStoreMXBean.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "refreshNow" -> "refreshed: 1 key(s) [k]";
                    case "flush" -> throw new IllegalStateException("boom");
                    default -> null;
                });
        try {
            server.registerMBean(new DescribedMXBean(impl, KeyStoreMXBean.class), name);
            server.invoke(name, "refreshNow", new Object[0], new String[0]);
            org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> server.invoke(name, "flush", new Object[0], new String[0]));
            server.getAttribute(name, "Issuer");
        } finally {
            audit.removeHandler(handler);
        }
        assertEquals(java.util.List.of(
                "JMX action principal=\"local\" target=jwt-verifier:type=KeyStore,context=/t operation=refreshNow"
                        + " arguments=[] outcome=ok: refreshed: 1 key(s) [k]",
                "JMX action principal=\"local\" target=jwt-verifier:type=KeyStore,context=/t operation=flush"
                        + " arguments=[] outcome=failed: IllegalStateException boom"),
                records.stream().map(java.util.logging.LogRecord::getMessage).toList(), "attribute reads not logged");
    }

    @Test
    void quoteThenControlCharactersEscapedLongTextCutAndTokensNeverLogged() {
        assertEquals("\"a\\\"b\\u000a\"", DescribedMXBean.quote("a\"b\n"));
        assertEquals(203 + 2, DescribedMXBean.quote("x".repeat(500)).length());
        assertEquals("\"<looks like a token, not logged>\"",
                DescribedMXBean.quote("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"));
        assertEquals("refused: rejected, running configuration kept: x",
                DescribedMXBean.outcome("rejected, running configuration kept: x"));
        assertEquals("refresh failed: HTTP 500".startsWith("failed") ? "" : "failed: refresh failed: HTTP 500",
                DescribedMXBean.outcome("refresh failed: HTTP 500"));
        assertEquals("refused: no", DescribedMXBean.outcome("refused: no"));
    }

    @SuppressWarnings("unchecked")
    private static <T> MBeanInfo info(Class<T> type) {
        Object impl = java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (proxy, method, args) -> null);
        return new DescribedMXBean((T) impl, type).getMBeanInfo();
    }

    @Test
    void verifierBeanReadsTheSameCountersAsMetrics() {
        VerifierMetrics metrics = new VerifierMetrics();
        metrics.decided(org.jwtverifier.decision.Decision.admit(java.util.Map.of(), "r", "i", "k"), 1);
        VerifierControl control = new VerifierControl(metrics, java.util.Map::of);
        assertEquals(1, control.getAdmittedCount());
        control.resetCounters();
        assertEquals(0, control.getAdmittedCount());
    }
}
