import Common

/// The agendas the pool offers, `chaincfg.Deployments[voteVersion]` of the original (SPEC §9, PROTOCOL §3.4).
/// Only simnet stake version 4 defines one; the wallets vote version 5 (mainnet) or 6 (testnet, simnet), so
/// with today's wallets there is nothing to vote on.
enum Deployments {
    struct Choice: Sendable, Equatable {
        let id: String
        let description: String
        let bits: UInt16
        let isAbstain: Bool
        let isNo: Bool
    }

    struct Agenda: Sendable, Equatable {
        let id: String
        let description: String
        let mask: UInt16
        let choices: [Choice]

        var rule: VoteBits.Agenda { VoteBits.Agenda(id: id, mask: mask, choices: choices.map(\.bits)) }
    }

    static let maxBlockSize = Agenda(
        id: "maxblocksize", description: "Change maximum allowed block size from 1MiB to 1.25MB", mask: 0x0006,
        choices: [Choice(id: "abstain", description: "abstain voting for change", bits: 0x0000, isAbstain: true, isNo: false),
                  Choice(id: "no", description: "reject changing max allowed block size", bits: 0x0002, isAbstain: false, isNo: true),
                  Choice(id: "yes", description: "accept changing max allowed block size", bits: 0x0004, isAbstain: false, isNo: false)])

    static func agendas(network: Network, voteVersion: UInt32) -> [Agenda] {
        network == .simnet && voteVersion == 4 ? [maxBlockSize] : []
    }

    /// Every VoteBits value valid for `agendas` (the finite set of C13's `NOT IN (…)`).
    static func validVoteBits(_ agendas: [Agenda]) -> Set<UInt16> {
        var values: Set<UInt16> = [VoteBits.approvePreviousBlock]
        for agenda in agendas {
            values = Set(values.flatMap { v in agenda.choices.map { v | $0.bits } })
        }
        return values
    }

    static func isValid(_ bits: UInt16, agendas: [Agenda]) -> Bool {
        VoteBits.isValid(bits, agendas: agendas.map(\.rule))
    }
}
