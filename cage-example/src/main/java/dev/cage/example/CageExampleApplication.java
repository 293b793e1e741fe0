package dev.cage.example;

import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The example's REST application under {@code /api}, and the Cage connection factory it brings along: a pool of
 * the deployed adapter {@code cage-rar} (the RAR's file name), known to this application as {@code java:app/cage}.
 * {@code WEB-INF/web.xml} points the cage-ejb beans' reference {@code cage/factory} at it.
 *
 * <p>Nothing secret is written here: the servers and the login are read when the pool is created, from
 * environment variables through Payara's {@code ${ENV=...}} substitution.
 */
@ApplicationPath("api")
@ConnectionFactoryDefinition(name = "java:app/cage", resourceAdapter = "cage-rar",
    interfaceName = "dev.cage.api.CageConnectionFactory",
    transactionSupport = TransactionSupportLevel.XATransaction,
    maxPoolSize = 8,
    properties = {
        "servers=${ENV=CAGE_SERVERS}",
        "user=${ENV=CAGE_USER}",
        "secret=${ENV=CAGE_SECRET}",
    })
public class CageExampleApplication extends Application {
}
