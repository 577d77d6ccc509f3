import Common
import Foundation

/// Entry point logic: `run` (the simulator), `ctl` (a control call) and `--print-xpubs`.
enum SimnetCommand {
    nonisolated(unsafe) private static var signalPipe: [Int32] = [-1, -1]

    /// Wakes the main loop (as SIGTERM would) once this process is re-parented, i.e. its parent died.
    private static func watchParent() {
        let parent = getppid()
        let t = Thread {
            while getppid() == parent { usleep(250_000) }
            var b: UInt8 = 1
            _ = write(signalPipe[1], &b, 1)
        }
        t.name = "parent-watch"
        t.start()
    }

    static func run(_ args: [String]) -> Int32 {
        if args.first == "ctl" { return SimnetControlCommand.run(Array(args.dropFirst())) }
        let options: SimnetOptions
        do {
            options = try SimnetOptions.parse(args)
        } catch {
            FileHandle.standardError.write(Data("excc-simnet: \(error)\n".utf8))
            return 2
        }
        if options.help {
            print(SimnetOptions.usage)
            return 0
        }
        let codec: ExccCodec
        do {
            codec = try ExccCodec(seed: options.seed)
        } catch {
            FileHandle.standardError.write(Data("excc-simnet: cannot derive the wallet keys: \(error)\n".utf8))
            return 1
        }
        if options.printXpubs {
            print("votingwalletextpub=\(codec.votingExtendedPublicKey)")
            print("coldwalletextpub=\(codec.coldExtendedPublicKey)")
            return 0
        }
        SimLog.verbose = options.verbose
        var opts = options
        if opts.datadir.isEmpty {
            var template = Array("/tmp/excc-simnet-XXXXXX".utf8CString)
            guard let dir = mkdtemp(&template) else {
                FileHandle.standardError.write(Data("excc-simnet: cannot create a temporary datadir\n".utf8))
                return 1
            }
            opts.datadir = String(cString: dir)
        }
        do {
            try FileManager.default.createDirectory(atPath: opts.datadir, withIntermediateDirectories: true)
            let sim = try Simnet(options: opts, codec: codec)
            signal(SIGPIPE, SIG_IGN)
            // A parent (a test runner) may have blocked these; exec keeps the mask, so unblock them.
            var unblock = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGINT)
            sigaddset(&unblock, SIGTERM)
            sigprocmask(SIG_UNBLOCK, &unblock, nil)
            pipe(&signalPipe)
            signal(SIGINT) { _ in var b: UInt8 = 1; _ = write(SimnetCommand.signalPipe[1], &b, 1) }
            signal(SIGTERM) { _ in var b: UInt8 = 1; _ = write(SimnetCommand.signalPipe[1], &b, 1) }
            try sim.start()
            if opts.exitWithParent { watchParent() }
            SimLog.info("SIMN", "Ready; datadir \(opts.datadir)")
            var b: UInt8 = 0
            while read(signalPipe[0], &b, 1) < 0 && errno == EINTR {}
            SimLog.info("SIMN", "Shutting down")
            sim.stop()
            print(sim.summary())
            return 0
        } catch {
            FileHandle.standardError.write(Data("excc-simnet: \(error)\n".utf8))
            return 1
        }
    }
}
