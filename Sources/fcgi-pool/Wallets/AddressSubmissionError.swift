import Common

/// Why an address submission was refused, with the original's web flash and API code/message (SPEC §6.4,
/// §8.1, §8.2) decided here so the web and API handlers cannot drift apart.
enum AddressSubmissionError: Error, Equatable, CustomStringConvertible {
    case userNotFound(Int64)
    case alreadySubmitted
    /// Another submission for the same user (another tab, worker or API client) holds the user's lock.
    case inProgress
    case tooShort
    case tooLong
    /// Not an EXCC address of this network (C5): refused before any wallet call.
    case undecodable(AddressError)
    /// Not a secp256k1 pay-to-pubkey address (C5).
    case wrongType(AddressError)
    case ticketAddress(PoolAddressError)
    /// `validateaddress` says the derived pool address is not the wallets' (accountsyncaddressindex missing?).
    case notMine(String)
    case feeAddress(PoolAddressError)
    /// A wallet answer the flow cannot use (an undecodable pubkeyaddr, a script that differs from ours).
    case badWalletAnswer(String)
    case wallet(WalletError)
    case database(String)

    /// The flash text of the web form; nil when the original sends the user to `/error` instead.
    var webMessage: String? {
        switch self {
        case .alreadySubmitted: "Stake pool is currently limited to one address per account"
        case .inProgress: "Another address submission for this account is in progress. Wait a moment, then open the Tickets page to see its result."
        case .tooShort: "Address is too short"
        case .tooLong: "Address is too long"
        case .undecodable: "Couldn't decode address"
        case .wrongType: "Incorrect address type"
        case .ticketAddress: "Unable to derive ticket address"
        case .notMine: "Unable to validate pool ticket address"
        case .feeAddress: "Unable to derive fee address"
        case .wallet(let e) where e.isRetryable:
            "The pool's wallets could not be reached right now. Nothing was changed; please try again in a minute."
        case .database: "Unable to save the address; please try again in a minute."
        case .userNotFound, .badWalletAnswer, .wallet: nil
        }
    }

    /// The API's gRPC code and message (§6.4).
    var api: (code: Int, message: String) {
        switch self {
        case .userNotFound: (16, "address error - invalid api token")
        case .alreadySubmitted: (6, "address error - address already submitted")
        case .inProgress: (10, "address error - another address submission for this account is in progress, retry shortly")
        case .tooShort: (3, "address error - address too short")
        case .tooLong: (3, "address error - address too long")
        case .undecodable: (3, "address error - couldn't decode address")
        case .wrongType: (3, "address error - incorrect address type")
        case .database: (13, "address error - failed to store the address in the database")
        case .ticketAddress, .notMine, .feeAddress, .badWalletAnswer, .wallet:
            (14, "system error - unable to process wallet commands")
        }
    }

    var description: String {
        switch self {
        case .userNotFound(let uid): "user \(uid) not found"
        case .undecodable(let e), .wrongType(let e): "\(webMessage ?? ""): \(e)"
        case .ticketAddress(let e), .feeAddress(let e): "\(webMessage ?? ""): \(e)"
        case .notMine(let a): "pool ticket address \(a) is not in the wallets: run accountsyncaddressindex default 0 10000"
        case .badWalletAnswer(let d): "unusable wallet answer: \(d)"
        case .wallet(let e): "\(e)"
        case .database(let d): "database: \(d)"
        default: webMessage ?? "address refused"
        }
    }
}
