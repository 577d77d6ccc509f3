/// A row of the original's `Users` table (SPEC §7.3). Every column is written on insert: no NULLs (R2).
public struct User: RowDecodable, Sendable, Equatable {
    /// `EmailVerified` values.
    public static let emailUnverified: Int64 = 0
    public static let emailVerifiedValue: Int64 = 1
    public static let emailGrandfathered: Int64 = 2

    public var userId: Int64 = 0
    public var email: String
    public var username: String
    public var password: [UInt8]
    public var multiSigAddress = ""
    public var multiSigScript = ""
    public var poolPubKeyAddr = ""
    public var userPubKeyAddr = ""
    public var userFeeAddr = ""
    public var heightRegistered: Int64 = 0
    public var emailVerified: Int64 = 0
    public var emailToken = ""
    public var apiToken = ""
    public var voteBits: Int64 = 1
    public var voteBitsVersion: Int64 = 0

    /// A new sign-up: Username is the email, as in the original.
    public init(email: String, password: [UInt8], emailToken: String, voteBitsVersion: Int64) {
        self.email = email
        username = email
        self.password = password
        self.emailToken = emailToken
        self.voteBitsVersion = voteBitsVersion
    }

    public init(row: Row) throws {
        userId = try row.int64("UserId")
        email = try row.string("Email")
        username = try row.string("Username")
        password = try row.bytes("Password")
        multiSigAddress = try row.string("MultiSigAddress")
        multiSigScript = try row.string("MultiSigScript")
        poolPubKeyAddr = try row.string("PoolPubKeyAddr")
        userPubKeyAddr = try row.string("UserPubKeyAddr")
        userFeeAddr = try row.string("UserFeeAddr")
        heightRegistered = try row.int64("HeightRegistered")
        emailVerified = try row.int64("EmailVerified")
        emailToken = try row.string("EmailToken")
        apiToken = try row.string("APIToken")
        voteBits = try row.int64("VoteBits")
        voteBitsVersion = try row.int64("VoteBitsVersion")
    }

    /// A user is "active" once a ticket address was created for them.
    public var isActive: Bool { !multiSigAddress.isEmpty }
}

/// The ticket address fields written when a user submits their address (SPEC §8.1).
public struct UserAddress: Sendable, Equatable {
    public var multiSigAddress: String
    public var multiSigScript: String
    public var poolPubKeyAddr: String
    public var userPubKeyAddr: String
    public var userFeeAddr: String
    public var heightRegistered: Int64

    public init(multiSigAddress: String, multiSigScript: String, poolPubKeyAddr: String, userPubKeyAddr: String,
                userFeeAddr: String, heightRegistered: Int64) {
        self.multiSigAddress = multiSigAddress; self.multiSigScript = multiSigScript
        self.poolPubKeyAddr = poolPubKeyAddr; self.userPubKeyAddr = userPubKeyAddr
        self.userFeeAddr = userFeeAddr; self.heightRegistered = heightRegistered
    }
}

/// What stakepoold needs per active user (SPEC §7.5).
public struct UserVotingPreference: RowDecodable, Sendable, Equatable {
    public let userId: Int64
    public let multiSigAddress: String
    public let voteBits: Int64
    public let voteBitsVersion: Int64

    public init(userId: Int64, multiSigAddress: String, voteBits: Int64, voteBitsVersion: Int64) {
        self.userId = userId; self.multiSigAddress = multiSigAddress
        self.voteBits = voteBits; self.voteBitsVersion = voteBitsVersion
    }

    public init(row: Row) throws {
        userId = try row.int64("UserId")
        multiSigAddress = try row.string("MultiSigAddress")
        voteBits = try row.int64("VoteBits")
        voteBitsVersion = try row.int64("VoteBitsVersion")
    }
}

/// Rows of `UsersTable.forEachVotingPreference`: UserId, MultiSigAddress, VoteBits, VoteBitsVersion.
extension UserVotingPreference: RowViewComparable {
    public var key: Int64 { userId }
    public static func key(of view: RowView) throws -> Int64 { try view.int64(at: 0) }

    public init(view: RowView) throws {
        self.init(userId: try view.int64(at: 0), multiSigAddress: try view.string(at: 1),
                  voteBits: try view.int64(at: 2), voteBitsVersion: try view.int64(at: 3))
    }

    public func matches(_ view: RowView) throws -> Bool {
        try view.int64(at: 0) == userId && view.int64(at: 2) == voteBits && view.int64(at: 3) == voteBitsVersion
            && view.bytesEqual(at: 1, multiSigAddress)
    }
}

