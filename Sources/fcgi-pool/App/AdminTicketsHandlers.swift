import Common

/// `/admintickets` (SPEC §10.2): an admin whitelists low-fee tickets stakepoold ignores, or removes
/// them again. Each change writes the `LowFeeTicket` rows and a `reload-lowfee` job in one transaction
/// (D2), so every stakepoold reloads the whitelist and the job never announces rows that were not kept.
final class AdminTicketsHandlers {
    static let path = "/admintickets"
    static let errorKey = "adminTicketsError"
    static let successKey = "adminTicketsSuccess"
    /// Longest part of a submitted ticket string repeated in a flash.
    static let shownLength = 100

    private let services: AppServices
    private let renderer: PageRenderer

    init(services: AppServices, renderer: PageRenderer) {
        self.services = services
        self.renderer = renderer
    }

    /// The original's CalcEstimatedTicketExpiry: now + TicketExpiry × TargetTimePerBlock × 1.05 (§7.3).
    static func estimatedExpiry(now: Int64, params: NetworkParams) -> Int64 {
        now + Int64(Double(params.ticketExpiry * params.targetTimePerBlock) * 1.05)
    }

    // MARK: GET

    func tickets(_ ctx: RequestContext) throws -> Response {
        let db = try ctx.db.get()
        let published = IgnoredLowFeeTickets(nodes: try StakepooldNodeTable.all(on: db), nowMs: ctx.now * 1000)
        let added = try LowFeeTicketTable.votable(on: db)
        let ignored: [TemplateValue] = published.tickets.map {
            ["TicketHash": .string($0.hash), "TicketAddress": .string($0.address)]
        }
        let addedRows: [TemplateValue] = added.map {
            ["TicketHash": .string($0.ticketHash), "TicketAddress": .string($0.ticketAddress),
             "AddedByUid": .int($0.addedByUid)]
        }
        let nodes: [TemplateValue] = published.liveNodes.map {
            ["NodeName": .string($0.nodeName), "LiveCount": .int($0.liveCount), "IgnoredCount": .int($0.ignoredCount),
             "AddedCount": .int($0.addedCount), "LastJobId": .int($0.lastJobId)]
        }
        let stale: [TemplateValue] = published.staleNodes.map { ["NodeName": .string($0.name), "Age": .int($0.age)] }
        let unreadable: [TemplateValue] = published.unreadableNodes.map {
            ["NodeName": .string($0.name), "Reason": .string($0.reason)]
        }
        return try renderer.page(ctx, "admin/tickets", title: "EXCCoin Stake Pool - Add Low Fee Tickets", flag: "IsAdminTickets",
                                 flashes: FlashKeys(error: Self.errorKey, success: Self.successKey),
                                 values: ["IgnoredLowFeeTickets": .array(ignored), "AddedLowFeeTickets": .array(addedRows),
                                          "IgnoredCount": .int(Int64(ignored.count)), "AddedCount": .int(Int64(addedRows.count)),
                                          "Stakepoolds": .array(nodes), "StaleStakepoolds": .array(stale),
                                          "UnreadableStakepoolds": .array(unreadable),
                                          "NoLiveStakepoold": .bool(published.liveNodes.isEmpty),
                                          "StaleAfterSeconds": .int(IgnoredLowFeeTickets.staleAfterMs / 1000)])
    }

    // MARK: POST

    func ticketsPost(_ ctx: RequestContext) throws -> Response {
        let tickets = Self.distinct(ctx.form.values("tickets[]"))
        guard let admin = ctx.user else { return .redirect(Self.path) }
        if tickets.isEmpty {
            try ctx.addFlash(Self.errorKey, "no tickets selected to modify")
        } else {
            switch ctx.form["action"] {
            case "Add": try add(tickets, by: admin.userId, ctx)
            case "Remove": try remove(tickets, by: admin.userId, ctx)
            default: try ctx.addFlash(Self.errorKey, "invalid or unknown form action type")
            }
        }
        return .redirect(Self.path)
    }

