import Common

/// The tickets of one user as the tickets page shows them (SPEC §12.3).
struct TicketsPage: Sendable, Equatable {
    struct Row: Sendable, Equatable {
        let ticket: String
        let ticketHeight: Int64
        let spentBy: String
        let spentByHeight: Int64
        /// A "live" ticket that has not matured yet (the wallet reports both as live).
        var immature = false
    }

    var live: [Row] = []
    var voted: [Row] = []
    var missed: [Row] = []
    var expired: [Row] = []
    /// Tickets the wallets refused (fee too low); `lowFeeAccepted` when an admin added them (C7).
    var invalid: [(ticket: String, lowFeeAccepted: Bool)] = []
    /// All voted tickets, and how many of them are older than `maxvotedage` blocks and not listed.
    var votedCount = 0
    var votedArchivedCount = 0
    var bestHeight: Int64 = 0
    /// The four lists as HTML, kept with the page (so for as long as `TicketListCache` keeps it): filled by the
    /// page handler the first time the page is shown, since rendering 20,000 rows costs far more than serving them.
    let rendered = RenderedLists()

    /// Used by one worker thread at a time, like the cache that holds the page.
    final class RenderedLists: @unchecked Sendable {
        var html: String?
        /// `PageRenderer.generation` of the templates `html` came from.
        var generation = 0
    }

    static func == (a: TicketsPage, b: TicketsPage) -> Bool {
        a.live == b.live && a.voted == b.voted && a.missed == b.missed && a.expired == b.expired
            && a.invalid.map(\.ticket) == b.invalid.map(\.ticket) && a.invalid.map(\.lowFeeAccepted) == b.invalid.map(\.lowFeeAccepted)
            && a.votedCount == b.votedCount && a.votedArchivedCount == b.votedArchivedCount && a.bestHeight == b.bestHeight
    }

    /// Sorts and filters `stakepooluserinfo` as the original: voted only within `maxVotedAge` blocks of the tip,
    /// voted and missed by spending height, live and expired as the wallet lists them.
    init(info: StakePoolUserInfo, bestHeight: Int64, maxVotedAge: Int64, ticketMaturity: Int64,
         lowFeeAccepted: Set<String> = []) {
        self.bestHeight = bestHeight
        let oldestShown = bestHeight - maxVotedAge
        live.reserveCapacity(info.ticketList.count)
        for t in info.ticketList {
            var row = Row(ticket: t.ticket, ticketHeight: Int64(t.ticketheight), spentBy: t.spentby,
                          spentByHeight: Int64(t.spentbyheight))
            switch t.status {
            case "live":
                row.immature = row.ticketHeight == 0 || bestHeight - row.ticketHeight < ticketMaturity
                live.append(row)
            case "voted":
                votedCount += 1
                if row.spentByHeight >= oldestShown { voted.append(row) } else { votedArchivedCount += 1 }
            case "missed": missed.append(row)
            case "expired": expired.append(row)
            default: break
            }
        }
        voted.sort { $0.spentByHeight < $1.spentByHeight }
        missed.sort { $0.spentByHeight < $1.spentByHeight }
        invalid = info.invalidList.map { ($0, lowFeeAccepted.contains($0)) }
    }

    init() {}

    /// Every listed row, archived voted tickets aside (what a cached page holds in memory).
    var rowCount: Int { live.count + voted.count + missed.count + expired.count + invalid.count }

    /// The `tickets` template's keys (templates/README.md), lists included.
    var templateValues: [String: TemplateValue] {
        var values = listValues
        values["TicketsInvalid"] = invalidValue
        return values
    }

    /// What `partials/ticketlists` reads: the live, voted, missed and expired rows and the voted counts.
    var listValues: [String: TemplateValue] {
        // Records sharing their names: up to 20,000 rows, each one small array instead of a dictionary.
        let liveNames = ["Ticket", "TicketHeight", "Immature"]
        let spentNames = ["Ticket", "TicketHeight", "SpentBy", "SpentByHeight"]
        func rows(_ list: [Row], spent: Bool) -> TemplateValue {
            .array(list.map { r in
                spent
                    ? .record(TemplateRecord(names: spentNames, values: [.string(r.ticket), .int(r.ticketHeight),
                                                                         .string(r.spentBy), .int(r.spentByHeight)]))
                    : .record(TemplateRecord(names: liveNames, values: [.string(r.ticket), .int(r.ticketHeight),
                                                                        .bool(r.immature)]))
            })
        }
        return [
            "TicketsLive": rows(live, spent: false), "TicketsVoted": rows(voted, spent: true),
            "TicketsMissed": rows(missed, spent: true), "TicketsExpired": rows(expired, spent: true),
            "TicketsVotedCount": .int(Int64(votedCount)), "TicketsVotedArchivedCount": .int(Int64(votedArchivedCount)),
        ]
    }

    /// The `tickets` template's keys around already rendered lists (`TicketLists`): no rows but the invalid ones.
    var summaryValues: [String: TemplateValue] {
        ["TicketsLive": .bool(!live.isEmpty), "TicketsInvalid": invalidValue]
    }

    private var invalidValue: TemplateValue {
        .array(invalid.map { .dictionary(["Ticket": .string($0.ticket), "LowFeeAccepted": .bool($0.lowFeeAccepted)]) })
    }
}
