/// The seeded generator behind every random choice of the simulator (block hashes, lottery, purchases),
/// so a run is reproducible from `--seed`. SplitMix64: small, fast, and its state is one integer that
/// the state file can store.
struct SimRandom: RandomNumberGenerator, Codable {
    private(set) var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            var v = next()
            for _ in 0..<8 where out.count < count {
                out.append(UInt8(v & 0xff))
                v >>= 8
            }
        }
        return out
    }
}
