/// Result shapes of exccwallet calls (PROTOCOL.md §8.4, SPEC.md §18). Fields that API 8.x dropped or
/// made omitempty are optional.

/// One `version` entry, e.g. `exccwalletjsonrpcapi` → 5.0.0.
public struct APIVersion: Codable, Sendable, Equatable {
    public let versionstring: String
    public let major: Int
    public let minor: Int
    public let patch: Int
    public let prerelease: String?
    public let buildmetadata: String?

    public init(major: Int, minor: Int, patch: Int) {
        versionstring = "\(major).\(minor).\(patch)"
        self.major = major
        self.minor = minor
        self.patch = patch
        prerelease = ""
        buildmetadata = ""
    }
}

public struct WalletInfo: Codable, Sendable, Equatable {
    public let daemonconnected: Bool
    public let unlocked: Bool
    public let txfee: Double?
    public let ticketfee: Double?
    public let ticketpurchasing: Bool?
    public let votebits: UInt16
    public let votebitsextended: String
    public let voteversion: UInt32
    public let voting: Bool
}

public struct StakeInfo: Codable, Sendable, Equatable {
    public let blockheight: Int64
    public let poolsize: UInt32?
    public let difficulty: Double
    public let allmempooltix: UInt32?
    public let ownmempooltix: UInt32?
    public let immature: UInt32?
    public let live: UInt32?
    public let proportionlive: Double?
    public let voted: UInt32?
    public let totalsubsidy: Double?
    public let missed: UInt32?
    public let proportionmissed: Double?
    public let revoked: UInt32?
    public let expired: UInt32?
    public let unspent: UInt32?
    public let unspentexpired: UInt32?
}

public struct BestBlock: Codable, Sendable, Equatable {
    public let hash: String
    public let height: Int64
}

public struct ValidateAddressResult: Codable, Sendable, Equatable {
    public let isvalid: Bool
    public let address: String?
    public let ismine: Bool?
    public let iswatchonly: Bool?
    public let isscript: Bool?
    public let pubkeyaddr: String?
    public let pubkey: String?
    public let iscompressed: Bool?
    public let account: String?
    public let addresses: [String]?
    public let hex: String?
    public let script: String?
    public let sigsrequired: Int?
}

public struct MultisigResult: Codable, Sendable, Equatable {
    public let address: String
    public let redeemScript: String

    public init(address: String, redeemScript: String) {
        self.address = address
        self.redeemScript = redeemScript
    }
}

/// One ticket of `stakepooluserinfo`; `status` is live, voted, missed or expired.
public struct PoolUserTicket: Codable, Sendable, Equatable {
    public let status: String
    public let ticket: String
    public let ticketheight: UInt32
    public let spentby: String
    public let spentbyheight: UInt32
}

/// `stakepooluserinfo`; the wallet sends `null` for empty lists, read through `ticketList`/`invalidList`.
public struct StakePoolUserInfo: Codable, Sendable, Equatable {
    public let tickets: [PoolUserTicket]?
    public let invalid: [String]?

    public var ticketList: [PoolUserTicket] { tickets ?? [] }
    public var invalidList: [String] { invalid ?? [] }
}

public struct WalletScript: Codable, Sendable, Equatable {
    public let hash160: String
    public let address: String
    public let redeemscript: String

    public init(hash160: String, address: String, redeemscript: String) {
        self.hash160 = hash160
        self.address = address
        self.redeemscript = redeemscript
    }
}

public struct TransactionDetail: Codable, Sendable, Equatable {
    public let account: String?
    public let address: String?
    public let amount: Double
    public let category: String
    public let vout: UInt32
}

/// `gettransaction`: stakepoold reads the detail addresses and the raw hex.
public struct WalletTransaction: Codable, Sendable, Equatable {
    public let amount: Double
    public let confirmations: Int64
    public let blockhash: String
    public let txid: String
    public let details: [TransactionDetail]
    public let hex: String
}
