import Foundation

/// The JSON-RPC 1.0 envelopes of exccd/exccwallet (PROTOCOL.md §8.2). Every request, response and
/// notification text in the project is built and parsed here, in Go's field order.
public enum RPCEnvelope {
    /// `{"jsonrpc":"1.0","method":…,"params":[…],"id":n}`.
    public static func request(method: String, params: [JSONValue], id: Int64) -> String {
        var out = "{\"jsonrpc\":\"1.0\",\"method\":"
        JSONValue.writeString(method, to: &out)
        out += ",\"params\":"
        JSONValue.array(params).write(to: &out)
        out += ",\"id\":\(id)}"
        return out
    }

    /// A success (`error` null) or failure (`result` null) response echoing the request's id.
    public static func response(result: JSONValue, error: RPCErrorObject?, id: JSONValue,
                                jsonrpc: String = "1.0") -> String {
        var out = "{\"jsonrpc\":"
        JSONValue.writeString(jsonrpc, to: &out)
        out += ",\"result\":"
        (error == nil ? result : .null).write(to: &out)
        out += ",\"error\":"
        if let error {
            out += "{\"code\":\(error.code),\"message\":"
            JSONValue.writeString(error.message, to: &out)
            out += "}"
        } else {
            out += "null"
        }
        out += ",\"id\":"
        id.write(to: &out)
        out += "}"
        return out
    }

    /// A success response around a result the server keeps already encoded (`encodedResult` must be valid JSON).
    public static func response(encodedResult: String, id: JSONValue, jsonrpc: String = "1.0") -> String {
        var out = "{\"jsonrpc\":"
        JSONValue.writeString(jsonrpc, to: &out)
        out.reserveCapacity(encodedResult.utf8.count + 64)
        out += ",\"result\":"
        out += encodedResult
        out += ",\"error\":null,\"id\":"
        id.write(to: &out)
        out += "}"
        return out
    }

    /// A server → client notification: `{"jsonrpc":"1.0","method":…,"params":[…],"id":null}`.
    public static func notification(method: String, params: [JSONValue]) -> String {
        var out = "{\"jsonrpc\":\"1.0\",\"method\":"
        JSONValue.writeString(method, to: &out)
        out += ",\"params\":"
        JSONValue.array(params).write(to: &out)
        out += ",\"id\":null}"
        return out
    }

    /// Decodes a response body into `T`, turning an error object into `RPCError.rpc`.
    public static func decodeResult<T: Decodable>(_ data: Data, method: String, as type: T.Type) throws -> T {
        if T.self == StakePoolUserInfo.self, let fast = StakePoolUserInfoScanner.parse(data) as? T { return fast }
        let envelope: ResponseBody<T>
        do {
            envelope = try JSONDecoder().decode(ResponseBody<T>.self, from: data)
        } catch {
            throw RPCError.malformedResponse(method: method, detail: describe(error, body: data))
        }
        if let err = envelope.error {
            throw RPCError.rpc(method: method, code: err.code, message: err.message)
        }
        if let result = envelope.result { return result }
        if let null = JSONValue.null as? T { return null }
        if let none = RPCNull() as? T { return none }
        throw RPCError.malformedResponse(method: method, detail: "result is null")
    }

    /// Reads what the server or the websocket reader needs to route a message: id, method, params.
    public static func parseIncoming(_ data: Data) throws -> RPCIncoming {
        try JSONDecoder().decode(RPCIncoming.self, from: data)
    }

    private static func describe(_ error: Error, body: Data) -> String {
        let prefix = String(decoding: body.prefix(120), as: UTF8.self)
        if case DecodingError.typeMismatch(_, let ctx) = error {
            return "unexpected type at \(ctx.codingPath.map(\.stringValue).joined(separator: ".")) in: \(prefix)"
        }
        if case DecodingError.keyNotFound(let key, let ctx) = error {
            let path = (ctx.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            return "missing field \(path) in: \(prefix)"
        }
        return "not a JSON-RPC response: \(prefix)"
    }

    private struct ResponseBody<T: Decodable>: Decodable {
        let result: T?
        let error: RPCErrorObject?
    }
}
