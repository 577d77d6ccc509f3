#if canImport(Glibc)
import Glibc
#endif
import Common

/// The one seam between fcgi-pool and configuration loading. Until Common's `ConfigLoader` lands this
/// reads the options the pool itself uses (key=value lines; `-C/--configfile`, `-F/--foreground`,
/// `--key=value` on the command line, which wins) and skips the web app's options.
enum PoolConfigSource {
    static func load(arguments: [String]) throws(PoolError) -> PoolConfig {
        var config = PoolConfig()
        var overrides: [(String, String)] = []
        var configFile: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "-F", "--foreground": overrides.append(("foreground", "1"))
            case "-C", "--configfile":
                guard index < arguments.count else { throw .usage("\(argument) needs a file name") }
                configFile = arguments[index]; index += 1
            default:
                guard argument.hasPrefix("--") else { throw .usage("unexpected argument \(argument)") }
                let body = argument.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    let key = String(body[..<eq])
                    if key == "configfile" { configFile = String(body[body.index(after: eq)...]); continue }
                    overrides.append((key, String(body[body.index(after: eq)...])))
                } else if index < arguments.count {
                    overrides.append((String(body), arguments[index])); index += 1
                } else {
                    throw .usage("--\(body) needs a value")
                }
            }
        }
        if let configFile {
            config.configFile = configFile
            for (key, value, line) in try readFile(configFile) {
                try apply(key, value, to: &config, source: "\(configFile):\(line)")
            }
        }
        for (key, value) in overrides { try apply(key, value, to: &config, source: "command line") }
        return config
    }

    private static func readFile(_ path: String) throws(PoolError) -> [(String, String, Int)] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .configFile(path: path, reason: PoolError.text(errno)) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        var entries: [(String, String, Int)] = []
        for (number, rawLine) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine).trimmingSpaces
            guard !line.isEmpty, !line.hasPrefix(";"), !line.hasPrefix("#"), !line.hasPrefix("[") else { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw .configFile(path: path, reason: "line \(number + 1): expected key=value")
            }
            entries.append((String(line[..<eq]).trimmingSpaces.lowercased(), String(line[line.index(after: eq)...]).trimmingSpaces, number + 1))
        }
        return entries
    }

    private static func apply(_ key: String, _ value: String, to config: inout PoolConfig, source: String) throws(PoolError) {
        func int() throws(PoolError) -> Int {
            guard let number = Int(value) else { throw .invalidOption(name: key, value: value, reason: "a whole number (\(source))") }
            return number
        }
        func double() throws(PoolError) -> Double {
            guard let number = Double(value) else { throw .invalidOption(name: key, value: value, reason: "a number of seconds (\(source))") }
            return number
        }
        func bool() -> Bool { ["", "1", "t", "T", "true", "TRUE", "True"].contains(value) }
        func list() -> [String] { value.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty } }
        switch key {
        case "listen": config.listen = value
        case "adminips": config.adminIPs += list()
        case "realipheader": config.realIPHeader = value
        case "datadir": config.dataDir = value
        case "logdir": config.logDir = value
        case "testnet": config.testnet = bool()
        case "simnet": config.simnet = bool()
        case "foreground": config.foreground = bool()
        case "poolmode": config.poolMode = value
        case "poolworkers": config.poolWorkers = try int()
        case "poolminworkers": config.poolMinWorkers = try int()
        case "poolmaxworkers": config.poolMaxWorkers = try int()
        case "poolminspare": config.poolMinSpare = try int()
        case "poolmaxspare": config.poolMaxSpare = try int()
        case "poolspawnrate": config.poolSpawnRate = try int()
        case "poolmaxrequests": config.poolMaxRequests = try int()
        case "poolmaxrss": config.poolMaxRSS = try int()
        case "poolslowrequest": config.poolSlowRequest = try double()
        case "poolrequesttimeout": config.poolRequestTimeout = try double()
        case "poolgracetime": config.poolGraceTime = try double()
        case "poolbacklog": config.poolBacklog = try int()
        case "poolsocketmode": config.poolSocketMode = value
        case "poolsocketowner": config.poolSocketOwner = value
        case "poolsocketgroup": config.poolSocketGroup = value
        case "poolallowedclients": config.poolAllowedClients = list()
        case "poolcontrolsocket": config.poolControlSocket = value
        case "poolpidfile": config.poolPIDFile = value
        case "poolmaxbody": config.poolMaxBody = try int()
        case "poollogfile": config.poolLogFile = value
        default: break   // the web app's options: validated by the full loader
        }
    }
}
