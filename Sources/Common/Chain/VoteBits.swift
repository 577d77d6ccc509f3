/// Vote-bit rules (PROTOCOL §7.3): bit 0 approves the previous block; each agenda owns a mask whose
/// value must be one of its choices; no other bit may be set.
public enum VoteBits {
    /// An agenda as the voting page offers it.
    public struct Agenda: Sendable, Equatable {
        public let id: String
        public let mask: UInt16
        /// Each choice's bits within the mask (0 = abstain).
        public let choices: [UInt16]

        public init(id: String, mask: UInt16, choices: [UInt16]) {
            self.id = id
            self.mask = mask
            self.choices = choices
        }
    }

    public static let approvePreviousBlock: UInt16 = 0x0001

    /// `IsValidVoteBits`: with no agendas only 1 is valid.
    public static func isValid(_ bits: UInt16, agendas: [Agenda]) -> Bool {
        guard bits & approvePreviousBlock != 0 else { return false }
        var allowed = approvePreviousBlock
        for agenda in agendas {
            guard agenda.choices.contains(bits & agenda.mask) else { return false }
            allowed |= agenda.choices.reduce(0, |)
        }
        return bits & ~allowed == 0
    }

    /// The node's tally: (bits & mask) >> trailing zero bits of mask.
    public static func choiceIndex(_ bits: UInt16, mask: UInt16) -> Int {
        guard mask != 0 else { return 0 }
        return Int((bits & mask) >> UInt16(mask.trailingZeroBitCount))
    }

    /// `walletinfo.votebitsextended`: the vote version as 4 little-endian bytes in hex.
    public static func extendedHex(voteVersion: UInt32) -> String {
        Hex.encode([UInt8(voteVersion & 0xff), UInt8(voteVersion >> 8 & 0xff), UInt8(voteVersion >> 16 & 0xff),
                    UInt8(voteVersion >> 24)])
    }
}
