package dev.cage.api;

/** What a directory entry is. Symbolic links are reported as what they point to, if it lies inside the root. */
public enum FileType {
    FILE, DIRECTORY, OTHER
}
