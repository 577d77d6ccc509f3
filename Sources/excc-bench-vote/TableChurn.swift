import Common
import Foundation
import TestSupport

/// The changes the benchmark makes before each job, as the web app would: a reload-users job follows one
/// user's new vote bits, a reload-all job also one low-fee ticket removed and another added (the table
/// keeps its size). So every reload applies real changes instead of re-reading identical tables.
final class TableChurn: @unchecked Sendable {
    private let lock = NSLock()
    private let users: ClosedRange<Int64>
    private var lowFeeHashes: [String]

    init(firstSyntheticUser: Int64, lastUser: Int64, lowFeeHashes: [String]) {
        users = firstSyntheticUser...max(firstSyntheticUser, lastUser)
        self.lowFeeHashes = lowFeeHashes
    }

    func change(_ kind: StakepooldJobKind, on c: MySQLConnection) throws {
        _ = try UsersTable.setVoteBits(userId: Int64.random(in: users), voteBits: [1, 5, 9, 13].randomElement()!, on: c)
        guard kind != .reloadUsers else { return }
        let added = try Self.insertLowFeeRow(on: c)
        let removed: String? = lock.withLock {
            guard !lowFeeHashes.isEmpty else {
                lowFeeHashes.append(added)
                return nil
            }
            let i = Int.random(in: lowFeeHashes.indices)
            defer { lowFeeHashes[i] = added }
            return lowFeeHashes[i]
        }
        if let removed { try LowFeeTicketTable.delete(hashes: [removed], on: c) }
    }

    /// One whitelisted row for a random ticket hash (valid for a day); returns the hash.
    static func insertLowFeeRow(on c: MySQLConnection) throws -> String {
        let now = Int64(Date().timeIntervalSince1970)
        let hash = Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
        try LowFeeTicketTable.insert(LowFeeTicket(addedByUid: 1, ticketAddress: SimnetKeys.randomAddress(script: true),
                                                  ticketHash: hash, created: now, expires: now + 86_400), on: c)
        return hash
    }
}
