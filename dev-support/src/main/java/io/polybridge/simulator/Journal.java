package io.polybridge.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Every API request the simulator served, in the order they were answered. */
public final class Journal {

    private final List<JournalEntry> entries = new ArrayList<>();

    synchronized void add(JournalEntry entry) {
        entries.add(entry);
    }

    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    /** The POSTs that touched this sync, replays included (check {@link JournalEntry#replayed()}). */
    public synchronized List<JournalEntry> mutations(String syncId) {
        return entries.stream().filter(e -> e.mutates(syncId)).toList();
    }

    public synchronized long count(String method, String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        return entries.stream()
                .filter(e ->
                        e.method().equals(method) && pattern.matcher(e.path()).matches())
                .count();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
