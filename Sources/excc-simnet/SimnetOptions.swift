import Foundation

/// Command-line options of `excc-simnet` (every flag is in `usage`).
struct SimnetOptions {
    var datadir = ""
    var wallets = 1
    var basePort = 0
    var rpcUser = "user"
    var rpcPass = "pass"
    var blockIntervalMs = 150_000
    var voteWindowMs: Int?
    var seed: UInt64 = 1
    var stateDir: String?
    /// With `--state`: how often the state is also written while running, so a SIGKILL loses at most this much.
    var saveIntervalMs = 10_000
    var walletAPI = 5
    var ticketMaturity: Int64 = 16
    var ticketExpiry: Int64 = 384
    var ticketPrice: Int64 = 200_000_000
    var poolFees = 7.5
    var autoBuy = 0
    var initialLive = 0
    var verbose = false
    var printXpubs = false
    var exitWithParent = false
    var help = false

    static let usage = """
    excc-simnet: a simulated EXCCoin network (one exccd + N exccwallets sharing one seed) over the real
    JSON-RPC wire protocol: HTTPS POST / and websocket /ws on 127.0.0.1, TLS with certificates generated
    at start, HTTP basic auth.

    usage: excc-simnet [options]
           excc-simnet ctl --datadir DIR [--rpcuser U --rpcpass P] METHOD [JSON-ARG ...]

    options:
      --datadir DIR          where certificates (DIR/node/rpc.cert, DIR/walletN/rpc.cert), keys and
                             DIR/ports.json are written (default: a new temporary directory)
      --wallets N            number of voting wallets, 1-16 (default 1)
      --base-port P          node on P, wallet i on P+1+i; 0 picks free ports (default 0);
                             the ports are always written to DIR/ports.json
      --rpcuser U            RPC user of every daemon (default "user")
      --rpcpass P            RPC password of every daemon (default "pass")
      --block-interval D     time between blocks: 150s, 200ms, 2m; 0 or "manual" = only simmine
                             (default 150s)
      --vote-window D        votes for a block are accepted this long after its winningtickets;
                             later ones are rejected and the ticket is missed (default: until the
                             next block)
      --seed N               seed of every random choice (block hashes, lottery) (default 1)
      --state DIR            load the chain (blocks, tickets, wallets' scripts) from DIR/chain.json
                             if present; save it there on exit, on simsave and every --save-interval
                             (faults are not saved)
      --save-interval D      with --state, also save this often while running, so a crash or
                             SIGKILL loses at most that much (default 10s; 0 = only on exit/simsave)
      --wallet-api 5|8       exccwallet JSON-RPC API generation: 5 (addticket, listscripts) or
                             8 (addtransaction, no listscripts) (default 5)
      --ticket-maturity N    blocks until a ticket is live (default 16)
      --ticket-expiry N      blocks a live ticket may wait for the lottery (default 384)
      --ticket-price ATOMS   stake difficulty (default 200000000 = 2 EXCC)
      --pool-fees PCT        pool fee the wallets check tickets against (default 7.5)
      --auto-buy N           simulated stakeholders buy N tickets per block; the simulator votes
                             those itself (source "auto") (default 0)
      --initial-live N       start with N live tickets of simulated stakeholders (default 0)
      --print-xpubs          print the voting and cold wallets' account xpubs and exit
      --exit-with-parent     shut down (as on SIGTERM) when the parent process dies (for test
                             fixtures)
      --verbose              debug logging
      -h, --help             this text

    control (JSON-RPC methods on the node port, same auth; also `excc-simnet ctl`):
      simbuyticket [count, votingaddress, feeaddress, feeamount, rewardaddress?]
                             buy tickets (mined in the next block) -> {"tickets":[hash,...]}
      simmine [n]            mine n blocks now (default 1) -> {"height":h}
      simfault [target, fault, value]
                             target "walletN": down (refuses connections), locked (unlocked
                             false, signing fails -13), disconnected (daemonconnected false,
                             forwarded calls fail -9), inconsistent (createmultisig answers the
                             keys reversed, imports are dropped, listscripts misses one),
                             tlschanged (serves DIR/walletN/rpc-changed.cert; rpc.cert stays old)
                             with value true/false; latency with value ms (a stuck daemon:
                             a websocket's requests then wait in line, pings unanswered);
                             target "node": latency (ms), dropwebsockets -> the fault state
      simticket [hash]       any ticket's chain status, whatever the fee or wallet: {"status",
                             "spentby" (vote or revocation), "spentbyheight", "minedheight"}
      simstatus              heights, live tickets, counters, requests per wallet and method
                             ("walletcalls": {"wallet0": {"walletinfo": n, ...}})
      simsave                write the state now (needs --state)

    On SIGINT/SIGTERM it saves the state (with --state) and prints a summary line:
      summary: blocks=... tickets=... votes=source:n,... misses=... expired=... block_lag_max_ms=...
    """

