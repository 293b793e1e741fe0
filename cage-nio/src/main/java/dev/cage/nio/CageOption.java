package dev.cage.nio;

import java.nio.file.OpenOption;

/**
 * Cage's own open options. Without one, a channel opened to read shares the file with readers and writers
 * ({@code SHARED_READ}) and one opened to write shares it likewise ({@code SHARED_WRITE}).
 */
public enum CageOption implements OpenOption {
    /** Open the file {@code EXCLUSIVE}: read and write, and nobody else may open it meanwhile. */
    EXCLUSIVE
}
