package dev.cage.it;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A row written in the same XA transaction as a Cage document, to show both commit or roll back together. */
@Entity
public class DocumentRecord {
    @Id
    @GeneratedValue
    private Long id;
    private String name;
    private int size;

    protected DocumentRecord() {
    }

    DocumentRecord(String name, int size) {
        this.name = name;
        this.size = size;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }
}
