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