    static func parse(_ args: [String]) throws -> SimnetOptions {
        var o = SimnetOptions()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw SimnetError.usage("\(args[i - 1]) needs a value") }
            return args[i]
        }
        func int(_ s: String, _ name: String) throws -> Int {
            guard let v = Int(s), v >= 0 else { throw SimnetError.usage("\(name): not a non-negative integer: \(s)") }
            return v
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "--datadir": o.datadir = try value()
            case "--wallets":
                o.wallets = try int(try value(), a)
                guard (1...16).contains(o.wallets) else { throw SimnetError.usage("--wallets must be 1-16") }
            case "--base-port":
                o.basePort = try int(try value(), a)
                guard o.basePort <= 65_000 else { throw SimnetError.usage("--base-port too large") }
            case "--rpcuser": o.rpcUser = try value()
            case "--rpcpass": o.rpcPass = try value()
            case "--block-interval": o.blockIntervalMs = try parseDuration(try value(), a)
            case "--vote-window": o.voteWindowMs = try parseDuration(try value(), a)
            case "--seed":
                let s = try value()
                guard let v = UInt64(s) else { throw SimnetError.usage("--seed: not an integer: \(s)") }
                o.seed = v
            case "--state": o.stateDir = try value()
            case "--save-interval": o.saveIntervalMs = try parseDuration(try value(), a)
            case "--wallet-api":
                o.walletAPI = try int(try value(), a)
                guard o.walletAPI == 5 || o.walletAPI == 8 else { throw SimnetError.usage("--wallet-api must be 5 or 8") }
            case "--ticket-maturity": o.ticketMaturity = Int64(try int(try value(), a))
            case "--ticket-expiry": o.ticketExpiry = Int64(max(1, try int(try value(), a)))
            case "--ticket-price": o.ticketPrice = Int64(try int(try value(), a))
            case "--pool-fees":
                let s = try value()
                guard let v = Double(s), v >= 0, v <= 100 else { throw SimnetError.usage("--pool-fees: 0-100") }
                o.poolFees = v
            case "--auto-buy": o.autoBuy = try int(try value(), a)
            case "--initial-live": o.initialLive = try int(try value(), a)
            case "--print-xpubs": o.printXpubs = true
            case "--exit-with-parent": o.exitWithParent = true
            case "--verbose": o.verbose = true
            case "-h", "--help": o.help = true
            default: throw SimnetError.usage("unknown option \(a)")
            }
            i += 1
        }
        return o
    }

    /// "150s", "200ms", "2m", "1.5s", a bare number of seconds; "manual" = 0.
    static func parseDuration(_ s: String, _ name: String) throws -> Int {
        if s == "manual" { return 0 }
        let units: [(String, Double)] = [("ms", 1), ("s", 1000), ("m", 60_000)]
        for (suffix, scale) in units where s.hasSuffix(suffix) {
            if let v = Double(s.dropLast(suffix.count)), v >= 0 { return Int(v * scale) }
            throw SimnetError.usage("\(name): bad duration \(s)")
        }
        guard let v = Double(s), v >= 0 else { throw SimnetError.usage("\(name): bad duration \(s)") }
        return Int(v * 1000)
    }
}
