import Common

/// What /stats and `/api/v*/stats` show (§15.2, §6.4): the wallets' `getstakeinfo` plus the pool's fields.
struct PoolStats: Sendable, Equatable {
    let stakeInfo: StakeInfo
    let userCount: Int64
    let userCountActive: Int64
    let network: String
    let poolEmail: String
    let poolFees: Double
    let poolStatus: String
    let version: String

    /// `data` of the API's `stats`, keys in the original's order.
    var apiData: OrderedJSON {
        let s = stakeInfo
        func u(_ v: UInt32?) -> OrderedJSON { .int(Int64(v ?? 0)) }
        return .object([
            ("AllMempoolTix", u(s.allmempooltix)), ("APIVersionsSupported", .array([.int(1), .int(2)])),
            ("BlockHeight", .int(s.blockheight)), ("Difficulty", .double(s.difficulty)), ("Expired", u(s.expired)),
            ("Immature", u(s.immature)), ("Live", u(s.live)), ("Missed", u(s.missed)), ("OwnMempoolTix", u(s.ownmempooltix)),
            ("PoolSize", u(s.poolsize)), ("ProportionLive", .double(s.proportionlive ?? 0)),
            ("ProportionMissed", .double(s.proportionmissed ?? 0)), ("Revoked", u(s.revoked)),
            ("TotalSubsidy", .double(s.totalsubsidy ?? 0)), ("Voted", u(s.voted)), ("Network", .string(network)),
            ("PoolEmail", .string(poolEmail)), ("PoolFees", .double(poolFees)), ("PoolStatus", .string(poolStatus)),
            ("UserCount", .int(userCount)), ("UserCountActive", .int(userCountActive)), ("Version", .string(version)),
        ])
    }

    /// The `stats` template's keys; the charts are drawn on the server (`StatsChart`).
    var templateValues: [String: TemplateValue] {
        let s = stakeInfo
        func u(_ v: UInt32?) -> TemplateValue { .int(Int64(v ?? 0)) }
        let info: [String: TemplateValue] = [
            "Immature": u(s.immature), "Live": u(s.live), "Voted": u(s.voted), "Missed": u(s.missed),
            "Expired": u(s.expired), "Revoked": u(s.revoked), "ProportionMissed": .double(s.proportionmissed ?? 0),
            "PoolSize": u(s.poolsize), "AllMempoolTix": u(s.allmempooltix), "ProportionLive": .double(s.proportionlive ?? 0),
            "Difficulty": .double(s.difficulty), "TotalSubsidy": .double(s.totalsubsidy ?? 0), "BlockHeight": .int(s.blockheight),
        ]
        return ["StakeInfo": .dictionary(info), "UserCount": .int(userCount), "UserCountActive": .int(userCountActive),
                "Network": .string(network), "PoolFees": .double(poolFees), "PoolStatus": .string(poolStatus),
                "PoolEmail": .string(poolEmail), "Charts": .array(charts)]
    }

    /// The three pie charts of the original's stats page, as parts with percentages.
    var charts: [TemplateValue] {
        let s = stakeInfo
        func chart(_ title: String, _ parts: [(String, Int64)]) -> TemplateValue {
            let total = parts.reduce(0) { $0 + $1.1 }
            return .dictionary(["Title": .string(title), "Parts": .array(parts.map { label, value in
                .dictionary(["Label": .string(label), "Value": .int(value),
                             "Percent": .double(total == 0 ? 0 : (Double(value) * 1000 / Double(total)).rounded() / 10)])
            })])
        }
        let live = Int64(s.live ?? 0)
        return [chart("Missed vs Voted", [("Missed", Int64(s.missed ?? 0)), ("Voted", Int64(s.voted ?? 0))]),
                chart("Immature vs Live", [("Immature", Int64(s.immature ?? 0)), ("Live", live)]),
                chart("Pool Live vs Network Pool Size", [("Pool", live), ("Network", max(0, Int64(s.poolsize ?? 0) - live))])]
    }
}
