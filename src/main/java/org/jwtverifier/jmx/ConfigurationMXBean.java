package org.jwtverifier.jmx;

import java.util.Date;
import java.util.List;
import java.util.Map;

/** The running configuration and its reload. */
@Description("jwt-verifier configuration: where it came from, what it says, reload")
public interface ConfigurationMXBean {

    @Description("The configuration file")
    String getSource();

    @Description("How the file was found (JNDI, context parameter, system property, environment, default)")
    String getFoundThrough();

    @Description("When the running configuration was read")
    Date getLoadedAt();

    @Description("The configured issuers")
    List<String> getIssuers();

    @Description("Claim to identity header mapping")
    Map<String, String> getIdentityHeaders();

    @Description("Largest accepted token in bytes")
    int getMaxTokenBytes();

    @Description("Keys whose value the file takes from elsewhere, with the reference as written (${env:NAME}, ${file:PATH}); never the value")
    Map<String, String> getReferences();

    @Action
    @Description("Re-read the configuration file; a file with problems is rejected, the reasons returned and the running configuration kept")
    String reload();
}
