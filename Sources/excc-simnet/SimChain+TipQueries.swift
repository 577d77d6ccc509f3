import Common

extension SimChain {
    /// Answers the chain-tip queries that exccd and exccwallet serve alike; nil for any other method.
    func answerTipQuery(_ method: String, _ raw: [JSONValue]) throws -> RPCOutcome? {
        switch method {
        case "getbestblock":
            _ = try RPCParams(raw, method: method, required: 0)
            let tip = self.tip
            return .result(["hash": .string(tip.hash), "height": .int(tip.height)])
        case "getbestblockhash":
            _ = try RPCParams(raw, method: method, required: 0)
            return .result(.string(tip.hash))
        case "getblockcount":
            _ = try RPCParams(raw, method: method, required: 0)
            return .result(.int(tip.height))
        default:
            return nil
        }
    }
}