/// Queries on `Users`.
public enum UsersTable {
    /// SPEC §7.2, exactly as the original creates it.
    public static let createStatement = """
        create table if not exists `Users` (`UserId` bigint not null primary key auto_increment, \
        `Email` varchar(255), `Username` varchar(255), `Password` mediumblob, `MultiSigAddress` varchar(255), \
        `MultiSigScript` varchar(255), `PoolPubKeyAddr` varchar(255), `UserPubKeyAddr` varchar(255), \
        `UserFeeAddr` varchar(255), `HeightRegistered` bigint, `EmailVerified` bigint, `EmailToken` varchar(255), \
        `APIToken` varchar(255), `VoteBits` bigint, `VoteBitsVersion` bigint) engine=InnoDB charset=UTF8MB4
        """

    static let columns = """
        UserId, Email, Username, Password, MultiSigAddress, MultiSigScript, PoolPubKeyAddr, UserPubKeyAddr, \
        UserFeeAddr, HeightRegistered, EmailVerified, EmailToken, APIToken, VoteBits, VoteBitsVersion
        """

    /// The largest set of valid VoteBits values `resetVoteBits` accepts (bounded statement size).
    public static let maxValidVoteBitsValues = 4096

    /// Inserts every column (`userId` is ignored) and returns the new UserId.
    @discardableResult
    public static func insert(_ u: User, on c: MySQLConnection) throws -> Int64 {
        try c.execute("""
            INSERT INTO Users (Email, Username, Password, MultiSigAddress, MultiSigScript, PoolPubKeyAddr, \
            UserPubKeyAddr, UserFeeAddr, HeightRegistered, EmailVerified, EmailToken, APIToken, VoteBits, \
            VoteBitsVersion) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, u.email, u.username, u.password, u.multiSigAddress, u.multiSigScript, u.poolPubKeyAddr,
            u.userPubKeyAddr, u.userFeeAddr, u.heightRegistered, u.emailVerified, u.emailToken, u.apiToken,
            u.voteBits, u.voteBitsVersion).lastInsertId
    }

    /// Writes every column of the row with `u.userId` (the original's full-row update).
    @discardableResult
    public static func update(_ u: User, on c: MySQLConnection) throws -> Bool {
        try c.execute("""
            UPDATE Users SET Email = ?, Username = ?, Password = ?, MultiSigAddress = ?, MultiSigScript = ?, \
            PoolPubKeyAddr = ?, UserPubKeyAddr = ?, UserFeeAddr = ?, HeightRegistered = ?, EmailVerified = ?, \
            EmailToken = ?, APIToken = ?, VoteBits = ?, VoteBitsVersion = ? WHERE UserId = ?
            """, u.email, u.username, u.password, u.multiSigAddress, u.multiSigScript, u.poolPubKeyAddr,
            u.userPubKeyAddr, u.userFeeAddr, u.heightRegistered, u.emailVerified, u.emailToken, u.apiToken,
            u.voteBits, u.voteBitsVersion, u.userId).affectedRows == 1
    }

    static let selectById = "SELECT \(columns) FROM Users WHERE UserId = ?"

    public static func find(id: Int64, on c: MySQLConnection) throws -> User? {
        try c.queryOne(User.self, selectById, id)
    }

    /// Matches under the table's collation, so case-insensitively, like the original.
    public static func find(email: String, on c: MySQLConnection) throws -> User? {
        try c.queryOne(User.self, "SELECT \(columns) FROM Users WHERE Email = ? ORDER BY UserId LIMIT 1", email)
    }

    /// An empty token matches nobody (verified users all have EmailToken = '').
    public static func find(emailToken: String, on c: MySQLConnection) throws -> User? {
        if emailToken.isEmpty { return nil }
        return try c.queryOne(User.self, "SELECT \(columns) FROM Users WHERE EmailToken = ? LIMIT 1", emailToken)
    }

    /// Marks the email of the token's user verified; false when no user holds that token.
    @discardableResult
    public static func verifyEmail(token: String, on c: MySQLConnection) throws -> Bool {
        if token.isEmpty { return false }
        return try c.execute("UPDATE Users SET EmailToken = '', EmailVerified = 1 WHERE EmailToken = ?", token)
            .affectedRows > 0
    }

    @discardableResult
    public static func setEmail(userId: Int64, email: String, on c: MySQLConnection) throws -> Bool {
        try c.execute("UPDATE Users SET Email = ? WHERE UserId = ?", email, userId).affectedRows == 1
    }

    @discardableResult
    public static func setPassword(userId: Int64, hash: [UInt8], on c: MySQLConnection) throws -> Bool {
        try c.execute("UPDATE Users SET Password = ? WHERE UserId = ?", hash, userId).affectedRows == 1
    }

    @discardableResult
    public static func setAPIToken(userId: Int64, token: String, on c: MySQLConnection) throws -> Bool {
        try c.execute("UPDATE Users SET APIToken = ? WHERE UserId = ?", token, userId).affectedRows == 1
    }

    @discardableResult
    public static func setVoteBits(userId: Int64, voteBits: Int64, on c: MySQLConnection) throws -> Bool {
        try c.execute("UPDATE Users SET VoteBits = ? WHERE UserId = ?", voteBits, userId).affectedRows == 1
    }

    /// Only a user without an address gets one: false when the user is missing or already has one, so two
    /// submissions that raced past every other check cannot overwrite each other.
    @discardableResult
    public static func setAddress(userId: Int64, _ a: UserAddress, on c: MySQLConnection) throws -> Bool {
        try c.execute("""
            UPDATE Users SET MultiSigAddress = ?, MultiSigScript = ?, PoolPubKeyAddr = ?, UserPubKeyAddr = ?, \
            UserFeeAddr = ?, HeightRegistered = ? WHERE UserId = ? AND UserPubKeyAddr = ''
            """, a.multiSigAddress, a.multiSigScript, a.poolPubKeyAddr, a.userPubKeyAddr, a.userFeeAddr,
            a.heightRegistered, userId).affectedRows == 1
    }

    public static func count(on c: MySQLConnection) throws -> Int64 {
        try c.query("SELECT COUNT(*) FROM Users").first?.int64(at: 0) ?? 0
    }

    /// The highest UserId, 0 for an empty table.
    public static func maxUserId(on c: MySQLConnection) throws -> Int64 {
        try c.query("SELECT MAX(UserId) FROM Users").first?.optionalInt64(at: 0) ?? 0
    }

    /// Users with a ticket address.
    public static func activeCount(on c: MySQLConnection) throws -> Int64 {
        try c.query("SELECT COUNT(*) FROM Users WHERE MultiSigAddress <> ''").first?.int64(at: 0) ?? 0
    }

    /// The redeem scripts to import into a wallet at start-up, with their rescan heights (SPEC §8.7).
    public static func multiSigScripts(on c: MySQLConnection) throws -> [(script: String, heightRegistered: Int64)] {
        try c.query("SELECT MultiSigScript, HeightRegistered FROM Users WHERE MultiSigAddress <> ''")
            .map { (try $0.string("MultiSigScript"), try $0.int64("HeightRegistered")) }
    }

    /// stakepoold's reload of the users' voting preferences.
    public static func votingPreferences(on c: MySQLConnection) throws -> [UserVotingPreference] {
        try c.query(UserVotingPreference.self, """
            SELECT UserId, MultiSigAddress, VoteBits, VoteBitsVersion FROM Users WHERE MultiSigAddress <> '' ORDER BY UserId
            """)
    }

    /// The same rows as `votingPreferences`, streamed in UserId order (build them with
    /// `UserVotingPreference(view:)`): stakepoold's reload of every user, without a `Row` per user.
    public static func forEachVotingPreference(on c: MySQLConnection, _ body: (RowView) throws -> Void) throws {
        try c.forEachRow("""
            SELECT UserId, MultiSigAddress, VoteBits, VoteBitsVersion FROM Users WHERE MultiSigAddress <> '' ORDER BY UserId
            """, body: body)
    }

    /// CheckAndResetUserVoteBits in two UPDATEs (C13, SPEC §9): users on another vote version move to
    /// `voteVersion` with VoteBits 1; users whose VoteBits are not in `validVoteBits` get 1.
    /// Returns the number of users whose VoteBits or VoteBitsVersion changed.
    @discardableResult
    public static func resetVoteBits(voteVersion: Int64, validVoteBits: Set<UInt16>, on c: MySQLConnection) throws -> Int64 {
        var valid = validVoteBits
        valid.insert(1)
        guard valid.count <= maxValidVoteBitsValues else {
            throw DatabaseError.invalidArgument("\(valid.count) valid VoteBits values (at most \(maxValidVoteBitsValues))")
        }
        return try c.transaction { tx in
            let moved = try tx.execute("""
                UPDATE Users SET VoteBitsVersion = ?, VoteBits = 1 WHERE VoteBitsVersion <> ? OR VoteBitsVersion IS NULL
                """, voteVersion, voteVersion).affectedRows
            let sorted = valid.sorted().map { Int64($0) }
            let placeholders = Array(repeating: "?", count: sorted.count).joined(separator: ", ")
            let reset = try tx.execute("UPDATE Users SET VoteBits = 1 WHERE VoteBits NOT IN (\(placeholders))",
                                       parameters: sorted).affectedRows
            return moved + reset
        }
    }
}