    /// Adds the selected tickets a live stakepoold still ignores; one that left the list meanwhile
    /// (voted, expired, or added by another admin) is named and skipped.
    private func add(_ tickets: [String], by adminId: Int64, _ ctx: RequestContext) throws {
        let db = try ctx.db.get()
        let published: IgnoredLowFeeTickets
        do {
            published = IgnoredLowFeeTickets(nodes: try StakepooldNodeTable.all(on: db), nowMs: ctx.now * 1000)
        } catch {
            ctx.log.error("req=\(ctx.requestID) reading StakepooldNode: \(error)")
            return try ctx.addFlash(Self.errorKey, "GetIgnoredLowFeeTickets error: the stakepoold state could not be read")
        }
        guard !published.liveNodes.isEmpty else {
            return try ctx.addFlash(Self.errorKey, "GetIgnoredLowFeeTickets error: no stakepoold has published its state "
                                    + "in the last \(IgnoredLowFeeTickets.staleAfterMs / 1000) seconds")
        }
        var hashes: [String] = []
        for ticket in tickets {
            switch TicketHashText.normalized(ticket) {
            case .success(let hash): hashes.append(hash)
            case .failure(let error):
                return try ctx.addFlash(Self.errorKey, "NewHashFromStr failed for \(Self.shown(ticket)): \(error.message)")
            }
        }
        let network = Network(rawValue: services.networkName) ?? .mainnet
        let expires = Self.estimatedExpiry(now: ctx.now, params: network.params)
        var rows: [LowFeeTicket] = []
        for hash in Self.distinct(hashes) {
            guard let address = published.address(of: hash) else {
                try ctx.addFlash(Self.errorKey, "ticket \(hash) is no longer present")
                continue
            }
            rows.append(LowFeeTicket(addedByUid: adminId, ticketAddress: address, ticketHash: hash, created: ctx.now, expires: expires))
        }
        guard !rows.isEmpty else { return }
        var failure = ""
        do {
            let jobId = try db.transaction { tx in
                for row in rows {
                    failure = "Database error occurred while adding ticket \(row.ticketHash)"
                    try LowFeeTicketTable.insert(row, on: tx)
                }
                failure = Self.jobFailure
                return try StakepooldJobTable.insert(kind: .reloadLowFee, createdBy: "admin:\(adminId)",
                                                     payload: "add " + rows.map(\.ticketHash).joined(separator: ","),
                                                     now: ctx.now * 1000, on: tx)
            }
            ctx.log.info("req=\(ctx.requestID) admin \(adminId) added \(rows.count) low-fee ticket(s); job \(jobId)")
            try ctx.addFlash(Self.successKey, "successfully added \(rows.count) ticket(s)")
        } catch {
            ctx.log.error("req=\(ctx.requestID) admin \(adminId) adding low-fee tickets, nothing changed: \(error)")
            try ctx.addFlash(Self.errorKey, failure)
        }
    }

    /// Deletes every row of each selected hash with bound parameters (C6); a hash with no row left
    /// (removed by another admin meanwhile) is named.
    private func remove(_ tickets: [String], by adminId: Int64, _ ctx: RequestContext) throws {
        let db = try ctx.db.get()
        var failure = ""
        do {
            let (removed, missing, jobId) = try db.transaction { tx -> ([String], [String], Int64?) in
                failure = "Database error occurred while removing tickets"
                var removed: [String] = [], missing: [String] = []
                for ticket in tickets {
                    if try LowFeeTicketTable.delete(hashes: [ticket], on: tx) > 0 { removed.append(ticket) } else { missing.append(ticket) }
                }
                guard !removed.isEmpty else { return (removed, missing, nil) }
                failure = Self.jobFailure
                let jobId = try StakepooldJobTable.insert(kind: .reloadLowFee, createdBy: "admin:\(adminId)",
                                                          payload: "remove " + removed.joined(separator: ","),
                                                          now: ctx.now * 1000, on: tx)
                return (removed, missing, jobId)
            }
            for ticket in missing { try ctx.addFlash(Self.errorKey, "ticket \(Self.shown(ticket)) is no longer present") }
            guard let jobId else { return }
            ctx.log.info("req=\(ctx.requestID) admin \(adminId) removed \(removed.count) low-fee ticket(s); job \(jobId)")
            try ctx.addFlash(Self.successKey, "successfully removed \(removed.count) ticket(s)")
        } catch {
            ctx.log.error("req=\(ctx.requestID) admin \(adminId) removing low-fee tickets, nothing changed: \(error)")
            try ctx.addFlash(Self.errorKey, failure)
        }
    }

    /// The original flashed "StakepooldUpdateAll error: …" when the push failed; here the job insert
    /// failing rolls the rows back with it, so the admin learns nothing changed (SPEC §10.2 left it open).
    static let jobFailure = "StakepooldUpdateAll error: the stakepoold reload job could not be queued, so no ticket was changed"

    private static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    private static func shown(_ ticket: String) -> String {
        ticket.count <= shownLength ? ticket : String(ticket.prefix(shownLength)) + "…"
    }
}
