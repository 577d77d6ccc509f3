import Common
#if canImport(Glibc)
import Glibc
#endif

switch ConfigCommand.pool(arguments: Array(CommandLine.arguments.dropFirst())) {
case .exit(let code):
    exit(code)
case .run(let loaded):
    guard ConfigCommand.startLog(loaded, program: "fcgi-pool") else { exit(1) }
    Log.logger("EXCS").info("fcgi-pool \(Version.app) configured for \(loaded.network.rawValue); "
        + "the process manager is not built yet")
    exit(0)
}
