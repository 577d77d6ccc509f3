import Common
#if canImport(Glibc)
import Glibc
#endif

switch ConfigCommand.stakepoold(arguments: Array(CommandLine.arguments.dropFirst())) {
case .exit(let code):
    exit(code)
case .run(let loaded):
    guard ConfigCommand.startLog(loaded, program: "stakepoold") else { exit(1) }
    Log.logger("STPK").info("stakepoold \(Version.app) configured for \(loaded.network.rawValue); "
        + "the voting service is not built yet")
    exit(0)
}
