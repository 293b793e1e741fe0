package dev.cage.example;

import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

/**
 * The Cage connection factory this application brings along: a pool of the deployed adapter {@code cage-rar} (the
 * RAR's file name), known to this application as {@code java:app/cage}. {@code WEB-INF/web.xml} points the cage-ejb
 * beans' reference {@code cage/factory} at it.
 *
 * <p>Nothing secret is written here: Payara fills in the servers and the login from environment variables
 * ({@code ${ENV=...}}) when it creates the pool at deployment. {@code ${MPCONFIG=cage.secret}} works as well.
 *
 * <p>The build also makes {@code cage-example-postboot.war}: the same application without this class and without
 * {@code web.xml}, so the beans look up the server-wide {@code cage/factory} a post-boot command file creates.
 */
@ConnectionFactoryDefinition(name = "java:app/cage", resourceAdapter = "cage-rar",
    interfaceName = "dev.cage.api.CageConnectionFactory",
    transactionSupport = TransactionSupportLevel.XATransaction,
    maxPoolSize = 8,
    properties = {
        "servers=${ENV=CAGE_SERVERS}",
        "user=${ENV=CAGE_USER}",
        "secret=${ENV=CAGE_SECRET}",
    })
public final class CageFactoryDefinition {
    private CageFactoryDefinition() {
    }
}
