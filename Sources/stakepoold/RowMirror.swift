import Common

/// The rows of one table as the last full reload read them, in key order. The next full reload reads
/// every row again and compares each with what is here in place (a merge on the key): unchanged rows
/// are taken over without allocating, and a reload that changed nothing is reported as such, so the
/// snapshot is rebuilt only from rows that really changed.
struct RowMirror<Entry: RowViewComparable> {
    private(set) var entries: [Entry] = []

    /// Reads a whole result through `stream` (rows ordered by key) and makes it the new content.
    /// Returns nil when it equals the previous content, else the rows that are new or changed (rows
    /// that disappeared are simply absent from `entries`). When `stream` throws, nothing changes.
    mutating func reload(_ stream: ((RowView) throws -> Void) throws -> Void) throws -> [Entry]? {
        let old = entries
        var next: [Entry] = []
        next.reserveCapacity(old.count + 64)
        var fresh: [Entry] = []
        var j = 0
        var changed = false
        try stream { view in
            let key = try Entry.key(of: view)
            while j < old.count && old[j].key < key {
                j += 1
                changed = true
            }
            if j < old.count && old[j].key == key {
                let previous = old[j]
                j += 1
                if try previous.matches(view) {
                    next.append(previous)
                    return
                }
            }
            let entry = try Entry(view: view)
            next.append(entry)
            fresh.append(entry)
            changed = true
        }
        if j < old.count { changed = true }
        entries = next
        return changed ? fresh : nil
    }
}
