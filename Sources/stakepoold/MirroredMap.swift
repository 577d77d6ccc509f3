import Common

/// A map built from a `RowMirror`'s rows (key → value, the row with the highest key winning a
/// duplicated map key, as a rebuild in key order does), kept up to date from each reload's changes: a
/// copy of the previous map with the few changed rows applied, instead of a rebuild of every row. A
/// change that touches a map key held by more than one row falls back to the rebuild.
struct MirroredMap<Entry: RowViewComparable, Value> {
    private(set) var map: [String: Value] = [:]
    /// Map keys held by more than one row (found by the last rebuild, or added since).
    private var duplicated: Set<String> = []
    private let mapKey: (Entry) -> String
    private let mapValue: (Entry) -> Value

    init(key: @escaping (Entry) -> String, value: @escaping (Entry) -> Value) {
        mapKey = key
        mapValue = value
    }

    /// Applies one reload's `changes`; `entries` is the mirror's content after it (for a rebuild).
    /// Returns the map keys the map did not hold before.
    mutating func apply(_ changes: RowMirror<Entry>.Changes, entries: [Entry]) -> [String] {
        var next = map
        var newKeys: [String] = []
        for e in changes.removed {
            let k = mapKey(e)
            if duplicated.contains(k) { return rebuild(entries) }
            next[k] = nil
        }
        for e in changes.added {
            let k = mapKey(e)
            if next[k] != nil { return rebuild(entries) }
            next[k] = mapValue(e)
            if map[k] == nil { newKeys.append(k) }
        }
        map = next
        return newKeys
    }

    private mutating func rebuild(_ entries: [Entry]) -> [String] {
        var next = [String: Value](minimumCapacity: entries.count)
        var seen: Set<String> = []
        for e in entries {
            let k = mapKey(e)
            if next.updateValue(mapValue(e), forKey: k) != nil { seen.insert(k) }
        }
        let newKeys = next.keys.filter { map[$0] == nil }
        map = next
        duplicated = seen
        return newKeys
    }
}
