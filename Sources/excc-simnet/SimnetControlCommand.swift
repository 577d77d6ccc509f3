import Common
import Foundation

/// `excc-simnet ctl --datadir DIR [--rpcuser U --rpcpass P] METHOD [JSON-ARG ...]`: one control call
/// to a running simulator's node port (found in DIR/ports.json, cert DIR/node/rpc.cert).
enum SimnetControlCommand {
    static func run(_ args: [String]) -> Int32 {
        var datadir = "", user = "user", pass = "pass"
        var rest: [String] = []
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--datadir" where i + 1 < args.count: datadir = args[i + 1]; i += 1
            case "--rpcuser" where i + 1 < args.count: user = args[i + 1]; i += 1
            case "--rpcpass" where i + 1 < args.count: pass = args[i + 1]; i += 1
            default: rest.append(args[i])
            }
            i += 1
        }
        guard !datadir.isEmpty, let method = rest.first else {
            FileHandle.standardError.write(Data("usage: excc-simnet ctl --datadir DIR METHOD [JSON-ARG ...]\n".utf8))
            return 2
        }
        do {
            guard let data = FileManager.default.contents(atPath: "\(datadir)/ports.json"),
                  let port = try JSONValue.parse(data)["node"]?.intValue else {
                throw SimnetError.usage("no \(datadir)/ports.json: is the simulator running with that --datadir?")
            }
            let params = rest.dropFirst().map { arg -> JSONValue in
                (try? JSONValue.parse(Data(arg.utf8))) ?? .string(arg)
            }
            let client = try RPCClient(endpoint: RPCEndpoint(host: "127.0.0.1", port: Int(port), user: user, password: pass,
                                                             certFile: "\(datadir)/node/rpc.cert"))
            print(try client.call(method, params).jsonText)
            return 0
        } catch {
            FileHandle.standardError.write(Data("excc-simnet ctl: \(error)\n".utf8))
            return 1
        }
    }
}
