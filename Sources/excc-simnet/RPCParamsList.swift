import Common

/// Raw params handed to the control methods.
struct RPCParamsList {
    let values: [JSONValue]
    init(_ values: [JSONValue]) { self.values = values }
}
