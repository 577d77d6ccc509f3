/// A worker's classified ticket lists of recently viewed users, each kept for the best block it was built at.
///
/// Within one block a user's `stakepooluserinfo` answer does not change (tickets are listed once mined, and
/// statuses move with blocks), so a reload or a second page view costs one `getbestblock` instead of
/// fetching, decoding and sorting up to 4 MB again. Per worker (DESIGN §3: staleness bounded by a block and
/// `maxAgeMs`), bounded by a total row budget, least recently used out first.
final class TicketListCache {
    /// Two of the largest users (20,000 tickets each) per worker: about 250 bytes a row, and as much again
    /// for the rendered lists kept with each page.
    static let defaultRowBudget = 40_000
    /// A bound on staleness for changes that come without a block (an `addticket` by an operator).
    static let defaultMaxAgeMs: Int64 = 120_000

    private struct Entry {
        let bestHash: String
        let storedMs: Int64
        let page: TicketsPage
        let rows: Int
        var lastUse: UInt64
    }

    let rowBudget: Int
    let maxAgeMs: Int64
    private var entries: [String: Entry] = [:]
    private var rows = 0
    private var uses: UInt64 = 0

    init(rowBudget: Int = defaultRowBudget, maxAgeMs: Int64 = defaultMaxAgeMs) {
        self.rowBudget = rowBudget
        self.maxAgeMs = maxAgeMs
    }

    /// Rows held now (for tests and the budget).
    var heldRows: Int { rows }
    var count: Int { entries.count }

    /// The page built for `address` at block `bestHash`, if it is still fresh.
    func page(for address: String, bestHash: String, nowMs: Int64) -> TicketsPage? {
        guard var entry = entries[address] else { return nil }
        guard entry.bestHash == bestHash, nowMs - entry.storedMs < maxAgeMs else {
            remove(address)
            return nil
        }
        uses += 1
        entry.lastUse = uses
        entries[address] = entry
        return entry.page
    }

    /// Keeps `page`, evicting the least recently used lists beyond the budget; a list larger than the whole
    /// budget is not kept.
    func store(_ page: TicketsPage, for address: String, bestHash: String, nowMs: Int64) {
        remove(address)
        let size = page.rowCount
        guard size <= rowBudget else { return }
        while rows + size > rowBudget, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
            remove(oldest)
        }
        uses += 1
        entries[address] = Entry(bestHash: bestHash, storedMs: nowMs, page: page, rows: size, lastUse: uses)
        rows += size
    }

    private func remove(_ address: String) {
        guard let old = entries.removeValue(forKey: address) else { return }
        rows -= old.rows
    }
}
