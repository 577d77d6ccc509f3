import Common

/// Decides what a wallet ticket is to the pool (SPEC §11.2 step 8, §11.5 with upstream #524): not ours
/// (no known user's multisig among its addresses), fee-valid (live), or low-fee (ignored unless
/// whitelisted). A fee-check *error* counts as low fee (C7).
struct TicketClassifier: Sendable {
    enum Outcome: Sendable, Equatable {
        case notOurs
        case classified(address: String, feeValid: Bool, detail: String)
    }

    let feeRule: FeeRule

    func classify(_ hash: String, users book: TicketBook, wallet: WalletClient, node: NodeClient) throws -> Outcome {
        let tx: WalletTransaction
        do {
            tx = try wallet.transaction(hash)
        } catch let error as RPCError where error.rpcCode == .invalidAddressOrKey {
            return .notOurs  // -5 "No information for transaction": another stakeholder's ticket
        }
        guard let address = tx.details.compactMap(\.address).first(where: { book.isUser($0) }) else { return .notOurs }
        let verdict: TicketFeeVerdict
        do {
            guard !tx.blockhash.isEmpty else {
                return .classified(address: address, feeValid: false, detail: "fee check error: ticket not mined yet")
            }
            let height = Int64(try node.blockHeader(tx.blockhash).height)
            verdict = try feeRule.evaluate(ticketHex: tx.hex, height: height)
        } catch {
            return .classified(address: address, feeValid: false, detail: "fee check error: \(error)")
        }
        switch verdict {
        case .valid:
            return .classified(address: address, feeValid: true, detail: "fee paid")
        case .unknownCommitmentAddress(let a):
            return .classified(address: address, feeValid: false, detail: "Unknown pool commitment address \(a)")
        case .feeTooLow(let paid, let required):
            return .classified(address: address, feeValid: false,
                               detail: "ticket fee too low for the pool: paid \(paid) atoms, required \(required)")
        }
    }
}
