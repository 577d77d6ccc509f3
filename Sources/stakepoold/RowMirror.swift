import Common

/// The rows of one table as the last full reload read them, in key order. The next full reload reads
/// every row again and compares each with what is here in place (a merge on the key): unchanged rows
/// are taken over without allocating, and a reload that changed nothing is reported as such, so the
/// snapshot is rebuilt only from rows that really changed.
struct RowMirror<Entry: RowViewComparable> {
    /// What a reload changed: rows new or changed (their new version) and rows gone or changed (their
    /// old version).
    struct Changes {
        var added: [Entry] = []
        var removed: [Entry] = []
    }

    private(set) var entries: [Entry] = []

    /// Reads a whole result through `stream` (rows ordered by key) and makes it the new content.
    /// Returns nil when it equals the previous content. When `stream` throws, nothing changes.
    mutating func reload(_ stream: ((RowView) throws -> Void) throws -> Void) throws -> Changes? {
        let old = entries
        var next: [Entry] = []
        next.reserveCapacity(old.count + 64)
        var changes = Changes()
        var j = 0
        try stream { view in
            let key = try Entry.key(of: view)
            while j < old.count && old[j].key < key {
                changes.removed.append(old[j])
                j += 1
            }
            if j < old.count && old[j].key == key {
                let previous = old[j]
                j += 1
                if try previous.matches(view) {
                    next.append(previous)
                    return
                }
                changes.removed.append(previous)
            }
            let entry = try Entry(view: view)
            next.append(entry)
            changes.added.append(entry)
        }
        changes.removed.append(contentsOf: old[j...])
        entries = next
        return changes.added.isEmpty && changes.removed.isEmpty ? nil : changes
    }
}
