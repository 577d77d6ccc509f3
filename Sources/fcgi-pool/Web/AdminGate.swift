/// `isAdmin` of §14.5: a signed-in user, the client IP exactly in `adminips` and the decimal user id
/// exactly in `adminuserids`. Pure, so it is tested without a server.
struct AdminGate: Sendable {
    enum Decision: Equatable {
        case allowed
        case notSignedIn
        /// The original's log line: "… failed AdminIPs check".
        case failedIPCheck(ip: String)
        /// The original's log line: "… failed adminUserIDs check".
        case failedUserIDCheck(userId: Int64)
    }

    let adminIPs: Set<String>
    let adminUserIDs: Set<String>

    init(adminIPs: [String], adminUserIDs: [String]) {
        self.adminIPs = Set(adminIPs.filter { !$0.isEmpty })
        self.adminUserIDs = Set(adminUserIDs.filter { !$0.isEmpty })
    }

    func decide(userId: Int64?, clientIP: String) -> Decision {
        guard let userId, userId > 0 else { return .notSignedIn }
        guard adminIPs.contains(clientIP) else { return .failedIPCheck(ip: clientIP) }
        guard adminUserIDs.contains(String(userId)) else { return .failedUserIDCheck(userId: userId) }
        return .allowed
    }
}
